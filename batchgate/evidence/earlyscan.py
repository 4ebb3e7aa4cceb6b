"""The work-tree scan, started before the engine imports (standard library only).

verify and complete read the work tree once, with `git status`; in a big tree that is most of
their time (about 90 ms for 50,000 files here). Python spends about 50 ms importing the engine
before it could ask, so the CLI starts the scan first thing (`start_scan`): git stats the tree
while Python imports. The repository takes the answer (`claim_scan`) only for the same root and
the same arguments, which is then the very command it would have run itself, started earlier.
"""

from __future__ import annotations

import atexit
import os
import subprocess

from batchgate.errors import CouldNotCheck
from batchgate.evidence.gitdir import common_dir, find_worktree_root, git_dir
from batchgate.evidence.gitproc import GitFailed, config_mentions, run_git, start_git

_waiting: dict[tuple[str, tuple[str, ...]], subprocess.Popen[bytes]] = {}


def status_args(root: str, gitdir: str, common: str) -> list[str]:
    """The one `git status` batchgate runs, listing untracked files the way the repository's config does."""
    mode = "all" if _untracked_mode(root, gitdir, common) == "all" else "normal"
    return ["status", "--porcelain=v2", "-z", f"--untracked-files={mode}"]


def _untracked_mode(root: str, gitdir: str, common: str) -> str:
    """status.showUntrackedFiles; git is asked only when a config file mentions it (usually none does)."""
    if not config_mentions(gitdir, common, b"showuntrackedfiles"):
        return "normal"
    try:
        return run_git(root, ["config", "--get", "status.showUntrackedFiles"]).strip().lower()
    except GitFailed:
        return "normal"


def start_scan(directory: str) -> None:
    """Start the scan of the work tree holding `directory`, if any; never fails (the command will say why)."""
    root = find_worktree_root(directory)
    gitdir = git_dir(root) if root else None
    if root is None or gitdir is None:
        return
    try:
        args = status_args(root, gitdir, common_dir(gitdir))
        process = start_git(root, args)
    except CouldNotCheck:
        return
    if not _waiting:
        atexit.register(_stop_unclaimed)
    _waiting[(os.path.realpath(root), tuple(args))] = process


def claim_scan(root: str, args: list[str]) -> subprocess.Popen[bytes] | None:
    """The scan started for `root` with `args`, if one was (each is handed out once)."""
    return _waiting.pop((os.path.realpath(root), tuple(args)), None)


def _stop_unclaimed() -> None:
    """A command that ended before it looked at the work tree (a usage error, say) leaves no git behind."""
    for process in _waiting.values():
        process.kill()
        process.wait()
    _waiting.clear()
