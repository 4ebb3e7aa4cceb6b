"""The commit gate: exactly one batch commit since the assignment, reachable, in the agreed form."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from batchgate.evidence.runstate import load_run, save_run
from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, gate, said


@dataclass(frozen=True)
class Case:
    """A scenario (everything from the assignment on) and what the commit gate must say."""

    id: str
    arrange: Callable[[BatchRepo], None]
    verdict: Verdict
    says: str


def _honest(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()


def _no_commit(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    br.mark_implemented()


def _commit_before_assignment(br: BatchRepo) -> None:
    br.do_task_work()
    sha = br.commit_batch()
    br.assign()
    br.mark_implemented()
    br.record_sha(sha[:7])


def _commit_on_another_branch(br: BatchRepo) -> None:
    br.assign()
    br.git.git("switch", "-q", "-c", "side")
    br.do_task_work()
    sha = br.commit_batch()
    br.git.git("switch", "-q", "main")
    br.mark_implemented()
    br.record_sha(sha[:7])


def _with_message(message: str) -> Callable[[BatchRepo], None]:
    def arrange(br: BatchRepo) -> None:
        br.assign()
        br.do_task_work()
        sha = br.commit_batch(message)
        br.mark_implemented()
        br.record_sha(sha[:7])

    return arrange


def _two_batch_commits(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    br.commit_batch(paths=["lib/greet.py"])
    sha = br.commit_batch(paths=["tests/test_greet.py"])
    br.mark_implemented()
    br.record_sha(sha[:7])


def _bookkeeping_commit_after(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    br.git.commit("docs(tasks): record batch 1 commit", str(br.plan_path.relative_to(br.root)))


def _bookkeeping_commit_only(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    br.mark_implemented()
    sha = br.git.commit("feat(demo): batch 1 - tasks\n\nTask 1.1, Task 1.2", str(br.plan_path.relative_to(br.root)))
    br.record_sha(sha[:7])


def _branch_switched_below_the_base(br: BatchRepo) -> None:
    br.git.write("NOTES.md", "the team leader's last commit before assigning\n")
    br.git.commit("docs: notes", "NOTES.md")
    br.assign()
    br.git.git("switch", "-q", "-c", "elsewhere", "HEAD~1")
    br.honest_work()


def _base_gone(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    state = str(br.root / ".git" / "batchgate")
    run = load_run(state)
    assert run is not None
    run.base = "0" * 40
    save_run(state, run)  # through batchgate's writer: a run state it wrote itself


GOOD_BODY = "\n\n- Task 1.1: greeting\n- Task 1.2: test\n"

CASES = [
    Case("passes: one agreed commit", _honest, Verdict.PASSED, "batch commit"),
    Case(
        "passes: a later bookkeeping-only commit does not count",
        _bookkeeping_commit_after,
        Verdict.PASSED,
        "only updates bookkeeping",
    ),
    Case(
        "passes: breaking-change subject", _with_message("feat(api)!: Batch 1 - rename" + GOOD_BODY), Verdict.PASSED, ""
    ),
    Case("fails: no commit", _no_commit, Verdict.FAILED, "no batch commit since the batch was assigned"),
    Case("fails: commit made before assignment", _commit_before_assignment, Verdict.FAILED, "no batch commit since"),
    Case("fails: commit on another branch", _commit_on_another_branch, Verdict.FAILED, "no batch commit since"),
    Case(
        "fails: a bookkeeping-only commit is not the batch commit",
        _bookkeeping_commit_only,
        Verdict.FAILED,
        "only updates bookkeeping",
    ),
    Case(
        "fails: HEAD no longer contains the base",
        _branch_switched_below_the_base,
        Verdict.FAILED,
        "head no longer contains the base commit",
    ),
    Case("could not check: the base commit is gone", _base_gone, Verdict.COULD_NOT_CHECK, "is unknown here"),
    Case("fails: wrong subject", _with_message("update stuff" + GOOD_BODY), Verdict.FAILED, "does not match"),
    Case(
        "fails: subject names another batch",
        _with_message("feat(demo): batch 2 - greeting" + GOOD_BODY),
        Verdict.FAILED,
        "does not match",
    ),
    Case(
        "fails: subject without a type",
        _with_message("batch 1 - greeting" + GOOD_BODY),
        Verdict.FAILED,
        "does not match",
    ),
    Case(
        "fails: a task id is missing",
        _with_message("feat(demo): batch 1 - greeting\n\n- Task 1.1: greeting\n"),
        Verdict.FAILED,
        "does not name task(s) 1.2",
    ),
    Case(
        "fails: look-alike ids (1.10, 11.2) do not name 1.1 and 1.2",
        _with_message("feat(demo): batch 1 - greeting\n\n- Task 1.10\n- Task 11.2\n"),
        Verdict.FAILED,
        "does not name task(s) 1.1, 1.2",
    ),
    Case("fails: two batch commits", _two_batch_commits, Verdict.FAILED, "2 batch commits for batch 1; at most 1"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_commit_gate(br: BatchRepo, case: Case) -> None:
    case.arrange(br)
    report = br.verify()
    result = gate(report, "commit")
    assert result.verdict == case.verdict, said(result)
    assert case.says.lower() in said(result)
    if case.verdict == Verdict.FAILED:
        assert result.fix, "a failure says how to fix it"
        assert report.exit_code == 1
        assert not report.ok
    elif case.verdict == Verdict.COULD_NOT_CHECK:
        assert report.exit_code == 3 and result.fix and "assign the batch again" in result.fix
    else:
        assert report.batch_commit is not None


def test_the_batch_commit_found_is_the_one_made(br: BatchRepo) -> None:
    br.assign()
    sha = br.honest_work()
    report = br.verify()
    assert report.batch_commit == sha
    assert report.ok and report.exit_code == 0


def test_max_per_batch_allows_more_commits(br: BatchRepo) -> None:
    br.write_config({"build": br.build_config(), "commit": {"max_per_batch": 2}})
    br.git.commit("chore: config", ".claude/batchgate.yaml")
    _two_batch_commits(br)
    result = gate(br.verify(), "commit")
    assert result.verdict == Verdict.PASSED, said(result)


def test_custom_subject_and_no_task_ids(br: BatchRepo) -> None:
    br.write_config({"build": br.build_config(), "commit": {"subject": r"^\[B{batch}\] ", "require_task_ids": False}})
    br.git.commit("chore: config", ".claude/batchgate.yaml")
    _with_message("[B1] greeting without task ids")(br)
    result = gate(br.verify(), "commit")
    assert result.verdict == Verdict.PASSED, said(result)


def test_merge_commits_are_not_batch_commits(br: BatchRepo) -> None:
    br.assign()
    br.git.git("switch", "-q", "-c", "side")
    br.git.write("NOTES.md", "side work\n")
    br.git.commit("docs: side notes", "NOTES.md")
    br.git.git("switch", "-q", "main")
    sha = br.honest_work()
    br.git.git("merge", "-q", "--no-ff", "-m", "Merge branch 'side'", "side")
    result = gate(br.verify(), "commit")
    assert result.verdict == Verdict.FAILED  # the side commit is a second non-bookkeeping commit
    assert "is a merge, not a batch commit" in said(result)
    assert sha[:7] in said(result)
