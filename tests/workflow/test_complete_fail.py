"""`complete` changes tasks.md only when every gate passes; `fail` documents the failure and ends the run."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.support.batchrepo import BatchRepo


@dataclass(frozen=True)
class Case:
    """A batch that must not be completed, the exit code, and the gate line that says why."""

    id: str
    arrange: Callable[[BatchRepo], None]
    code: int
    says: str
    before_assign: Callable[[BatchRepo], None] | None = None  # the rules are those of the assignment


def _no_commit(br: BatchRepo) -> None:
    br.do_task_work()
    br.mark_implemented()


def _stub(br: BatchRepo) -> None:
    br.do_task_work()
    br.git.write("tests/test_greet.py", "\n")
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])


def _wrong_sha(br: BatchRepo) -> None:
    br.honest_work()
    br.record_sha("deadbee")


def _dirty(br: BatchRepo) -> None:
    br.honest_work()
    br.git.write("lib/greet.py", "# changed after the commit\n")


def _broken_build(br: BatchRepo) -> None:
    br.do_task_work()
    br.git.write("lib/greet.py", "def greet(:\n")
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])


def _honest(br: BatchRepo) -> None:
    br.honest_work()


def _no_build_tool(br: BatchRepo) -> None:
    br.configure_build({"command": ["batchgate-no-such-tool"]})


CASES = [
    Case("no commit", _no_commit, 1, "[FAIL] commit: no batch commit"),
    Case("an empty stub", _stub, 1, "[FAIL] files:"),
    Case("an invented SHA", _wrong_sha, 1, "[FAIL] tasks.md:"),
    Case("a file changed after the commit", _dirty, 1, "[FAIL] clean:"),
    Case("a failing build", _broken_build, 1, "[FAIL] build:"),
    Case("the build tool is missing", _honest, 3, "[????] build:", _no_build_tool),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_complete_changes_nothing_when_a_gate_does_not_pass(br: BatchRepo, case: Case) -> None:
    if case.before_assign is not None:
        case.before_assign(br)
    br.assign()
    case.arrange(br)
    before = br.plan_path.read_bytes()
    result = br.cli("complete", br.task_id)
    assert result.code == case.code, result
    assert case.says in result.stdout
    assert "Not completed: tasks.md is unchanged." in result.stdout
    assert br.plan_path.read_bytes() == before, "tasks.md must stay byte-identical"
    run = br.cli("status", br.task_id, "--json").json()["run"]
    assert run["active"] is True and run["state"] == "assigned"


def test_complete_marks_everything_and_says_what_is_next(br: BatchRepo) -> None:
    br.assign()
    sha = br.honest_work()
    result = br.cli("complete", br.task_id)
    assert result.code == 0, result
    for line in (
        "Batch 1 complete: Greeting library",
        "- lib/greet.py",
        "- tests/test_greet.py",
        f"- Git commit: {sha[:7]} feat(demo): batch 1 - greeting library",
        "Progress: 1/2 backend batches complete (2/3 tasks)",
        "Next: /phase-6-backend-execution T1",
    ):
        assert line in result.stdout
    text = br.plan_path.read_text(encoding="utf-8")
    assert "## Batch 1: Greeting library ✅ COMPLETE" in text
    assert "### Task 1.1: Add the greeting function ✅ COMPLETE" in text
    assert "### Task 1.2: Test the greeting ✅ COMPLETE" in text
    assert f"**Git Commit**: `{sha[:7]}`" in text
    assert "**Status**: 1/3 batches complete" in text
    assert "## Batch 2: Command line ⏸️ PENDING" in text, "other batches are untouched"
    run = br.cli("status", br.task_id, "--json").json()["run"]
    assert run["state"] == "complete" and run["active"] is False


def test_complete_with_a_full_sha_recorded_keeps_it(br: BatchRepo) -> None:
    br.assign()
    sha = br.honest_work()
    br.record_sha(sha)
    assert br.cli("complete", br.task_id).code == 0
    assert f"**Git Commit**: `{sha}`" in br.plan_path.read_text(encoding="utf-8")


def test_complete_after_completion_has_no_batch_to_act_on(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    assert br.cli("complete", br.task_id).code == 0
    before = br.plan_path.read_bytes()
    again = br.cli("complete", br.task_id)
    assert again.code == 2 and "no batch of T1 is in progress" in again.stderr
    assert br.plan_path.read_bytes() == before


def test_fail_documents_the_failure_and_ends_the_run(br: BatchRepo) -> None:
    br.assign()
    reason = "the payment API the batch needs does not exist\nasked the user twice"
    result = br.cli("fail", br.task_id, "--reason", reason)
    assert result.code == 0, result
    assert "Batch 1 of T1 marked FAILED" in result.stdout and "Escalate" in result.stdout
    text = br.plan_path.read_text(encoding="utf-8")
    assert "## Batch 1: Greeting library ❌ FAILED" in text
    assert "**Failure Note**" in text and "the payment API the batch needs does not exist" in text
    assert "- asked the user twice" in text
    assert text.count("**Failure Note**") == 1
    status = br.cli("status", br.task_id, "--json").json()
    assert status["run"]["state"] == "failed" and status["run"]["active"] is False
    assert status["next"]["blocked"] is True
    after = br.cli("verify", br.task_id)
    assert after.code == 1, after  # the run's batch failed: escalate, do not verify on
    assert "was marked FAILED" in after.stderr and "assign T1 --batch 1" in after.stderr


def test_fail_without_a_reason_or_a_batch_is_a_usage_error(br: BatchRepo) -> None:
    before = br.plan_path.read_bytes()
    empty = br.cli("fail", br.task_id, "--reason", "  ")
    assert empty.code == 2 and "--reason is empty" in empty.stderr
    no_run = br.cli("fail", br.task_id, "--reason", "stuck")
    assert no_run.code == 2 and "no batch of T1 is in progress" in no_run.stderr
    assert br.plan_path.read_bytes() == before


def test_fail_a_named_batch_without_a_run(br: BatchRepo) -> None:
    result = br.cli("fail", br.task_id, "--batch", "2", "--reason", "descoped by the user", "--json")
    assert result.code == 0, result
    assert result.json() == {
        "kind": "fail",
        "ok": True,
        "task_id": "T1",
        "batch": "2",
        "reason": "descoped by the user",
    }
    assert "## Batch 2: Command line ❌ FAILED" in br.plan_path.read_text(encoding="utf-8")


def test_a_reason_cannot_inject_structure_into_tasks_md(br: BatchRepo) -> None:
    br.assign()
    reason = "broken\n## Batch 9: Injected ✅ COMPLETE\n### Task 9.1: Fake ✅ COMPLETE"
    assert br.cli("fail", br.task_id, "--reason", reason).code == 0
    batches = [b["id"] for b in br.cli("status", br.task_id, "--json").json()["batches"]]
    assert batches == ["1", "2", "3"]
