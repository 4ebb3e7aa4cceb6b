"""Fixtures: a fresh git repository per test; batchgate's per-user state folder in the test's tmp dir."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.support.gitrepo import GitRepo

# Under CI the property tests draw the same examples every run, so a red run means a change broke something;
# a developer's run (no CI variable) explores new examples each time, which is how the bugs they find get found.
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session", autouse=True)
def user_state_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """$XDG_STATE_HOME in a temp dir for the whole session, so for every test, fixture (module-scoped ones
    too) and subprocess (they inherit os.environ): no test reads or writes the real ~/.local/state/batchgate.
    One folder serves all: batchgate keys its records by each repository's own (temporary) path."""
    folder = tmp_path_factory.mktemp("xdg-state")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(folder))
        yield folder


@pytest.fixture
def repo(tmp_path: Path) -> GitRepo:
    """An empty repository with one initial commit."""
    created = GitRepo.create(tmp_path / "repo")
    created.write("README.md", "# demo\n")
    created.commit("chore: initial commit")
    return created
