"""Locate a repository's git directories by reading files (standard library only).

The hooks' fast path needs to know whether a run is active, which lives
under the git directory; starting GitPython (or git) for that would cost
more than the whole fast path is allowed to.
"""

from __future__ import annotations

import os


def find_worktree_root(start: str) -> str | None:
    """The nearest folder at or above `start` that holds a `.git` entry."""
    current = os.path.abspath(start)
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def git_dir(worktree_root: str) -> str | None:
    """The git directory of a work tree: `.git` itself, or where a `.git` file points."""
    dot_git = os.path.join(worktree_root, ".git")
    if os.path.isdir(dot_git):
        return dot_git
    try:
        with open(dot_git, encoding="utf-8") as handle:
            first = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not first.startswith("gitdir:"):
        return None
    target = first[len("gitdir:") :].strip()
    return os.path.normpath(os.path.join(worktree_root, target))


def common_dir(gitdir: str) -> str:
    """The directory shared by all linked worktrees (the main `.git`)."""
    try:
        with open(os.path.join(gitdir, "commondir"), encoding="utf-8") as handle:
            target = handle.readline().strip()
    except (OSError, UnicodeDecodeError):
        return gitdir
    return os.path.normpath(os.path.join(gitdir, target))


def state_dir_for(start: str) -> str | None:
    """`<git dir>/batchgate` for the repository containing `start`, or None.

    Per worktree: each linked worktree runs its own batch, so its run state
    lives in its own git directory, not in the shared one.
    """
    root = find_worktree_root(start)
    if root is None:
        return None
    gitdir = git_dir(root)
    if gitdir is None:
        return None
    return os.path.join(gitdir, "batchgate")
