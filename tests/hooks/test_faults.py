"""Faults around the hooks: the repository gone, run.json corrupt, a gate or the engine that crashes.

Policy (CONTRACT.md §5): a gated developer's stop during an active run fails
closed — it is blocked, at most `retries` times, then let go with a message
saying the batch is NOT verified. Every other hook fails open, with a message.
Stop and SessionStart decide from run.json alone, so an engine fault cannot
reach them.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hooks.payloads import bash_input
from tests.hooks.support import (
    EVENTS,
    HELD_NORMALLY,
    PYTHON3,
    HookRun,
    Hooks,
    one_line_message,
    run_hook_in_deleted_folder,
)
from tests.support.batchrepo import BatchRepo
from tests.support.gitrepo import GitRepo

# -- the repository gone -------------------------------------------------------------


@pytest.mark.parametrize("event", EVENTS)
def test_repository_deleted_under_the_hook_fails_open(active: Hooks, event: str) -> None:
    run = run_hook_in_deleted_folder(event, active.payload(event), active.root, active.br.home)
    assert run.code == 0 and not run.held, run.describe()
    assert "does not exist" in one_line_message(run)


@pytest.mark.parametrize("event", EVENTS)
def test_payload_cwd_gone_falls_back_to_the_project_dir(active: Hooks, event: str) -> None:
    payload = {**active.payload(event), "cwd": str(active.root / "deleted-worktree")}
    run = active.run(event, payload)
    assert run.held == HELD_NORMALLY[event], run.describe()
    assert "is not a folder" in one_line_message(run)


@pytest.mark.parametrize("event", EVENTS)
def test_payload_cwd_in_another_repository_does_not_escape_the_run(active: Hooks, event: str, tmp_path: Path) -> None:
    """The developer `cd`s into another repository (or a nested one) and stops there: still held."""
    other = GitRepo.create(tmp_path / "elsewhere")
    run = active.run(event, {**active.payload(event), "cwd": str(other.root)})
    assert run.held == HELD_NORMALLY[event], run.describe()
    assert (run.context != "") == (event == "SessionStart"), run.describe()


# -- run.json corrupt ------------------------------------------------------------------


def corruptions(run: dict[str, object]) -> dict[str, bytes]:
    """Ways run.json can be broken, derived from a real one."""

    def with_(**fields: object) -> bytes:
        return json.dumps({**run, **fields}).encode()

    missing = {k: v for k, v in run.items() if k != "task_id"}
    return {
        "garbage-bytes": b"\x00\xff\x13garbage\x9c",
        "truncated": json.dumps(run).encode()[:40],
        "json-array": b"[]",
        "format-2": with_(format=2),
        "no-task_id": json.dumps(missing).encode(),
        "retries-a-string": with_(retries="3"),
        "agents-a-string": with_(agents="backend-developer"),
        "agents-not-names": with_(agents=[{"name": "backend-developer"}]),
        "unknown-state": with_(state="running"),
        "stop_blocks-a-boolean": with_(stop_blocks=True),
    }


CORRUPTIONS = list(corruptions({"format": 1, "task_id": "T1"}))


def corrupt_run_file(active: Hooks, kind: str) -> None:
    path = active.root / ".git" / "batchgate" / "run.json"
    current = json.loads(path.read_text(encoding="utf-8"))
    path.unlink()
    if kind == "a-folder":
        path.mkdir()
    else:
        path.write_bytes(corruptions(current)[kind])


@pytest.mark.parametrize("event", [e for e in EVENTS if e != "SubagentStop"])
@pytest.mark.parametrize("kind", [*CORRUPTIONS, "a-folder"])
def test_corrupt_run_file_fails_open_saying_how_to_start_afresh(active: Hooks, event: str, kind: str) -> None:
    corrupt_run_file(active, kind)
    run = active.run(event, active.payload(event))
    assert run.code == 0 and not run.held, run.describe()
    line = one_line_message(run)
    assert "run state is unreadable" in line and "batchgate assign" in line, run.describe()


@pytest.mark.parametrize("kind", [*CORRUPTIONS, "a-folder"])
def test_corrupt_run_file_blocks_the_gated_developer_it_held(active: Hooks, kind: str) -> None:
    """batchgate's per-user record says a run holds backend-developer: an unreadable run state frees nobody."""
    corrupt_run_file(active, kind)
    run = active.subagent_stop()
    assert run.blocked, run.describe()
    assert "the run state was changed outside batchgate" in run.reason, run.describe()
    assert "run state is unreadable" in one_line_message(run), run.describe()
    other = active.subagent_stop("Explore")
    assert other.code == 0 and not other.blocked, other.describe()


# -- a gate, or the engine, that crashes ---------------------------------------------


def build_tool_missing(br: BatchRepo) -> dict[str, str]:
    """The rules recorded at assignment name a build tool that is not installed."""
    from batchgate.evidence.runstate import load_run, save_run

    state = str(br.root / ".git" / "batchgate")
    run = load_run(state)
    assert run is not None and run.rules is not None
    run.rules["build"]["command"] = ["no-such-build-tool-xyz"]
    save_run(state, run)
    return {}


def tasks_md_a_folder(br: BatchRepo) -> dict[str, str]:
    br.plan_path.unlink()
    br.plan_path.mkdir()
    return {}


def tasks_md_a_symlink_loop(br: BatchRepo) -> dict[str, str]:
    br.plan_path.unlink()
    os.symlink(br.plan_path.name, br.plan_path)
    return {}


def tasks_md_unreadable(br: BatchRepo) -> dict[str, str]:
    if os.geteuid() == 0:
        pytest.skip("chmod 000 does not stop root from reading; the folder and symlink-loop cases cover this")
    br.plan_path.chmod(0)
    return {}


def config_invalid(br: BatchRepo) -> dict[str, str]:
    """Invalid YAML written during the run: the recorded rules still apply; the protected gate names the file."""
    br.write_config("retries: [1, 2\n")
    return {}


def engine_missing(br: BatchRepo) -> dict[str, str]:
    code = "import sys, importlib.util as u; sys.exit(all(u.find_spec(m) for m in ('git', 'yaml', 'mistune')))"
    if subprocess.run([PYTHON3, "-c", code], check=False).returncode:
        pytest.skip(f"{PYTHON3} has the engine's dependencies itself, so it never looks for the environment")
    return {"BATCHGATE_VENV": str(br.home / "no-such-venv")}


def git_head_corrupt(br: BatchRepo) -> dict[str, str]:
    (br.root / ".git" / "HEAD").write_text("garbage\n", encoding="utf-8")
    return {}


Fault = Callable[[BatchRepo], dict[str, str]]
# The fault; what the developer's stop, `git commit -m x` before and after it get: held (blocked, the
# message says why), "fault" (allowed, "could not decide"), or "as-usual".
FAULTS = [
    pytest.param(build_tool_missing, ("build COULD NOT CHECK", "as-usual", "as-usual"), id="build-tool-missing"),
    pytest.param(tasks_md_a_folder, ("could not decide", "fault", "as-usual"), id="tasks-md-a-folder"),
    pytest.param(tasks_md_a_symlink_loop, ("could not decide", "fault", "as-usual"), id="tasks-md-symlink-loop"),
    pytest.param(tasks_md_unreadable, ("could not decide", "fault", "as-usual"), id="tasks-md-chmod-000"),
    pytest.param(config_invalid, ("protected FAILED", "as-usual", "as-usual"), id="config-invalid-during-the-run"),
    pytest.param(engine_missing, ("could not decide", "fault", "fault"), id="engine-environment-missing"),
    pytest.param(git_head_corrupt, ("could not decide", "fault", "fault"), id="git-HEAD-corrupt"),
]


@pytest.fixture
def committed(br: BatchRepo) -> BatchRepo:
    """Batch 1 assigned and committed (tasks.md not updated): the stop fails, a commit was made."""
    br.assign()
    br.do_task_work()
    br.commit_batch()
    return br


def assert_as_expected(run: HookRun, expected: str, held_normally: bool) -> None:
    if expected == "fault":
        assert run.code == 0 and not run.held, run.describe()
        assert "could not decide" in one_line_message(run), run.describe()
    elif expected == "as-usual":
        assert run.held == held_normally and "could not decide" not in run.said, run.describe()
    else:
        assert run.blocked, run.describe()
        assert expected in run.reason, run.describe()
        assert run.reason.rstrip().endswith("with the commit SHA.") or "repeat your final report" in run.reason


@pytest.mark.parametrize(("fault", "expected"), FAULTS)
def test_a_crashing_gate_or_engine_follows_the_policy(
    committed: BatchRepo, fault: Fault, expected: tuple[str, ...]
) -> None:
    hooks = Hooks(committed, fault(committed))
    stop = hooks.subagent_stop()
    assert_as_expected(stop, expected[0], True)
    one_line_message(stop)
    pre = hooks.pre_bash("git commit -m x")
    assert_as_expected(pre, expected[1], False)
    post = hooks.post("Bash", bash_input("git commit -m x"))
    assert_as_expected(post, expected[2], False)
    if expected[2] == "as-usual":
        assert "recorded for batch 1" in post.context, post.describe()


@pytest.mark.parametrize(("fault", "expected"), FAULTS)
def test_stop_and_session_start_are_out_of_the_engines_reach(
    committed: BatchRepo, fault: Fault, expected: object
) -> None:
    hooks = Hooks(committed, fault(committed))
    stop = hooks.stop()
    assert stop.blocked and "complete T1`" in stop.reason, stop.describe()
    start = hooks.session_start()
    assert "a run is active" in start.context, start.describe()


def test_no_verify_is_denied_even_when_the_engine_is_missing(committed: BatchRepo) -> None:
    hooks = Hooks(committed, engine_missing(committed))
    run = hooks.pre_bash("git commit --no-verify -m x")
    assert run.denied and "skipping git's hooks" in run.reason, run.describe()


def test_fault_blocks_are_bounded_by_the_retry_budget(br: BatchRepo) -> None:
    br.write_config({"build": br.build_config(), "retries": 2})
    br.git.commit("chore: retries 2", ".claude/batchgate.yaml")
    br.assign()
    tasks_md_a_folder(br)
    hooks = Hooks(br)
    assert [hooks.subagent_stop(stop_hook_active=n > 0).blocked for n in range(2)] == [True, True]
    released = hooks.subagent_stop(stop_hook_active=True)
    assert not released.blocked, released.describe()
    assert "letting the agent stop after 2 blocks" in released.message and "NOT verified" in released.message
    assert hooks.run_file()["subagent_blocks"] == 3  # type: ignore[index]


def test_plugin_named_developer_is_held_on_a_fault_too(committed: BatchRepo) -> None:
    tasks_md_a_folder(committed)
    run = Hooks(committed).subagent_stop("batchgate:backend-developer")
    assert run.blocked and "could not decide" in run.reason, run.describe()


def test_engine_output_is_not_traceback_even_when_the_engine_crashes(committed: BatchRepo, tmp_path: Path) -> None:
    """A fake engine that dies with a traceback: the hook reports its last line, the policy holds."""
    venv = tmp_path / "fake-venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text('#!/bin/sh\necho "Traceback (most recent call last):" >&2\necho "KeyError: boom" >&2\nexit 1\n')
    python.chmod(0o755)
    engine_missing(committed)  # skips where python3 would not use the environment
    hooks = Hooks(committed, {"BATCHGATE_VENV": str(venv)})
    run = hooks.subagent_stop()
    assert run.blocked and "the engine failed: KeyError: boom" in run.reason, run.describe()
