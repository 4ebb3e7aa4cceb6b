"""Fixtures: a fresh git repository per test; batchgate's per-user state folder in the test's tmp dir."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.gitrepo import GitRepo


@pytest.fixture(autouse=True)
def user_state_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """$XDG_STATE_HOME in a temp dir for every test and every subprocess it starts (they inherit os.environ):
    no test ever reads or writes the real ~/.local/state/batchgate."""
    folder = tmp_path_factory.mktemp("xdg-state")
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    yield folder


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """An empty repository with one initial commit."""
    created = GitRepo.create(tmp_path / "repo")
    created.write("README.md", "# demo\n")
    created.commit("chore: initial commit")
    return created
