"""Fixtures: a fresh git repository per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.gitrepo import GitRepo


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """An empty repository with one initial commit."""
    created = GitRepo.create(tmp_path / "repo")
    created.write("README.md", "# demo\n")
    created.commit("chore: initial commit")
    return created
