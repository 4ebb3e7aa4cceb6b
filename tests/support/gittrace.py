"""The git commands a process ran, read from a GIT_TRACE file."""

from __future__ import annotations

from pathlib import Path

_MARK = "trace: built-in: "


def traced_git_commands(trace: Path) -> list[str]:
    """Each built-in git command in `trace` (GIT_TRACE=<path>), in the order git started them."""
    lines = trace.read_text(encoding="utf-8").splitlines()
    return [line.split(_MARK, 1)[1] for line in lines if _MARK + "git " in line]
