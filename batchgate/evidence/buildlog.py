"""The whole output of a build, kept in `<git dir>/batchgate/builds/<key>.log` (the last few builds only).

Written while the build runs into a temp file that is renamed into place
when the build ends, so a reader never sees half a log under the final name;
capped at `MAX_BYTES`, because a runaway build must not fill the disk.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from typing import BinaryIO

FOLDER = "builds"
KEEP = 5
MAX_BYTES = 8 * 1024 * 1024


class BuildLog:
    """One build's output on disk; `write` never raises (the build's verdict matters more than its log)."""

    def __init__(self, state_dir: str, key: str) -> None:
        self.folder = os.path.join(state_dir, FOLDER)
        self.path = os.path.join(self.folder, f"{key[:16]}.log")
        self.written = 0
        self.dropped = 0
        self._handle: BinaryIO | None = None
        self._temp = ""
        with contextlib.suppress(OSError):
            os.makedirs(self.folder, exist_ok=True)
            fd, self._temp = tempfile.mkstemp(prefix=".build-", suffix=".tmp", dir=self.folder)
            self._handle = os.fdopen(fd, "wb")

    def write(self, chunk: bytes) -> None:
        """Append output (past MAX_BYTES only counted)."""
        room = MAX_BYTES - self.written
        if self._handle is None or room <= 0:
            self.dropped += len(chunk)
            return
        try:
            self._handle.write(chunk[:room])
        except OSError:
            self._abandon()
            return
        self.written += min(len(chunk), room)
        self.dropped += max(0, len(chunk) - room)

    def close(self) -> str | None:
        """Put the log in place; its path, or None when it could not be written."""
        if self._handle is None:
            return None
        try:
            if self.dropped:
                self._handle.write(f"\n[batchgate: {self.dropped} more bytes of output not kept]\n".encode())
            self._handle.close()
            os.replace(self._temp, self.path)
        except OSError:
            self._abandon()
            return None
        self._handle = None
        prune(self.folder)
        return self.path

    def _abandon(self) -> None:
        if self._handle is not None:
            with contextlib.suppress(OSError):
                self._handle.close()
        self._handle = None
        with contextlib.suppress(OSError):
            os.unlink(self._temp)


def prune(folder: str, keep: int = KEEP) -> None:
    """Keep the `keep` newest logs (and no temp file older than an hour: a build killed with its hook)."""
    try:
        entries = [entry for entry in os.scandir(folder) if entry.is_file()]
    except OSError:
        return
    logs = sorted((e for e in entries if e.name.endswith(".log")), key=lambda e: e.stat().st_mtime, reverse=True)
    stale = [e for e in entries if e.name.endswith(".tmp") and _age(e) > 3600]
    for entry in logs[keep:] + stale:
        with contextlib.suppress(OSError):
            os.unlink(entry.path)


def existing(state_dir: str, key: str) -> str | None:
    """The log of the build with this key, if it is still kept."""
    path = os.path.join(state_dir, FOLDER, f"{key[:16]}.log")
    return path if os.path.isfile(path) else None


def _age(entry: os.DirEntry[str]) -> float:
    import time

    try:
        return time.time() - entry.stat().st_mtime
    except OSError:
        return 0.0
