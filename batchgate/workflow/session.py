"""One headless Claude Code session: found, started in its own process group, read as stream-json, stopped.

The session's environment is the caller's, unchanged (API keys, base URLs,
HOME); its output is read as JSON events, never as prose.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import re
import selectors
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Sequence
from typing import Any

from batchgate.errors import CouldNotCheck

_GRACE_S = 5.0
_STDERR_TAIL = 8192
ENV_CLAUDE = "BATCHGATE_CLAUDE"
REEXEC_FLAG = "BATCHGATE_REEXEC"  # bootstrap's "already re-executed" marker (a test keeps the two equal)


def find_claude(option: str | None) -> str:
    """`--claude PATH`, else `$BATCHGATE_CLAUDE`, else `claude` on PATH (CouldNotCheck, exit 3, when none)."""
    given, source = (option, "--claude") if option else (os.environ.get(ENV_CLAUDE) or None, ENV_CLAUDE)
    if given:
        found = shutil.which(given)
        if found is None:
            raise CouldNotCheck(
                f"{source} names {given!r}, which is not an executable program",
                "pass the path of Claude Code's `claude` executable",
            )
        return found
    found = shutil.which("claude")
    if found is None:
        raise CouldNotCheck(
            "Claude Code's `claude` is not on PATH",
            f"install it (npm install -g @anthropic-ai/claude-code), or pass --claude PATH (or set {ENV_CLAUDE})",
        )
    return found


def session_environment() -> dict[str, str]:
    """The caller's environment, without the marker batchgate's own launcher set for this process.

    (The marker says "already re-executed into batchgate's environment"; the
    session's hooks start their own launcher, which must be free to do that.)
    """
    return {name: value for name, value in os.environ.items() if name != REEXEC_FLAG}


def session_argv(claude: str, prompt: str, permission: Sequence[str], extra: Sequence[str]) -> list[str]:
    """`claude -p PROMPT --output-format stream-json --verbose` + permission flags + the user's own."""
    return [claude, "-p", prompt, "--output-format", "stream-json", "--verbose", *permission, *extra]


class Session:
    """A running `claude -p`: its JSON events as they come, a tick each second in between."""

    def __init__(self, argv: list[str], cwd: str) -> None:
        self.argv = argv
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,  # Ctrl-C reaches batchgate only; batchgate stops the whole group
            env=session_environment(),
        )
        self.stderr_tail = b""
        self.session_id: str | None = None
        self.result: dict[str, Any] | None = None

    def events(self, tick_s: float = 1.0) -> Iterator[dict[str, Any] | None]:
        """Each stream-json event (dict), and None every `tick_s` of silence; ends at end of output."""
        assert self.process.stdout is not None and self.process.stderr is not None
        selector = selectors.DefaultSelector()
        selector.register(self.process.stdout, selectors.EVENT_READ, "out")
        selector.register(self.process.stderr, selectors.EVENT_READ, "err")
        buffer, last_tick = b"", time.monotonic()
        while selector.get_map():
            for key, _ in selector.select(timeout=tick_s):
                chunk = os.read(key.fd, 65536)
                if not chunk:
                    selector.unregister(key.fileobj)
                elif key.data == "err":
                    self.stderr_tail = (self.stderr_tail + chunk)[-_STDERR_TAIL:]
                else:
                    buffer += chunk
                    *lines, buffer = buffer.split(b"\n")
                    yield from (event for event in map(self._event, lines) if event is not None)
            if time.monotonic() - last_tick >= tick_s:
                last_tick = time.monotonic()
                yield None
        selector.close()

    def _event(self, line: bytes) -> dict[str, Any] | None:
        try:
            event = json.loads(line)
        except ValueError:
            return None
        if not isinstance(event, dict):
            return None
        if event.get("type") == "system" and event.get("subtype") == "init":
            self.session_id = str(event.get("session_id") or "") or None
        elif event.get("type") == "result":
            self.result = event
        return event

    def wait(self) -> int:
        """The session's exit code, after it ended; anything it left in its group is stopped."""
        code = self.process.wait()
        self._signal_group(signal.SIGKILL)
        return code

    def stop(self) -> None:
        """SIGTERM the session's whole process group, SIGKILL what is left after a grace period."""
        self._signal_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=_GRACE_S)
        self._signal_group(signal.SIGKILL)
        self.process.wait()

    def _signal_group(self, sig: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, sig)

    def stderr_text(self) -> str:
        """The last few KiB the session wrote to stderr."""
        return self.stderr_tail.decode("utf-8", "replace").strip()


def transcript_path(session_id: str | None, cwd: str) -> str | None:
    """Where Claude Code keeps the session's transcript (`<config dir>/projects/<slug>/<id>.jsonl`)."""
    if not session_id:
        return None
    config = os.environ.get("CLAUDE_CONFIG_DIR") or os.path.join(os.path.expanduser("~"), ".claude")
    found = glob.glob(os.path.join(glob.escape(config), "projects", "*", glob.escape(session_id) + ".jsonl"))
    if found:
        return found[0]
    return os.path.join(config, "projects", re.sub(r"[^A-Za-z0-9]", "-", cwd), session_id + ".jsonl")
