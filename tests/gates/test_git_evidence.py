"""The git evidence the gates stand on: what a written SHA names, and git failures as could-not-check."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from batchgate.errors import CouldNotCheck
from batchgate.evidence.git import open_repository
from tests.support.batchrepo import BatchRepo

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
