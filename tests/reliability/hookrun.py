"""Run a hook as Claude Code does (`python3 hooks/<event>.py`, stdin JSON) and judge it by the policy alone.

The runner is the real interpreter behind `python3` (a version manager's
shim would add 200 ms a run). Every run is checked with the hook tests' own
`check_well_formed` (exit 0 or 2, documented output shape, no traceback).
`expected_held` is the fault policy of CONTRACT.md §5, computed from the
bytes alone: input that is not a JSON object (or is over 16 MiB) is let
through, except a SubagentStop whose bytes still name a gated developer in
a complete `"agent_type": "…"`, which is held while the run is active.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path

from tests.hooks.support import SCRIPTS, HookRun, check_well_formed, one_line_message
from tests.reliability.support import real_python3
from tests.support.batchrepo import BatchRepo

MAX_PAYLOAD = 16 * 2**20
GATED = ("backend-developer", "batchgate:backend-developer")
# What each hook answers to its usual payload with batch 1 assigned and nothing done (tests.hooks.support.Hooks):
HELD_NORMALLY = {"SubagentStop": True, "Stop": True, "PreToolUse": True, "PostToolUse": False, "SessionStart": False}
_NAMED = re.compile(rb'"agent_type"\s*:\s*"((?:[^"\\]|\\.){1,200})"')


@cache
def python3() -> str:
    return real_python3()


def run(event: str, data: bytes, br: BatchRepo, timeout: float = 120) -> HookRun:
    """The hook for `event` with `data` on stdin, in `br`'s repository."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE", "BATCHGATE"))}
    env.update({"CLAUDE_PROJECT_DIR": str(br.root), "HOME": str(br.home), "CLAUDECODE": "1"})
    done = subprocess.run(
        [python3(), str(SCRIPTS[event])], input=data, cwd=br.root, env=env, capture_output=True, timeout=timeout
    )
    result = HookRun(
        event, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )
    check_well_formed(result)
    return result


def is_object(data: bytes) -> bool:
    """A JSON object within the size the hooks read."""
    if len(data) > MAX_PAYLOAD:
        return False
    try:
        return isinstance(json.loads(data), dict)
    except (ValueError, RecursionError):
        return False


def names_gated(data: bytes) -> bool:
    """The bytes hold a complete `"agent_type": "<gated developer>"` (within the first 16 MiB)."""
    found = _NAMED.search(data[:MAX_PAYLOAD])
    if not found:
        return False
    try:
        return json.loads(b'"' + found.group(1) + b'"') in GATED
    except ValueError:
        return False


def expected_held(event: str, data: bytes) -> bool:
    """The policy, batch 1 assigned: a usable payload is held as usual; anything else per the fault rule."""
    if is_object(data):
        return HELD_NORMALLY[event]
    return event == "SubagentStop" and names_gated(data)


def assert_policy(result: HookRun, held: bool, *words: str) -> str:
    """Held or let through as the policy says, with a one-line message holding `words`; the message."""
    assert result.held == held, result.describe()
    line = one_line_message(result)
    for word in words:
        assert word in result.said, result.describe()
    return line


def run_state(br: BatchRepo) -> Path:
    return br.root / ".git" / "batchgate" / "run.json"
