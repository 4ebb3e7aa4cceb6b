"""The hook commands as written into settings.json run under sh -c and bash -c, from any directory."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.install.helpers import EVENTS, install, our_handlers, run_hook, settings
from tests.support.gitrepo import GitRepo

SHELLS = [s for s in ("sh", "bash") if shutil.which(s)]


@pytest.fixture
def spaced_repo(tmp_path: Path) -> GitRepo:
    """A repository whose path has a space and a quote-worthy character in it."""
    repo = GitRepo.create(tmp_path / "my project (v2)")
    repo.write("README.md", "# x\n")
    repo.commit("chore: initial commit")
    return repo


@pytest.mark.parametrize("shell", SHELLS)
def test_every_installed_hook_command_runs(spaced_repo: GitRepo, shell: str, home: Path, bare_path: str) -> None:
    assert install(spaced_repo).code == 0
    commands = {event: handler["command"] for event, _m, handler in our_handlers(settings(spaced_repo))}
    assert set(commands) == set(EVENTS)
    for event, command in commands.items():
        done = run_hook(command, shell, spaced_repo.root, event, home, path=bare_path)
        assert done.code == 0, (event, done.stderr)
        assert "Traceback" not in done.stderr, done.stderr


def test_hook_runs_with_a_different_working_directory(repo: GitRepo, home: Path, tmp_path: Path) -> None:
    install(repo)
    command = next(h["command"] for e, _m, h in our_handlers(settings(repo)) if e == "Stop")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done = run_hook(command, "sh", repo.root, "Stop", home, cwd=elsewhere)
    assert done.code == 0, done.stderr


def test_hooks_leave_no_untracked_files(repo: GitRepo, home: Path) -> None:
    install(repo)
    repo.commit("chore: install batchgate")
    for event, _m, handler in our_handlers(settings(repo)):
        assert run_hook(handler["command"], "sh", repo.root, event, home).code == 0
    assert repo.git("status", "--porcelain") == ""
