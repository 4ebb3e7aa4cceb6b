"""Running one hook: stdin JSON in, one decision out, a policy for every fault.

Standard library only. The flow is the same for every event:

1. read the payload (malformed, empty, huge: a message and the policy);
2. find the repository and its run state from the payload's `cwd`;
3. `fast(payload, context)`: answer without the engine, or None;
4. `slow(payload, context)`: the engine decides (inside batchgate's environment);
5. render the decision once and exit 0.

Fault policy (CONTRACT.md §5): when the payload names a gated subagent and a
run is active, a fault blocks (fails closed) — at most `retries` times, then
it lets the agent stop with a visible message, so a broken batchgate never
traps an agent. Every other fault allows (fails open), with the message.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from batchgate.evidence.gitdir import state_dir_for
from batchgate.evidence.runfile import RunFileCorrupt, is_active, read_run
from batchgate.hooks.common import is_gated
from batchgate.hooks.decision import Decision, allow, block, render

if TYPE_CHECKING:
    from typing import Any

MAX_PAYLOAD = 16 * 1024 * 1024
_IN_ENV = "BATCHGATE_IN_ENV"
# Fields the hooks read, and the JSON type each must have; one of another type is ignored, with a message.
_FIELDS = {"cwd": str, "hook_event_name": str, "agent_type": str, "tool_name": str, "tool_input": dict}
_FIELDS["background_tasks"] = list
_JSON_TYPES: tuple[tuple[type, str], ...] = ((bool, "true/false"), (str, "a string"), (int, "a number"))
_JSON_TYPES += ((float, "a number"), (dict, "an object"), (list, "an array"))
_RUN_FIELDS = {"task_id": str, "batch_id": str, "state": str, "base": str, "agents": list, "retries": int}
_RUN_COUNTERS = ("subagent_blocks", "stop_blocks", "fault_blocks")
_RUN_STATES = ("assigned", "verified", "complete", "failed")


class HookContext:
    """What a hook knows before deciding: where it runs and the run state."""

    __slots__ = ("event", "project_dir", "raw", "run", "run_problem", "script", "state_dir")

    def __init__(self, event: str, script: str, raw: bytes) -> None:
        self.event = event
        self.script = script
        self.raw = raw
        self.project_dir = _getcwd()
        self.state_dir: str | None = None
        self.run: dict[str, Any] | None = None
        self.run_problem: str | None = None

    def locate(self, payload: dict[str, Any]) -> str | None:
        """Find the repository (payload `cwd`, else the project dir) and read its run; what was wrong."""
        cwd = payload.get("cwd")
        if isinstance(cwd, str) and os.path.isdir(cwd):
            base, problem = cwd, None
        else:
            base = os.environ.get("CLAUDE_PROJECT_DIR") or self.project_dir
            problem = f"the payload's cwd {cwd[:300]!r} is not a folder" if isinstance(cwd, str) else None
            if not base or not os.path.isdir(base):
                return f"the project folder {base[:300]!r} does not exist (repository gone?); nothing to check"
        self.project_dir = base
        self.state_dir = state_dir_for(base)
        try:
            self.run = read_run(self.state_dir)
            self.run_problem = run_problem(self.run) if self.run is not None else None
        except RunFileCorrupt as error:
            self.run_problem = str(error)
        if self.run_problem:
            self.run = None
            problem = (
                f"the run state is unreadable ({self.run_problem}), so nothing is held; "
                "to start afresh: batchgate assign TASK_ID --batch ID"
            )
        return problem

    @property
    def active(self) -> bool:
        """A run holds the agents."""
        return is_active(self.run)


Fast = Callable[["dict[str, Any]", HookContext], "Decision | None"]
Slow = Callable[["dict[str, Any]", HookContext], Decision]


def read_payload(data: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The payload object, or why it cannot be one."""
    if len(data) > MAX_PAYLOAD:
        return (
            None,
            f"hook input is {len(data) // 2**20} MB, over the {MAX_PAYLOAD // 2**20} MB batchgate reads",
        )
    if not data.strip():
        return None, "hook input is empty (expected Claude Code's event JSON on stdin)"
    try:
        value = json.loads(data)
    except ValueError as error:
        return None, f"hook input is not JSON ({str(error).split(':')[0]})"
    except RecursionError:
        return None, "hook input is JSON nested too deeply to read"
    if not isinstance(value, dict):
        return None, "hook input is JSON but not an object"
    return value, None


def payload_problem(payload: dict[str, Any]) -> str | None:
    """The first field the hooks read whose type is wrong (the hooks treat it as absent)."""
    tool_input = payload.get("tool_input")
    fields: list[tuple[str, dict[str, Any], type]] = [(k, payload, t) for k, t in _FIELDS.items()]
    if isinstance(tool_input, dict):
        fields += [(k, tool_input, str) for k in ("command", "file_path")]
    for name, where, kind in fields:
        if name in where and not isinstance(where[name], kind):
            return f"hook input field {name} is {_json_type(where[name])}, not {_json_type(kind())}; ignored"
    return None


def run_problem(run: dict[str, Any]) -> str | None:
    """Why a run file that parsed cannot be used (a value of the wrong type), or None."""
    fields = [*_RUN_FIELDS.items(), *((name, int) for name in _RUN_COUNTERS)]
    for name, kind in fields:
        value = run.get(name)
        if name in run and (not isinstance(value, kind) or isinstance(value, bool)):
            return f"its {name} is {_json_type(value)}, not {_json_type(kind())}"
    if not all(isinstance(agent, str) for agent in run.get("agents") or []):
        return "its agents are not all names"
    if run.get("state", "assigned") not in _RUN_STATES:
        return f"its state {str(run.get('state'))[:40]!r} is not a run state"
    return None


def salvage_agent(raw: bytes) -> str | None:
    """The agent_type a payload that is not JSON still names, if any (SubagentStop fails closed on it)."""
    import re

    match = re.search(rb'"agent_type"\s*:\s*"((?:[^"\\]|\\.){1,200})"', raw[:MAX_PAYLOAD])
    try:
        return str(json.loads(b'"' + match.group(1) + b'"')) if match else None
    except ValueError:
        return None


def _json_type(value: object) -> str:
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "null")


def _getcwd() -> str:
    try:
        return os.getcwd()
    except OSError:  # the folder the hook was started in is gone
        return ""


def _payload(event: str, raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """The payload this hook can decide on (None: allow), and what was wrong with it."""
    payload, problem = read_payload(raw)
    if payload is None:
        agent = salvage_agent(raw) if event == "SubagentStop" else None
        if agent is None:
            return None, problem
        return {"agent_type": agent}, f"{problem}, but it names agent_type {agent[:60]!r}"
    named = payload.get("hook_event_name")
    if isinstance(named, str) and named != event:
        return None, f"hook input is a {named[:40]!r} event, but this is the {event} hook (check the hook wiring)"
    return payload, payload_problem(payload)


def run_hook(event: str, script: str, fast: Fast, slow: Slow) -> None:
    """The whole hook process. Never raises, never prints a traceback."""
    raw = _read_stdin()
    context = HookContext(event, script, raw)
    payload: dict[str, Any] | None = None
    try:
        payload, problem = _payload(event, raw)
        if payload is None:
            decision = allow(message=f"batchgate: {problem}; allowed without checking")
        else:
            problems = [p for p in (problem, context.locate(payload)) if p]
            decision = fast(payload, context) or _slow(payload, context, slow)
            decision = noted(decision, problems)
    except Exception as error:  # the policy decides what a fault means
        decision = _fault(payload or {}, context, " ".join(f"{type(error).__name__}: {error}".split())[:500])
    emit(decision, event)


def noted(decision: Decision, problems: list[str]) -> Decision:
    """`decision`, with what was wrong with the input added to its message (one line)."""
    if problems:
        earlier = decision.message.removeprefix("batchgate: ")
        decision.message = "batchgate: " + "; ".join([*problems, *([earlier] if earlier else [])])
    return decision


def _read_stdin() -> bytes:
    try:
        return sys.stdin.buffer.read(MAX_PAYLOAD + 1)
    except (OSError, ValueError):
        return b""


def _slow(payload: dict[str, Any], context: HookContext, slow: Slow) -> Decision:
    """Decide with the engine: here if its dependencies import, else in batchgate's environment."""
    if _has_engine():
        return slow(payload, context)
    if os.environ.get(_IN_ENV):
        raise RuntimeError("batchgate's environment lacks its dependencies; run `batchgate doctor`")
    return _decide_in_environment(payload, context)


def _has_engine() -> bool:
    import importlib.util

    return all(importlib.util.find_spec(name) is not None for name in ("mistune", "git", "yaml", "jsonschema"))


def _decide_in_environment(payload: dict[str, Any], context: HookContext) -> Decision:
    import subprocess

    from batchgate.bootstrap import environment_dir, environment_python

    home = os.path.dirname(os.path.dirname(os.path.abspath(context.script)))
    python = environment_python(environment_dir(home))
    if not os.path.exists(python):
        raise RuntimeError(f"batchgate's environment is not set up in this clone; run {home}/bin/batchgate doctor")
    done = subprocess.run(
        [python, context.script], input=context.raw, capture_output=True, env={**os.environ, _IN_ENV: "1"}, check=False
    )
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise RuntimeError(f"the engine failed: {detail[0]}")
    sys.stdout.write(done.stdout.decode("utf-8", "replace"))
    sys.exit(0)


def fault_decision(payload: dict[str, Any], context: HookContext, problem: str) -> Decision:
    """The fault policy: fail closed for a gated subagent of an active run (bounded), else open."""
    message = f"batchgate: {context.event} hook could not decide: {problem}"
    gated = context.run is not None and is_gated(payload.get("agent_type"), context.run.get("agents") or [])
    if context.event != "SubagentStop" or not gated or not context.active or context.state_dir is None:
        return allow(message=message + " (allowed)")
    from batchgate.evidence.runfile import update_run

    run = update_run(context.state_dir, _count_fault)
    faults = int((run or {}).get("fault_blocks", 0))
    if faults > int(context.run.get("retries", 3)):  # type: ignore[union-attr]
        return allow(
            message=message + f"; letting the agent stop after {faults - 1} blocks — the batch is NOT verified"
        )
    return block(
        f"{message}. The batch cannot be verified until this is fixed "
        "(run `batchgate doctor`). Then stop again and repeat your final report with the commit SHA.",
        message=message,
    )


def _fault(payload: dict[str, Any], context: HookContext, problem: str) -> Decision:
    """`fault_decision`, which must not fail in turn: if it does, allow with the message."""
    try:
        return fault_decision(payload, context, problem)
    except Exception as error:
        failure = type(error).__name__
        return allow(message=f"batchgate: {context.event} hook could not decide: {problem} ({failure}); allowed")


def _count_fault(run: dict[str, Any] | None) -> dict[str, Any] | None:
    if run is None:
        return None
    run["fault_blocks"] = int(run.get("fault_blocks", 0)) + 1
    return run


def emit(decision: Decision, event: str) -> None:
    """Print the rendered decision and exit 0 (the JSON carries any block)."""
    text = render(decision, event)
    if decision.message:
        sys.stderr.write(decision.message + "\n")
    if text:
        sys.stdout.write(text + "\n")
    sys.stdout.flush()
    sys.exit(0)
