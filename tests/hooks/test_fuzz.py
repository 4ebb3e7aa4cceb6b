"""Fuzz every hook: random payloads, mangled real payloads, truncations, random bytes.

Whatever arrives: no traceback, exit 0 or 2, output of the documented shape
(checked by run_hook), and the policy, computed here from the payload alone:

- not a JSON object → allowed, with a message; except a SubagentStop whose
  bytes still hold a complete `"agent_type": "<gated agent>"`, which is held;
- a `hook_event_name` that is not this hook's event → allowed, with a message;
- otherwise each hook's own rule, with mistyped fields treated as absent
  (and a message): SubagentStop holds a gated developer, Stop holds the team
  leader unless a gated developer is running, PreToolUse denies a hook bypass,
  PostToolUse and SessionStart never hold.

The run state is restored before every example, so each starts from the same
place: batch 1 assigned, nothing done.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batchgate.evidence.runrecord import record_path
from tests.hooks.payloads import background, bash_input
from tests.hooks.support import EVENTS, Hooks, one_line_message
from tests.support.batchrepo import BatchRepo

GATED = ("backend-developer", "batchgate:backend-developer")
DENIED = ("git commit --no-verify -m x", "FOO=1 git commit -n -m x", "cd sub && git commit -anm x")
ALLOWED = ("git status", "git log -n 3", "echo git commit -n", "ls -la")
_TYPES: dict[str, type] = {"cwd": str, "hook_event_name": str, "agent_type": str, "tool_name": str}
_TYPES.update({"tool_input": dict, "background_tasks": list})
_SALVAGED = re.compile(rb'"agent_type"\s*:\s*"((?:[^"\\]|\\.){1,200})"')

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def special(root: Path, event: str) -> dict[str, st.SearchStrategy[Any]]:
    """Values of the fields the hooks read that change what they do."""
    entry = st.builds(background, st.sampled_from(["backend-developer", "Explore", "frontend-developer"]))
    return {
        "agent_type": st.sampled_from([*GATED, "frontend-developer", "Explore", "", 5, None]),
        "cwd": st.sampled_from([str(root), str(root / "gone"), ".", "", "/", 3, None]),
        "background_tasks": st.lists(entry | json_values, max_size=3) | json_values,
        "tool_name": st.sampled_from(["Bash", "Edit", "Agent", 5]),
        "tool_input": st.sampled_from([*DENIED, *ALLOWED]).map(bash_input) | json_values,
        "hook_event_name": st.sampled_from([event, event, "Nonsense", 5]),
    }


@st.composite
def mangled(draw: st.DrawFn, base: dict[str, Any], root: Path, event: str) -> dict[str, Any]:
    """A real payload with some fields dropped, retyped, or set to values that matter."""
    payload = dict(base)
    values = special(root, event)
    for key in draw(st.lists(st.sampled_from(sorted({*base, *values})), unique=True, max_size=4)):
        how = draw(st.sampled_from(["drop", "random", "special"]))
        if how == "drop":
            payload.pop(key, None)
        else:
            payload[key] = draw(values[key] if how == "special" and key in values else json_values)
    return payload


def expected_held(event: str, payload: dict[str, Any], root: Path) -> bool:
    """The policy for a payload that is a JSON object."""
    named = payload.get("hook_event_name")
    if isinstance(named, str) and named != event:
        return False  # wherever the payload's cwd points, the project's active run still holds
    if event == "SubagentStop":
        return payload.get("agent_type") in GATED
    if event == "Stop":
        tasks = payload.get("background_tasks")
        entries = tasks if isinstance(tasks, list) else []
        return not any(
            isinstance(t, dict) and t.get("status") == "running" and t.get("agent_type") in GATED for t in entries
        )
    if event == "PreToolUse":
        tool_input = payload.get("tool_input")
        command = tool_input.get("command") if isinstance(tool_input, dict) else None
        return payload.get("tool_name") == "Bash" and command in DENIED
    return False


def verdict(event: str, raw: bytes, root: Path) -> tuple[bool, bool]:
    """(held, a message is due) for these stdin bytes."""
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):
        payload = None
    if isinstance(payload, dict) and len(raw) <= 16 * 2**20:
        mistyped = any(k in payload and not isinstance(payload[k], t) for k, t in _TYPES.items())
        named = payload.get("hook_event_name")
        return expected_held(event, payload, root), mistyped or (isinstance(named, str) and named != event)
    found = _SALVAGED.search(raw) if event == "SubagentStop" else None
    return bool(found and json.loads(b'"' + found.group(1) + b'"') in GATED), True


@pytest.fixture
def fuzzed(tmp_path: Path) -> tuple[Hooks, dict[Path, bytes]]:
    """Batch 1 assigned; the files every example starts from."""
    br = BatchRepo.create(tmp_path)
    br.assign()
    state = br.root / ".git" / "batchgate" / "run.json"
    record = Path(record_path(str(state.parent)))  # batchgate's per-user record of what it wrote there
    files = (state, record, br.plan_path)
    return Hooks(br), {path: path.read_bytes() for path in files}


def stdin_for(data: st.DataObject, hooks: Hooks, event: str) -> bytes:
    real = hooks.payload(event)
    kind = data.draw(st.sampled_from(["value", "mangled", "mangled", "truncated", "bytes"]), label="kind")
    if kind == "value":
        return json.dumps(data.draw(json_values, label="value")).encode()
    if kind == "bytes":
        return data.draw(st.binary(max_size=120), label="bytes")
    if kind == "mangled":
        return json.dumps(data.draw(mangled(real, hooks.root, event), label="payload")).encode()
    raw = json.dumps(real).encode()
    return raw[: data.draw(st.integers(0, len(raw) - 1), label="cut")]


@pytest.mark.parametrize("event", EVENTS)
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(data=st.data())
def test_any_input_follows_the_policy(fuzzed: tuple[Hooks, dict[Path, bytes]], event: str, data: st.DataObject) -> None:
    hooks, start = fuzzed
    for path, content in start.items():
        path.write_bytes(content)
    stdin = stdin_for(data, hooks, event)
    held, message_due = verdict(event, stdin, hooks.root)
    run = hooks.run(event, stdin)  # checks: no traceback, exit 0/2, documented shape
    assert run.held == held, run.describe()
    if message_due:
        one_line_message(run)
