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
from batchgate.hooks.decision import Decision, allow, block, render

if TYPE_CHECKING:
    from typing import Any

MAX_PAYLOAD = 16 * 1024 * 1024
_IN_ENV = "BATCHGATE_IN_ENV"


class HookContext:
    """What a hook knows before deciding: where it runs and the run state."""

    __slots__ = ("event", "project_dir", "raw", "run", "run_problem", "script", "state_dir")

    def __init__(self, event: str, script: str, raw: bytes) -> None:
        self.event = event
        self.script = script
        self.raw = raw
        self.project_dir = os.getcwd()
        self.state_dir: str | None = None
        self.run: dict[str, Any] | None = None
        self.run_problem: str | None = None

    def locate(self, payload: dict[str, Any]) -> None:
        """Find the repository (payload `cwd`, else the project dir) and read its run."""
        cwd = payload.get("cwd")
        base = cwd if isinstance(cwd, str) and os.path.isdir(cwd) else os.environ.get("CLAUDE_PROJECT_DIR", os.getcwd())
        self.project_dir = base
        self.state_dir = state_dir_for(base)
        try:
            self.run = read_run(self.state_dir)
        except RunFileCorrupt as error:
            self.run_problem = str(error)

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
    if not isinstance(value, dict):
        return None, "hook input is JSON but not an object"
    return value, None


def run_hook(event: str, script: str, fast: Fast, slow: Slow) -> None:
    """The whole hook process. Never raises, never prints a traceback."""
    raw = _read_stdin()
    context = HookContext(event, script, raw)
    payload, problem = read_payload(raw)
    try:
        if payload is None:
            decision = allow(message=f"batchgate: {problem}; allowed without checking")
        else:
            context.locate(payload)
            decision = fast(payload, context) or _slow(payload, context, slow)
    except Exception as error:  # the policy decides what a fault means
        decision = fault_decision(payload or {}, context, f"{type(error).__name__}: {error}")
    emit(decision, event)


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
    agent = payload.get("agent_type")
    gated = isinstance(agent, str) and context.run is not None and agent in (context.run.get("agents") or [])
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
