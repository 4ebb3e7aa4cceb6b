"""The git evidence the gates stand on: what a written SHA names, and git failures as could-not-check."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from batchgate.errors import CouldNotCheck
from batchgate.evidence.git import open_repository
from tests.support.batchrepo import BatchRepo
from tests.support.gitrepo import GitRepo

RESOLVE = [
    # (id, how to write the revision, the problem or None when it names HEAD)
    ("full SHA", lambda head, br: head, None),
    ("short SHA", lambda head, br: head[:7], None),
    ("upper-case SHA", lambda head, br: head[:10].upper(), None),
    ("unknown short SHA", lambda head, br: "abcdef1", "unknown"),
    ("unknown full SHA", lambda head, br: "0" * 40, "unknown"),
    ("a tree", lambda head, br: br.git.git("rev-parse", "HEAD^{tree}"), "not a commit"),
    ("a blob", lambda head, br: br.git.git("rev-parse", "HEAD:README.md"), "not a commit"),
    ("an option", lambda head, br: "--all", "unknown"),
    ("a range", lambda head, br: f"{head}..{head}", "unknown"),
]


@pytest.mark.parametrize(("written", "problem"), [c[1:] for c in RESOLVE], ids=[c[0] for c in RESOLVE])
def test_resolve(br: BatchRepo, written: Callable[[str, BatchRepo], str], problem: str | None) -> None:
    head = br.git.head()
    resolution = open_repository(str(br.root)).resolve(written(head, br))
    assert resolution.problem == problem
    assert resolution.sha == (head if problem is None else None)


def test_a_failing_git_command_could_not_check(br: BatchRepo) -> None:
    repo = open_repository(str(br.root))
    with pytest.raises(CouldNotCheck) as raised:
        repo.commits_between("0" * 40, br.git.head())
    assert raised.value.message.startswith("git failed: ") and raised.value.fix


def test_outside_a_repository_could_not_check(br: BatchRepo) -> None:
    with pytest.raises(CouldNotCheck) as raised:
        open_repository(str(br.home))
    assert "is not inside a git repository" in raised.value.message


HEADS = [
    # (id, what to do to the repository, whether HEAD then names a commit)
    ("a loose branch ref", lambda br: None, True),
    ("packed refs", lambda br: br.git.git("pack-refs", "--all"), True),
    ("a detached HEAD", lambda br: br.git.git("checkout", "-q", "--detach"), True),
    ("an unborn branch", lambda br: br.git.git("checkout", "-q", "--orphan", "fresh"), False),
]


@pytest.mark.parametrize(("change", "named"), [c[1:] for c in HEADS], ids=[c[0] for c in HEADS])
def test_head_is_read_as_git_reads_it(br: BatchRepo, change: Callable[[BatchRepo], object], named: bool) -> None:
    expected = br.git.git("rev-parse", "--verify", "--quiet", "HEAD", check=False) or None
    change(br)
    head = open_repository(str(br.root)).head()
    assert head == (expected if named else None)


def test_head_in_a_linked_worktree(br: BatchRepo, tmp_path: Path) -> None:
    br.git.git("worktree", "add", "-q", "-b", "side", str(tmp_path / "side"))
    (tmp_path / "side" / "side.txt").write_text("side\n", encoding="utf-8")
    side = GitRepo(tmp_path / "side")
    sha = side.commit("chore: side", "side.txt")
    repo = open_repository(str(tmp_path / "side"))
    assert repo.head() == sha != br.git.head()
    assert repo.root == str(tmp_path / "side")


BLOBS = [
    # (id, path, expected (content, is_symlink) or None)
    ("a file at the top", "README.md", (b"# demo\n", False)),
    ("a file in a folder", "docs/guide.md", (b"guide\n", False)),
    ("a symlink", "docs/link", (b"guide.md", True)),
    ("a folder", "docs", None),
    ("a missing file", "docs/missing.md", None),
    ("a missing folder", "nowhere/file.md", None),
]


@pytest.mark.parametrize(("path", "expected"), [c[1:] for c in BLOBS], ids=[c[0] for c in BLOBS])
def test_blob(br: BatchRepo, path: str, expected: tuple[bytes, bool] | None) -> None:
    br.git.write("docs/guide.md", "guide\n")
    os.symlink("guide.md", br.root / "docs" / "link")
    sha = br.git.commit("docs: a guide and a link")
    assert open_repository(str(br.root)).blob(sha, path) == expected


def test_a_bare_repository_could_not_check(tmp_path: Path) -> None:
    GitRepo.create(tmp_path / "plain").git("init", "-q", "--bare", str(tmp_path / "bare.git"))
    with pytest.raises(CouldNotCheck) as raised:
        open_repository(str(tmp_path / "bare.git"))
    assert "bare repository" in raised.value.message


@pytest.mark.parametrize("ahead", [True, False], ids=["scan-started-ahead", "scan-on-demand"])
def test_a_scan_started_ahead_sees_what_a_scan_on_demand_sees(br: BatchRepo, ahead: bool) -> None:
    (br.root / "README.md").write_text("changed\n", encoding="utf-8")
    (br.root / "new.txt").write_text("new\n", encoding="utf-8")
    repo = open_repository(str(br.root))
    if ahead:
        repo.prefetch_worktree()
    status = repo.worktree_status()
    assert sorted(c.path for c in status.changes) == ["README.md", "new.txt"]
    assert status.content_key(str(br.root)) == open_repository(str(br.root)).worktree_status().content_key(str(br.root))
    assert sorted(c.path for c in repo.worktree_status().changes) == ["README.md", "new.txt"], "a second scan works"
