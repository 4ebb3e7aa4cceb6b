"""One `batchgate run` per clone (per work tree): an flock on `<git dir>/batchgate/driver.lock`.

The kernel releases an flock when its holder dies, however it dies, so a
killed run never leaves the clone locked. The holder's pid is written into
the file only to name it in the refusal.
"""

from __future__ import annotations

import contextlib
import os

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

LOCK = "driver.lock"


class DriverLock:
    """Held from `acquire()` until `release()` or the process's death."""

    def __init__(self, state_dir: str) -> None:
        self.path = os.path.join(state_dir, LOCK)
        self.fd: int | None = None

    def busy(self) -> str | None:
        """The pid of a live run holding the lock (without taking it or creating anything), or None."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except OSError:
            return None
        try:
            if fcntl is None or _try_lock(fd, fcntl.LOCK_SH, keep=False):
                return None
            return os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
        finally:
            os.close(fd)

    def acquire(self) -> bool:
        """Take the lock; False when another run holds it."""
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        if fcntl is not None and not _try_lock(fd, fcntl.LOCK_EX, keep=True):
            os.close(fd)
            return False
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self.fd = fd
        return True

    def release(self) -> None:
        """Let the next run in."""
        if self.fd is not None:
            with contextlib.suppress(OSError):
                os.close(self.fd)
            self.fd = None


def _try_lock(fd: int, kind: int, keep: bool) -> bool:
    try:
        fcntl.flock(fd, kind | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    if not keep:
        fcntl.flock(fd, fcntl.LOCK_UN)
    return True
