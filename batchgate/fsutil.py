"""Atomic writes and advisory locks (standard library only).

Every file batchgate changes goes through `atomic_write`, so a crash leaves
either the old or the new bytes, never a mix; writers that can meet hold
`file_lock` on a sibling lock file. A writer killed mid-write leaves one
`.<name>.batchgate-*.tmp` beside the file; the next locked writer removes it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


def atomic_write(path: str, data: bytes, mode: int | None = None) -> None:
    """Replace `path` with `data`: temp file in the same folder, fsync, rename."""
    folder = os.path.dirname(os.path.abspath(path))
    if mode is None:
        mode = _existing_mode(path)
    fd, tmp = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _temp_prefix(path: str) -> str:
    """`.tasks.md.batchgate-`: a temporary file names the file it will replace."""
    return "." + os.path.basename(path)[:100] + ".batchgate-"


def remove_stale_temps(path: str) -> None:
    """Remove the temporary files a writer of `path` left when it was killed mid-write.

    Call it only while holding the lock every writer of `path` takes: then no
    live writer of `path` can own one of them.
    """
    folder = os.path.dirname(os.path.abspath(path))
    prefix = _temp_prefix(path)
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name.endswith(".tmp"):
            with contextlib.suppress(OSError):
                os.unlink(os.path.join(folder, name))


def _existing_mode(path: str) -> int | None:
    try:
        return os.stat(path).st_mode & 0o7777
    except OSError:
        return None


def locked_update(path: str, change: Callable[[bytes], bytes | None]) -> bytes | None:
    """Read, change and atomically replace `path` under an exclusive lock.

    The lock is taken on the file itself, so no lock file is left in the
    user's work tree. Because the rename replaces the inode, a writer that
    waited on the old inode notices and starts over on the new one: two
    writers never lose each other's update. `change` returns the new bytes,
    or None to leave the file untouched. Returns what was written (or None).
    """
    while True:
        fd = os.open(path, os.O_RDONLY)
        try:
            if fcntl is not None:
                fcntl.flock(fd, fcntl.LOCK_EX)
            if not _same_file(fd, path):
                continue
            remove_stale_temps(path)
            with os.fdopen(os.dup(fd), "rb") as handle:
                old = handle.read()
            new = change(old)
            if new is not None and new != old:
                if not os.access(path, os.W_OK):
                    raise PermissionError(13, "file is read-only", path)
                atomic_write(path, new)
            return new
        finally:
            os.close(fd)


def _same_file(fd: int, path: str) -> bool:
    current = os.stat(path)
    opened = os.fstat(fd)
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)


@contextlib.contextmanager
def file_lock(lock_path: str) -> Iterator[None]:
    """Hold an exclusive advisory lock on `lock_path` (created if missing).

    For files batchgate owns (run state, environment set-up), where a lock
    file beside them is harmless.
    """
    os.makedirs(os.path.dirname(os.path.abspath(lock_path)), exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
