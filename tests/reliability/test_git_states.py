"""Git in odd states: verify and complete give the right verdict, or a clear "could not check" (exit 3).

Each row builds one state (gitstates.py) and runs `verify T1 --json`,
`complete T1` and `audit T1` through the real CLI. The row says the exit
code verify must give and words its report (or stderr) must hold; complete
must exit the same way as verify when verify did not pass, and then leave
tasks.md byte-identical. Never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.reliability import gitstates, twins
from tests.reliability.support import assert_clean
from tests.support.batchrepo import BatchRepo
from tests.support.cli import Result, run_cli


@dataclass(frozen=True)
class Row:
    build: Callable[[BatchRepo], Path]
    code: int
    words: tuple[str, ...]


ROWS = {
    "empty-repository": Row(gitstates.empty_repository, 1, ("no commits", "missing from the working tree")),
    "orphan-branch": Row(gitstates.orphan_branch, 1, ("no commits", "missing from the working tree")),
    "detached-head": Row(gitstates.detached, 0, ("HEAD is detached",)),
    "shallow-clone-base-beyond-depth": Row(gitstates.shallow_clone, 3, ("shallow clone", "base commit")),
    "shallow-clone-sha-beyond-depth": Row(gitstates.shallow_clone_no_run, 3, ("not in this shallow clone",)),
    "linked-worktree": Row(gitstates.linked_worktree, 0, ("passed",)),
    "mid-rebase-conflict": Row(gitstates.mid_rebase, 1, ("a rebase is in progress",)),
    "merge-commit-after-batch-commit": Row(gitstates.merged_branch, 0, ("is a merge, not a batch commit",)),
    "work-only-inside-a-merge": Row(gitstates.merge_only, 1, ("is a merge, not a batch commit",)),
    "rename": Row(gitstates.renamed, 0, ("passed",)),
    "ambiguous-short-sha": Row(twins.twin_commits, 1, ("ambiguous", "write more digits")),
    "missing-tree-object": Row(gitstates.missing_object, 3, ("git",)),
    "index-lock-held": Row(gitstates.index_locked, 0, ("passed",)),
    "bare-repository": Row(gitstates.bare_repository, 3, ("bare repository",)),
    "not-a-repository": Row(gitstates.not_a_repository, 3, ("not inside a git repository",)),
}


def cli(br: BatchRepo, where: Path, *args: str) -> Result:
    result = run_cli("-C", str(where), *args, cwd=br.home, env={"HOME": str(br.home)})
    assert_clean(result)
    return result


def said(result: Result) -> str:
    return result.stdout + result.stderr


@pytest.mark.parametrize("name", list(ROWS))
def test_verify_and_complete_in_odd_git_states(br: BatchRepo, name: str) -> None:
    row = ROWS[name]
    where = row.build(br)
    plan = where / "task-tracking" / "T1" / "tasks.md"
    verified = cli(br, where, "verify", "T1", "--batch", "1", "--json")
    assert verified.code == row.code, said(verified)
    for word in row.words:
        assert word in said(verified), said(verified)
    before = plan.read_bytes() if plan.exists() else None
    completed = cli(br, where, "complete", "T1", "--batch", "1")
    if row.code != 0:
        assert completed.code == row.code, said(completed)
        assert (plan.read_bytes() if plan.exists() else None) == before
    else:
        assert completed.code == 0, said(completed)
    cli(br, where, "audit", "T1")


def test_a_worktree_run_is_not_the_main_worktree_run(br: BatchRepo) -> None:
    gitstates.linked_worktree(br)
    main = cli(br, br.root, "verify", "T1")
    assert main.code == 2 and "no batch of T1 is in progress" in main.stderr
