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

import gc
import json
import os
import sys
from collections.abc import Callable

from batchgate.evidence.gitdir import state_dir_for
from batchgate.evidence.runfile import RunRead, is_active
from batchgate.hooks.common import is_gated, payload_problem, salvage_agent
from batchgate.hooks.decision import Decision, allow, block, render

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from typing import Any

    from batchgate.evidence.runfile import Run

MAX_PAYLOAD = 16 * 1024 * 1024
_IN_ENV = "BATCHGATE_IN_ENV"


class HookContext:
    """What a hook knows before deciding: where it runs and the run state."""

    __slots__ = ("event", "project_dir", "raw", "run", "run_data", "run_problem", "script", "state_dir")

    def __init__(self, event: str, script: str, raw: bytes) -> None:
        self.event = event
        self.script = script
        self.raw = raw
        self.project_dir = _getcwd()
        self.state_dir: str | None = None
        self.run: Run | None = None
        self.run_data: bytes | None = None  # run.json's bytes, for the integrity check
        self.run_problem: str | None = None

    def locate(self, payload: dict[str, Any]) -> str | None:
        """Find the repository and read its run; what was wrong, if anything.

        The payload's `cwd` (it follows `cd` and worktrees) unless it holds no active run and the
        project dir does: a developer who stops in another repository is still held.
        """
        cwd = payload.get("cwd")
        project = os.environ.get("CLAUDE_PROJECT_DIR") or self.project_dir
        places = [cwd] if isinstance(cwd, str) and os.path.isdir(cwd) else []
        problem = f"the payload's cwd {cwd[:300]!r} is not a folder" if isinstance(cwd, str) and not places else None
        places += [project] if project and os.path.isdir(project) and project not in places else []
        if not places:
            return f"the project folder {project[:300]!r} does not exist (repository gone?); nothing to check"
        found = [_read_run_at(base) for base in places]
        chosen = next((f for f in found if f[2].problem or is_active(f[2].run)), found[0])
        self.project_dir, self.state_dir, read = chosen
        self.run, self.run_data, self.run_problem = read.run, read.data, read.problem
        if self.run_problem:
            problem = (
                f"the run state is unreadable ({self.run_problem}); "
                "to start afresh: batchgate assign TASK_ID --batch ID"
            )
        return problem

    @property
    def active(self) -> bool:
        """A run holds the agents."""
        return is_active(self.run)


def _read_run_at(base: str) -> tuple[str, str | None, RunRead]:
    """(base, state dir, what its run file holds) for the repository holding `base`."""
    state_dir = state_dir_for(base)
    return base, state_dir, RunRead(state_dir)


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
    missing = [name for name in ("hook_event_name", "cwd") if name not in payload]
    lacking = f"hook input has no {' and no '.join(missing)} (is it Claude Code's event JSON?)" if missing else None
    return payload, "; ".join(p for p in (lacking, payload_problem(payload)) if p) or None


def run_hook(event: str, script: str, fast: Fast, slow: Slow) -> None:
    """The whole hook process. Never raises, never prints a traceback."""
    # One decision in a short-lived process: reference counting frees what it builds, and the cyclic
    # collector would only rescan the engine's modules as they import (~5 ms on a verifying hook).
    gc.disable()
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
    from batchgate.bootstrap import has_dependencies

    if has_dependencies():
        return slow(payload, context)
    if os.environ.get(_IN_ENV):
        raise RuntimeError("batchgate's environment lacks its dependencies; run `batchgate doctor`")
    return _decide_in_environment(payload, context)


def _decide_in_environment(payload: dict[str, Any], context: HookContext) -> Decision:
    import subprocess

    from batchgate.bootstrap import environment_dir, environment_python
    from batchgate.launcher import hook_argv, launcher_command

    home = os.path.dirname(os.path.dirname(os.path.abspath(context.script)))
    python = environment_python(environment_dir(home))
    if not os.path.exists(python):
        cli = launcher_command(home, context.project_dir)
        raise RuntimeError(f"batchgate's environment is not set up here yet; run {cli} doctor (it creates it)")
    done = subprocess.run(
        hook_argv(python, context.script),
        input=context.raw,
        capture_output=True,
        env={**os.environ, _IN_ENV: "1"},
        check=False,
    )
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit {done.returncode}"]
        raise RuntimeError(f"the engine failed: {detail[0]}")
    sys.stdout.write(done.stdout.decode("utf-8", "replace"))
    sys.exit(0)


def fault_decision(payload: dict[str, Any], context: HookContext, problem: str) -> Decision:
    """The fault policy: fail closed for a gated subagent of an active run (bounded), else open."""
    message = f"batchgate: {context.event} hook could not decide: {problem}"
    run = context.run
    gated = run is not None and is_gated(payload.get("agent_type"), list(run.agents))
    if context.event != "SubagentStop" or not gated or run is None or not run.active or context.state_dir is None:
        return allow(message=message + " (allowed)")
    from batchgate.evidence.runfile import update_run

    counted = update_run(context.state_dir, _count_block)
    blocks = counted.subagent_blocks if counted else run.subagent_blocks + 1
    if blocks > run.retries:
        return allow(
            message=message + f"; letting the agent stop after {blocks - 1} blocks — the batch is NOT verified"
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


def _count_block(run: Run | None) -> Run | None:
    """One more SubagentStop block against the retry budget (faults and failed gates count alike)."""
    if run is not None:
        run.subagent_blocks += 1
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
