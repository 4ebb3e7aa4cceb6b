"""The repository to install into: its work tree root and git directories."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass

from batchgate.errors import CouldNotCheck, InputError


@dataclass(frozen=True)
class Target:
    """A git work tree root and where git keeps its data."""

    root: str
    git_dir: str
    common_dir: str

    def path(self, rel: str) -> str:
        """An absolute path for a repository-relative posix path."""
        return os.path.join(self.root, *rel.split("/"))

    @property
    def backups(self) -> str:
        """Where displaced files are kept: outside the work tree, per worktree."""
        return os.path.join(self.git_dir, "batchgate", "backups")


def resolve(path: str, checkout: str) -> Target:
    """The git work tree whose root is `path`; refuses anything else.

    A subfolder of a repository is refused (with its root in the fix): the
    hooks, the run state and task-tracking/ are all per repository.
    """
    if not os.path.isdir(path):
        raise InputError(f"{path} is not a directory", "pass the root folder of a git repository")
    lines = _git(path, "rev-parse", "--is-inside-work-tree", "--show-toplevel", "--git-dir", "--git-common-dir")
    if lines is None or len(lines) < 4 or lines[0] != "true":
        raise InputError(
            f"{path} is not a git work tree",
            f"run `git init` in it first, or pass the root of an existing repository (git -C {path} status)",
        )
    top, git_dir, common = (os.path.realpath(os.path.join(path, line)) for line in lines[1:4])
    if top != os.path.realpath(path):
        raise InputError(
            f"{path} is inside the repository {top}, not its root", f"pass the root: python3 install.py {top}"
        )
    if top == os.path.realpath(checkout):
        raise InputError(
            "that is the batchgate checkout itself",
            "install into another repository, or use it as a plugin (claude --plugin-dir)",
        )
    return Target(top, git_dir, common)


def _git(cwd: str, *args: str) -> list[str] | None:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise CouldNotCheck("git was not found on PATH", "install git, then run again") from None
    except OSError as error:
        raise CouldNotCheck(f"cannot run git: {error.strerror}", "check that git is installed and runnable") from None
    if done.returncode != 0:
        return None
    return done.stdout.splitlines()


def is_ignored(target: Target, rel: str) -> bool:
    """Whether git already ignores a path (so creating it adds no untracked file)."""
    return _git(target.root, "check-ignore", "-q", "--", rel) is not None
