"""SubagentStop: the developer may not stop until its batch passes every gate; others go at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hooks.support import HookRun, Hooks
from tests.support.batchrepo import BatchRepo, file_content
from tests.support.gittrace import traced_git_commands

LAST_LINE = "Fix these, then stop again and repeat your final report with the batch commit SHA."


def assert_blocked_by(run: HookRun, gate: str, fix_words: str) -> None:
    """Blocked; the reason names `gate` as failed, gives its fix, and asks for the report again."""
    assert run.blocked, run.describe()
    lines = run.reason.splitlines()
    named = [i for i, line in enumerate(lines) if line.startswith(f"- {gate} FAILED")]
    assert named, run.describe()
    section = lines[named[0] + 1 :]
    section = section[: next((i for i, line in enumerate(section) if line.startswith("- ")), len(section))]
    fixes = [line for line in section if line.strip().startswith("fix:")]
    assert fixes and fix_words in fixes[0].lower(), run.describe()
    assert lines[-1] == LAST_LINE, run.describe()


# -- nothing to hold -------------------------------------------------------------


def test_no_active_run_allows_silently(hooks: Hooks) -> None:
    run = hooks.subagent_stop()
    assert run.code == 0 and run.silent, run.describe()


@pytest.mark.parametrize(
    "agent_type",
    [
        pytest.param("Explore", id="Explore"),
        pytest.param("general-purpose", id="general-purpose"),
        pytest.param("", id="empty-string"),
        pytest.param(None, id="missing"),
        pytest.param("Backend-Developer", id="case-differs"),
    ],
)
def test_other_agents_are_let_through_silently(active: Hooks, agent_type: str | None) -> None:
    run = active.subagent_stop(agent_type)
    assert run.code == 0 and run.silent, run.describe()
    assert active.run_file()["subagent_blocks"] == 0  # type: ignore[index]


def test_frontend_developer_is_not_held_by_a_backend_batch(active: Hooks) -> None:
    run = active.subagent_stop("frontend-developer")
    assert not run.blocked and run.silent, run.describe()


# -- the cheating developer --------------------------------------------------------


def stops_without_committing(br: BatchRepo) -> None:
    br.do_task_work()


def never_updates_tasks_md(br: BatchRepo) -> None:
    br.do_task_work()
    br.commit_batch()


def records_an_invented_sha(br: BatchRepo) -> None:
    br.do_task_work()
    br.commit_batch()
    br.mark_implemented()
    br.record_sha("deadbee")


def leaves_a_file_uncommitted(br: BatchRepo) -> None:
    br.do_task_work()
    sha = br.commit_batch(paths=["lib/greet.py"])
    br.mark_implemented()
    br.record_sha(sha[:7])


def commits_an_empty_stub(br: BatchRepo) -> None:
    br.do_task_work()
    br.git.write("lib/greet.py", "")
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])


def breaks_the_build(br: BatchRepo) -> None:
    br.do_task_work()
    br.git.write("lib/greet.py", "def greet(:\n    return 1\n")
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])


CHEATS: list[object] = [
    pytest.param(stops_without_committing, "commit", "git commit", id="stops-without-committing"),
    pytest.param(never_updates_tasks_md, "tasks.md", "implemented", id="never-updates-tasks-md"),
    pytest.param(records_an_invented_sha, "tasks.md", "git commit", id="records-an-invented-sha"),
    pytest.param(leaves_a_file_uncommitted, "files", "include all of them", id="leaves-a-file-uncommitted"),
    pytest.param(leaves_a_file_uncommitted, "clean", "git add", id="leaves-a-file-uncommitted-clean"),
    pytest.param(commits_an_empty_stub, "files", "real content", id="commits-an-empty-stub"),
    pytest.param(breaks_the_build, "build", "fix the build errors", id="breaks-the-build"),
]


@pytest.mark.parametrize(("cheat", "gate", "fix_words"), CHEATS)
def test_cheating_developer_is_blocked(
    br: BatchRepo, active: Hooks, cheat: Callable[[BatchRepo], None], gate: str, fix_words: str
) -> None:
    cheat(br)
    run = active.subagent_stop()
    assert_blocked_by(run, gate, fix_words)
    assert "check 1 of 4" in run.reason
    assert active.run_file()["subagent_blocks"] == 1  # type: ignore[index]


def test_invented_sha_is_named_and_the_real_one_given(br: BatchRepo, active: Hooks) -> None:
    records_an_invented_sha(br)
    run = active.subagent_stop()
    assert "deadbee names no commit" in run.reason, run.describe()
    assert f"`{br.git.head()[:7]}`" in run.reason, run.describe()


def test_uncommitted_file_is_named_in_the_reason(br: BatchRepo, active: Hooks) -> None:
    leaves_a_file_uncommitted(br)
    run = active.subagent_stop()
    assert "tests/test_greet.py" in run.reason, run.describe()


@pytest.mark.parametrize("flag", [True, "true", 1], ids=["true", "string-true", "one"])
def test_stop_hook_active_never_waves_the_developer_through(br: BatchRepo, active: Hooks, flag: object) -> None:
    never_updates_tasks_md(br)
    run = active.subagent_stop(stop_hook_active=flag)
    assert_blocked_by(run, "tasks.md", "implemented")


def test_plugin_named_developer_is_held_too(br: BatchRepo, active: Hooks) -> None:
    never_updates_tasks_md(br)
    assert_blocked_by(active.subagent_stop("batchgate:backend-developer"), "tasks.md", "implemented")


def test_developer_listed_running_in_background_is_still_held(br: BatchRepo, active: Hooks) -> None:
    stops_without_committing(br)
    run = active.subagent_stop()  # its own SubagentStop lists itself as running
    assert_blocked_by(run, "commit", "git commit")


# -- the honest developer ----------------------------------------------------------


def test_honest_developer_is_let_through_on_the_first_try(br: BatchRepo, active: Hooks) -> None:
    sha = br.honest_work()
    run = active.subagent_stop()
    assert run.code == 0 and not run.blocked, run.describe()
    assert f"batch 1 of T1 verified ({sha[:7]})" in run.message
    state = active.run_file()
    assert state is not None and state["state"] == "verified" and state["verified_sha"] == sha
    assert state["subagent_blocks"] == 0


def test_the_verifying_hook_scans_the_work_tree_once_and_first(br: BatchRepo, tmp_path: Path) -> None:
    br.assign()
    br.honest_work()
    trace = tmp_path / "trace.txt"
    run = Hooks(br, env={"GIT_TRACE": str(trace)}).subagent_stop()
    assert run.code == 0 and not run.blocked, run.describe()
    commands = traced_git_commands(trace)
    assert [c for c in commands if c.startswith("git status")] == [commands[0]], commands


def test_developer_who_fixes_the_batch_after_a_block_is_let_through(br: BatchRepo, active: Hooks) -> None:
    never_updates_tasks_md(br)
    assert active.subagent_stop().blocked
    br.mark_implemented()
    br.record_sha(br.git.head()[:7])
    run = active.subagent_stop(stop_hook_active=True)
    assert not run.blocked and "verified" in run.message, run.describe()


# -- the retry budget --------------------------------------------------------------


def test_retries_2_blocks_twice_then_lets_the_developer_stop_and_fails_the_batch(br: BatchRepo) -> None:
    br.write_config({"build": br.build_config(), "retries": 2})
    br.git.commit("chore: retries 2", ".claude/batchgate.yaml")
    br.assign()
    hooks = Hooks(br)
    br.git.write("lib/greet.py", file_content("lib/greet.py"))
    first, second = hooks.subagent_stop(), hooks.subagent_stop(stop_hook_active=True)
    assert first.blocked and "check 1 of 3" in first.reason, first.describe()
    assert second.blocked and "check 2 of 3" in second.reason, second.describe()
    third = hooks.subagent_stop(stop_hook_active=True)
    assert third.code == 0 and not third.blocked, third.describe()
    assert "marked FAILED in tasks.md" in third.message and "Escalate to the user" in third.message
    plan = br.plan_path.read_text(encoding="utf-8")
    heading = next(line for line in plan.splitlines() if line.startswith("## Batch 1:"))
    assert "FAILED" in heading, plan
    assert "failed verification 3 times" in plan, plan
    state = hooks.run_file()
    assert state is not None and state["state"] == "failed" and state["ended_at"]
    after = hooks.subagent_stop()
    assert after.code == 0 and after.silent, after.describe()  # the run is over


def test_retries_0_lets_the_first_failing_stop_through_and_fails_the_batch(br: BatchRepo) -> None:
    br.write_config({"build": br.build_config(), "retries": 0})
    br.git.commit("chore: retries 0", ".claude/batchgate.yaml")
    br.assign()
    run = Hooks(br).subagent_stop()
    assert not run.blocked and "marked FAILED" in run.message, run.describe()
