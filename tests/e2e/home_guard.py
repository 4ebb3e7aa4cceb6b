"""Proof that a run left the real user's Claude Code state alone.

Before a run we fingerprint the real `~/.claude` tree and `~/.claude.json` (paths, sizes,
modification times); afterwards the fingerprint must be identical.
"""

from __future__ import annotations

import os
import pwd
from pathlib import Path

Fingerprint = dict[str, tuple[int, int]]
_MAX_ENTRIES = 20000


def real_homes() -> list[Path]:
    """The user's home folders as this process knows them (passwd entry and $HOME)."""
    homes = {Path(pwd.getpwuid(os.getuid()).pw_dir)}
    if os.environ.get("HOME"):
        homes.add(Path(os.environ["HOME"]))
    return sorted(homes)


def guarded_paths() -> list[Path]:
    """`~/.claude` and `~/.claude.json` in every real home."""
    return [home / name for home in real_homes() for name in (".claude", ".claude.json")]


def _stat(path: Path) -> tuple[int, int]:
    info = path.lstat()
    return info.st_size, info.st_mtime_ns


def fingerprint() -> Fingerprint:
    """Size and mtime of every guarded path and everything under it ("absent" is recorded too)."""
    seen: Fingerprint = {}
    for top in guarded_paths():
        if not top.exists():
            seen[str(top)] = (-1, -1)
            continue
        seen[str(top)] = _stat(top)
        if top.is_dir():
            for folder, dirs, files in os.walk(top):
                for name in dirs + files:
                    path = Path(folder) / name
                    seen[str(path)] = _stat(path)
                if len(seen) > _MAX_ENTRIES:
                    return seen
    return seen


def changes(before: Fingerprint, after: Fingerprint) -> list[str]:
    """Paths created, removed or modified between two fingerprints."""
    return sorted(path for path in before.keys() | after.keys() if before.get(path) != after.get(path))
