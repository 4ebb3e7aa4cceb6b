"""A small tmpfs for disk-full and read-only tests (root on Linux; the test is skipped elsewhere, with why)."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True, timeout=60)


@contextlib.contextmanager
def mounted_tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A tmpfs of `size` (e.g. "4m") at `where`, unmounted afterwards; skips the test if mounting fails."""
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root; test_file_size_limit covers a refused write without it")
    where.mkdir(parents=True, exist_ok=True)
    try:
        done = _mount("-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs", str(where))
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.skip(f"cannot run mount: {error}")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, timeout=60)


@contextlib.contextmanager
def remount_read_only(where: Path) -> Iterator[None]:
    """The tmpfs at `where` read-only for the block, writable again after."""
    done = _mount("-o", "remount,ro", str(where))
    assert done.returncode == 0, done.stderr
    try:
        yield
    finally:
        _mount("-o", "remount,rw", str(where))


def fill(where: Path) -> int:
    """Fill the file system holding `where` until it refuses another byte; how many bytes that took."""
    written = 0
    with open(where / "filler", "wb", buffering=0) as handle:
        for size in (1 << 16, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    written += handle.write(b"\0" * size)
    return written
