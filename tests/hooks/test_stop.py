"""Stop: the team leader may not end its turn while the batch is neither complete nor failed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.hooks.payloads import background
from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo


def test_no_run_allows_silently(hooks: Hooks) -> None:
    run = hooks.stop()
    assert run.code == 0 and run.silent, run.describe()


@pytest.mark.parametrize("stop_hook_active", [False, True], ids=["first-stop", "stop-hook-active"])
def test_assigned_batch_blocks_with_the_next_commands(active: Hooks, stop_hook_active: bool) -> None:
    run = active.stop(stop_hook_active=stop_hook_active)
    assert run.blocked, run.describe()
    assert "batch 1 of T1 is assigned but not verified" in run.reason
    assert "complete T1`" in run.reason and "fail T1 --reason" in run.reason, run.reason
    assert "run_in_background: false" in run.reason


@pytest.mark.parametrize(
    "tasks",
    [
        pytest.param([background("backend-developer")], id="backend-developer-running"),
        pytest.param([background("Explore"), background("backend-developer")], id="among-others"),
        pytest.param([background("batchgate:backend-developer")], id="plugin-named-developer"),
    ],
)
def test_developer_still_running_in_background_allows(active: Hooks, tasks: list[dict[str, Any]]) -> None:
    run = active.stop(background_tasks=tasks)
    assert run.code == 0 and not run.blocked and run.silent, run.describe()


@pytest.mark.parametrize(
    "tasks",
    [
        pytest.param([background("backend-developer", status="completed")], id="developer-completed"),
        pytest.param([background("Explore")], id="only-another-agent-running"),
        pytest.param([background("frontend-developer")], id="developer-of-another-role"),
        pytest.param([{"id": "b1", "type": "shell", "status": "running", "command": "sleep 9"}], id="a-shell-task"),
        pytest.param("running", id="not-a-list"),
        pytest.param(["backend-developer"], id="entries-not-objects"),
    ],
)
def test_no_gated_developer_running_still_blocks(active: Hooks, tasks: object) -> None:
    run = active.stop(background_tasks=tasks)
    assert run.blocked and "complete T1`" in run.reason, run.describe()


def test_verified_batch_blocks_asking_for_complete(br: BatchRepo, active: Hooks) -> None:
    br.honest_work()
    assert br.verify().ok
    run = active.stop()
    assert run.blocked, run.describe()
    assert "batch 1 of T1 is verified but not marked complete" in run.reason
    assert "complete T1`" in run.reason and "fail T1" not in run.reason


def test_after_complete_allows(br: BatchRepo, active: Hooks) -> None:
    br.honest_work()
    done = br.cli("complete", "T1")
    assert done.code == 0, done.stderr
    run = active.stop()
    assert run.code == 0 and run.silent, run.describe()


def test_after_fail_allows(br: BatchRepo, active: Hooks) -> None:
    failed = br.cli("fail", "T1", "--reason", "the API it needs does not exist")
    assert failed.code == 0, failed.stderr
    run = active.stop()
    assert run.code == 0 and run.silent, run.describe()


def blocks_before_release(hooks: Hooks, env: dict[str, str] | None = None, limit: int = 20) -> int:
    """Stop repeatedly (stop_hook_active after the first); how many blocked before one was allowed."""
    for count in range(limit):
        run = hooks.stop(env=env, stop_hook_active=count > 0)
        if not run.blocked:
            assert "held" in run.message and "letting it end" in run.message, run.describe()
            assert run.message in run.stderr
            return count
    raise AssertionError(f"still blocking after {limit} stops")


@pytest.mark.parametrize(
    ("cap", "blocks"),
    [
        pytest.param(None, 7, id="default-cap-8"),
        pytest.param("3", 2, id="cap-3"),
        pytest.param("1", 1, id="cap-1"),
        pytest.param("20", 7, id="higher-cap-keeps-7"),
        pytest.param("0", 7, id="cap-0-disables-claude-cap"),
        pytest.param("lots", 7, id="cap-not-a-number"),
    ],
)
def test_consecutive_blocks_end_before_claude_codes_cap(active: Hooks, cap: str | None, blocks: int) -> None:
    env = {} if cap is None else {"CLAUDE_CODE_STOP_HOOK_BLOCK_CAP": cap}
    assert blocks_before_release(active, env) == blocks


def test_a_release_starts_a_new_series(active: Hooks) -> None:
    env = {"CLAUDE_CODE_STOP_HOOK_BLOCK_CAP": "3"}
    assert blocks_before_release(active, env) == 2
    assert active.run_file()["stop_blocks"] == 0  # type: ignore[index]
    assert active.stop(env=env).blocked


def test_developer_running_resets_the_series(active: Hooks) -> None:
    env = {"CLAUDE_CODE_STOP_HOOK_BLOCK_CAP": "3"}
    assert active.stop(env=env).blocked
    assert not active.stop(env=env, background_tasks=[background()]).blocked
    assert active.run_file()["stop_blocks"] == 0  # type: ignore[index]
    assert blocks_before_release(active, env) == 2
