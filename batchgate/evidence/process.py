"""Run a build command as argv (never a shell), killed with its children at a timeout."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import NamedTuple

_TAIL_LINES = 40
_GRACE_S = 5.0


class ProcessResult(NamedTuple):
    """How a command ended. `exit_code` None means it was killed at the timeout."""

    exit_code: int | None
    tail: str
    seconds: float
    timed_out: bool


def find_program(argv0: str, cwd: str) -> str | None:
    """The executable argv[0] names (PATH lookup, or a path relative to `cwd`)."""
    if os.sep in argv0 or (os.altsep and os.altsep in argv0):
        candidate = os.path.join(cwd, argv0)
        return candidate if os.access(candidate, os.X_OK) else None
    return shutil.which(argv0)


def run_command(
    argv: list[str],
    cwd: str,
    timeout_s: float,
    env: Mapping[str, str] | None = None,
    on_line: Callable[[bytes], None] | None = None,
) -> ProcessResult:
    """Run `argv` in `cwd` in its own process group; keep the last lines of its output.

    `on_line` sees every line of output as it comes. Whatever the command leaves
    running in its group when it exits (a daemon, a watcher) is killed: the
    verdict must not wait for it, and nothing may outlive the build.
    """
    started = time.monotonic()
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=None if env is None else dict(env),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    tail: deque[str] = deque(maxlen=_TAIL_LINES)
    reader = threading.Thread(target=_drain, args=(process, tail, on_line), daemon=True)
    reader.start()
    try:
        process.wait(timeout=timeout_s)
        timed_out = False
        _reap_group(process.pid)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        timed_out = True
    reader.join(timeout=_GRACE_S)
    code = None if timed_out else process.returncode
    return ProcessResult(code, "".join(tail).rstrip(), time.monotonic() - started, timed_out)


def _drain(process: subprocess.Popen[bytes], tail: deque[str], on_line: Callable[[bytes], None] | None) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        tail.append(line.decode("utf-8", "replace")[-500:])
        if on_line is not None:
            on_line(line)


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the whole group, then SIGKILL what is left: builds spawn children."""
    for sig, wait in ((signal.SIGTERM, _GRACE_S), (signal.SIGKILL, _GRACE_S)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            if sig == signal.SIGTERM:
                _reap_group(process.pid)
            return
        except subprocess.TimeoutExpired:
            continue


def _reap_group(pgid: int) -> None:
    """The leader exited on SIGTERM; make sure no child of the group lives on."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)
