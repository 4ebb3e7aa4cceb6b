"""The tasks.md gate: every task of the batch done, and the recorded SHA is the batch commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, gate, said


@dataclass(frozen=True)
class Case:
    """What the developer writes into tasks.md after the batch commit, and what the gate says."""

    id: str
    record: Callable[[BatchRepo, str], None]  # (repo, batch commit SHA)
    verdict: Verdict
    says: str


def _both(sha: Callable[[BatchRepo, str], str]) -> Callable[[BatchRepo, str], None]:
    """Mark every task implemented and record the SHA `sha(repo, batch_sha)` returns."""

    def record(br: BatchRepo, batch_sha: str) -> None:
        br.mark_implemented()
        br.record_sha(sha(br, batch_sha))

    return record


def _nothing(br: BatchRepo, sha: str) -> None:
    """tasks.md not updated at all."""


def _sha_only(br: BatchRepo, sha: str) -> None:
    br.record_sha(sha[:7])


def _one_task_left(br: BatchRepo, sha: str) -> None:
    br.mark_implemented(tasks=["1.1"])
    br.record_sha(sha[:7])


def _status_only(br: BatchRepo, sha: str) -> None:
    br.mark_implemented()


def _older_commit(br: BatchRepo, sha: str) -> str:
    return br.git.git("rev-parse", "--short=7", f"{sha}~1")


def _another_commit(br: BatchRepo, sha: str) -> str:
    """The SHA of the bookkeeping commit that followed the batch commit."""
    return br.git.commit("docs(tasks): batch 1 progress", str(br.plan_path.relative_to(br.root)))[:7]


def _other_branch(br: BatchRepo, sha: str) -> str:
    br.git.git("switch", "-q", "-c", "side", f"{sha}~1")
    br.git.write("side.txt", "side\n")
    side = br.git.commit("feat(demo): batch 1 - side\n\nTask 1.1 Task 1.2", "side.txt")
    br.git.git("switch", "-q", "main")
    return side[:7]


CASES = [
    Case("passes: short SHA", _both(lambda br, sha: sha[:7]), Verdict.PASSED, "is the batch commit"),
    Case("passes: full SHA", _both(lambda br, sha: sha), Verdict.PASSED, "is the batch commit"),
    Case("fails: tasks.md not updated", _nothing, Verdict.FAILED, "task 1.1 is pending"),
    Case("fails: tasks not marked", _sha_only, Verdict.FAILED, "task 1.2 is"),
    Case("fails: one task still open", _one_task_left, Verdict.FAILED, "task 1.2 is"),
    Case("fails: no SHA recorded", _status_only, Verdict.FAILED, "no commit sha is recorded for batch 1"),
    Case("fails: invented SHA", _both(lambda br, sha: "deadbee"), Verdict.FAILED, "names no commit"),
    Case("fails: SHA of an older commit", _both(_older_commit), Verdict.FAILED, "made before the batch was assigned"),
    Case("fails: SHA of another commit", _both(_another_commit), Verdict.FAILED, "is not the batch commit"),
    Case("fails: SHA on another branch", _both(_other_branch), Verdict.FAILED, "not reachable from head"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_tasksmd_gate(br: BatchRepo, case: Case) -> None:
    br.assign()
    br.do_task_work()
    sha = br.commit_batch()
    case.record(br, sha)
    report = br.verify()
    result = gate(report, "tasks.md")
    assert result.verdict == case.verdict, said(result)
    assert case.says.lower() in said(result)
    if case.verdict == Verdict.FAILED:
        assert report.exit_code == 1
        assert sha[:7] in (result.fix or ""), "the fix names the SHA to record"


def test_tasks_already_marked_complete_count_as_done(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    sha = br.commit_batch()
    text = br.plan_path.read_text(encoding="utf-8").replace(
        "1.2: Test the greeting ⏸️ PENDING", "1.2: Test the greeting ✅ COMPLETE"
    )
    br.plan_path.write_text(text, encoding="utf-8")
    br.mark_implemented(tasks=["1.1"])
    br.record_sha(sha[:7])
    result = gate(br.verify(), "tasks.md")
    assert result.verdict == Verdict.PASSED, said(result)


def test_a_task_deleted_from_the_plan_after_assignment_is_still_required(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    sha = br.commit_batch()
    text = br.plan_path.read_text(encoding="utf-8")
    start = text.index("### Task 1.2")
    end = text.index("\n## ", start) if "\n## " in text[start:] else len(text)
    br.plan_path.write_text(text[:start] + text[end:], encoding="utf-8")
    br.mark_implemented(tasks=["1.1"])
    br.record_sha(sha[:7])
    result = gate(br.verify(), "tasks.md")
    assert result.verdict == Verdict.FAILED
    assert "task 1.2 was removed from tasks.md after the batch was assigned" in said(result)
