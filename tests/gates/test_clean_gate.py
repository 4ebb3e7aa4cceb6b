"""The clean gate: no uncommitted change to a batch file; bookkeeping and other files are no concern."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, file_content, gate, said


@dataclass(frozen=True)
class Case:
    """What happens after the honest batch commit, and what the clean gate says."""

    id: str
    after: Callable[[BatchRepo], None]
    verdict: Verdict
    says: str


def _nothing(br: BatchRepo) -> None:
    """tasks.md stays uncommitted: bookkeeping."""


def _other_file(br: BatchRepo) -> None:
    br.git.write("README.md", "# changed, not a batch file\n")
    br.git.write("scratch.txt", "untracked, not a batch file\n")


def _changed(br: BatchRepo) -> None:
    br.git.write("lib/greet.py", file_content("lib/greet.py", version=2))


def _staged(br: BatchRepo) -> None:
    _changed(br)
    br.git.git("add", "lib/greet.py")


def _staged_and_changed(br: BatchRepo) -> None:
    _staged(br)
    br.git.write("lib/greet.py", file_content("lib/greet.py", version=3))


def _untracked(br: BatchRepo) -> None:
    br.git.git("rm", "-q", "--cached", "tests/test_greet.py")
    br.git.git("commit", "-q", "-m", "chore: untrack the test")


CASES = [
    Case("passes: only tasks.md is uncommitted", _nothing, Verdict.PASSED, "no batch file has uncommitted changes"),
    Case("passes: other files may change", _other_file, Verdict.PASSED, "no batch file"),
    Case(
        "fails: a file changed after the commit", _changed, Verdict.FAILED, "lib/greet.py: changed in the working tree"
    ),
    Case("fails: a change staged, not committed", _staged, Verdict.FAILED, "lib/greet.py: staged, not committed"),
    Case(
        "fails: staged and changed again",
        _staged_and_changed,
        Verdict.FAILED,
        "staged, not committed and changed in the working tree",
    ),
    Case("fails: a batch file untracked", _untracked, Verdict.FAILED, "tests/test_greet.py: untracked"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_clean_gate(br: BatchRepo, case: Case) -> None:
    br.assign()
    br.honest_work()
    case.after(br)
    report = br.verify()
    result = gate(report, "clean")
    assert result.verdict == case.verdict, said(result)
    assert case.says.lower() in said(result)
    if case.verdict == Verdict.FAILED:
        assert report.exit_code == 1
        assert "git commit --amend" in (result.fix or "")
