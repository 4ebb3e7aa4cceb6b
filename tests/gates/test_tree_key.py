"""The build cache's key comes from one scan of the work tree and stays exact.

After an honest batch is verified (one build), each case changes the work
tree and verifies again: a content change to a tracked or untracked,
non-ignored file rebuilds; anything else is served from the cache. Every
case runs with git's untracked cache off and on, and with the user's
status.showUntrackedFiles set (as the user may have them).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, gate, said

HIT, MISS = "hit", "miss"


@dataclass(frozen=True)
class Case:
    """A change after the first verify, and whether the second verify rebuilds."""

    id: str
    change: Callable[[BatchRepo], None]
    expect: str


def _nothing(br: BatchRepo) -> None:
    """The tree is as it was."""


def _rewrite_same(br: BatchRepo) -> None:
    br.git.write("README.md", br.git.read("README.md"))


def _changed_tracked(br: BatchRepo) -> None:
    br.git.write("README.md", "# changed\n")


def _changed_and_reverted(br: BatchRepo) -> None:
    original = br.git.read("README.md")
    br.git.write("README.md", "# changed for a moment\n")
    br.verify()  # the changed tree builds once
    br.git.write("README.md", original)


def _staged(br: BatchRepo) -> None:
    _changed_tracked(br)
    br.git.git("add", "README.md")


def _staged_then_restored(br: BatchRepo) -> None:
    """The index differs from HEAD and the working copy, though the file reads as before."""
    original = br.git.read("README.md")
    _staged(br)
    br.git.write("README.md", original)


def _new_untracked(br: BatchRepo) -> None:
    br.git.write("notes.txt", "new\n")


def _new_untracked_in_new_folder(br: BatchRepo) -> None:
    br.git.write("newpkg/deep/mod.py", "VALUE = 2\n")


def _untracked_changed(br: BatchRepo) -> None:
    br.git.write("scratch/keep.txt", "changed\n")


def _deleted(br: BatchRepo) -> None:
    (br.root / "README.md").unlink()


def _deleted_staged(br: BatchRepo) -> None:
    br.git.git("rm", "-q", "README.md")


def _mode(br: BatchRepo) -> None:
    os.chmod(br.root / "README.md", 0o755)


def _ignored(br: BatchRepo) -> None:
    br.git.write("dist/out.js", "rebuilt output\n")
    br.git.write("dist/new/more.js", "more output\n")
    br.git.write("app.log", "an ignored file at the top\n")


def _renamed_with_git(br: BatchRepo) -> None:
    br.git.git("mv", "README.md", "READ.md")


def _renamed_by_hand(br: BatchRepo) -> None:
    os.rename(br.root / "README.md", br.root / "READ.md")


def _symlink_retargeted(br: BatchRepo) -> None:
    (br.root / "scratch" / "link").unlink()
    os.symlink("README.md", br.root / "scratch" / "link")


def _odd_name_changed(br: BatchRepo) -> None:
    br.git.write(ODD, "changed\n")


def _odd_name_renamed(br: BatchRepo) -> None:
    br.git.git("mv", ODD, ODD.replace("spaces", "blanks"))


def _committed_later(br: BatchRepo) -> None:
    """A new commit whose tree differs: HEAD's tree is part of the key."""
    br.git.write("CHANGELOG.md", "- more\n")
    br.git.commit("docs: changelog", "CHANGELOG.md")


CASES = [
    Case("hit: nothing changed", _nothing, HIT),
    Case("hit: a file rewritten with the same content", _rewrite_same, HIT),
    Case("miss: a tracked file changed", _changed_tracked, MISS),
    Case("hit: a change reverted", _changed_and_reverted, HIT),
    Case("miss: a change staged", _staged, MISS),
    Case("miss (the key includes the index): staged, then the working copy restored", _staged_then_restored, MISS),
    Case("miss: a new untracked file", _new_untracked, MISS),
    Case("miss: a new file in a new folder", _new_untracked_in_new_folder, MISS),
    Case("miss: an untracked file changed", _untracked_changed, MISS),
    Case("miss: a tracked file deleted", _deleted, MISS),
    Case("miss: a tracked file deleted with git rm", _deleted_staged, MISS),
    Case("miss: a mode change", _mode, MISS),
    Case("hit: changes inside ignored paths", _ignored, HIT),
    Case("miss: a rename with git mv", _renamed_with_git, MISS),
    Case("miss: a rename by hand", _renamed_by_hand, MISS),
    Case("miss: an untracked symlink retargeted", _symlink_retargeted, MISS),
    Case("miss: a new commit", _committed_later, MISS),
    Case("miss: a file named with spaces, accents and a tab changed", _odd_name_changed, MISS),
    Case("miss: that file renamed", _odd_name_renamed, MISS),
]

ODD = "docs/a name with spaces, ünïcode & a\ttab.txt"
FILES = {".gitignore": "dist/\n*.log\n", "dist/out.js": "output\n", ODD: "odd\n"}


def _prepare(tmp_path: Path, untracked_cache: bool, show: str | None) -> BatchRepo:
    br = BatchRepo.create(tmp_path, files=FILES)
    if untracked_cache:
        br.git.git("config", "core.untrackedCache", "true")
        br.git.git("update-index", "--untracked-cache")
    if show:
        br.git.git("config", "status.showUntrackedFiles", show)
    br.git.write("scratch/keep.txt", "kept\n")  # untracked before the first verify
    os.symlink("tasks-link-target", br.root / "scratch" / "link")
    br.assign()
    br.honest_work()
    first = br.verify()
    assert first.ok, [(r.gate, r.summary) for r in first.results]
    assert len(br.builds()) == 1
    return br


@pytest.mark.parametrize(
    ("untracked_cache", "show"),
    [(False, None), (True, None), (True, "all"), (False, "no")],
    ids=["plain", "untracked cache", "untracked cache, showUntrackedFiles=all", "showUntrackedFiles=no"],
)
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_cache_hit_or_miss(tmp_path: Path, case: Case, untracked_cache: bool, show: str | None) -> None:
    br = _prepare(tmp_path, untracked_cache, show)
    case.change(br)
    before = len(br.builds())
    result = gate(br.verify(), "build")
    assert result.verdict == Verdict.PASSED, said(result)
    rebuilt = len(br.builds()) > before
    assert rebuilt == (case.expect == MISS), said(result)
    assert ("cached result" in said(result)) == (case.expect == HIT)


def test_a_nested_repository_is_never_served_from_the_cache(tmp_path: Path) -> None:
    br = _prepare(tmp_path, untracked_cache=False, show=None)
    nested = br.root / "vendor" / "nested"
    nested.mkdir(parents=True)
    br.git.git("init", "-q", str(nested))
    (nested / "file.txt").write_text("inside\n", encoding="utf-8")
    br.verify()
    br.verify()
    assert len(br.builds()) == 3, "content inside a nested repository cannot be keyed exactly: always build"


def test_the_clean_gate_sees_files_inside_a_new_folder(tmp_path: Path) -> None:
    """Untracked folders are expanded: a batch file inside one is named, not its folder."""
    br = BatchRepo.create(tmp_path)
    br.assign()
    br.honest_work()
    br.git.git("rm", "-q", "--cached", "tests/test_greet.py")
    br.git.git("commit", "-q", "-m", "chore: untrack the tests folder")
    result = gate(br.verify(), "clean")
    assert result.verdict == Verdict.FAILED
    assert "tests/test_greet.py: untracked" in said(result)
