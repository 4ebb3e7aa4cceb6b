"""Proof that a file was never opened: Linux inotify on its folder (through ctypes, standard library only).

`stat`, `lstat` and `realpath` raise no event; `open` raises IN_OPEN and a
read IN_ACCESS. A folder watched before a command runs therefore tells
exactly which of its files the command (or anything it started) opened.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import struct
from collections.abc import Iterator
from pathlib import Path

IN_ACCESS, IN_OPEN = 0x00000001, 0x00000020
_EVENT = struct.Struct("iIII")


class Watch:
    """The names opened or read in one folder since the watch began."""

    def __init__(self, fd: int) -> None:
        self._fd = fd
        self.opened: set[str] = set()

    def drain(self) -> set[str]:
        """Collect the events so far; the names seen (all of them, cumulative)."""
        while True:
            try:
                data = os.read(self._fd, 65536)
            except BlockingIOError:
                return self.opened
            offset = 0
            while offset < len(data):
                _, mask, _, length = _EVENT.unpack_from(data, offset)
                name = data[offset + _EVENT.size : offset + _EVENT.size + length].rstrip(b"\0").decode()
                if mask & (IN_OPEN | IN_ACCESS):
                    self.opened.add(name or ".")
                offset += _EVENT.size + length


def available() -> bool:
    """inotify works here (Linux with libc)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    return hasattr(libc, "inotify_init1")


@contextlib.contextmanager
def watching(folder: Path) -> Iterator[Watch]:
    """Watch `folder` for files opened or read in it."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
    if fd < 0:
        raise OSError(ctypes.get_errno(), "inotify_init1 failed")
    try:
        if libc.inotify_add_watch(fd, os.fsencode(folder), IN_OPEN | IN_ACCESS) < 0:
            raise OSError(ctypes.get_errno(), f"inotify_add_watch failed on {folder}")
        watch = Watch(fd)
        yield watch
        watch.drain()
    finally:
        os.close(fd)
