"""Stop: the team leader may not end its turn with the batch half-verified.

Decided from the run state alone (standard library): while the developer is
still running in the background its report is still to come, so Stop lets
go; otherwise an assigned or verified batch blocks with the command to run
next. Consecutive blocks are counted, and before Claude Code's own cap the
hook stops blocking, with a visible message, so nobody is stuck in a loop.

A run state changed outside batchgate (run.json or its folder deleted, or
rewritten, while batchgate's per-user record says a run holds agents) holds
the team leader too, until it fails the batch: otherwise a developer who
deleted the referee's state would end the whole session with the batch
neither verified nor marked FAILED. An unreadable run file is a fault: the
leader goes, told how to start afresh.
"""

from __future__ import annotations

import os

from batchgate.hooks.common import cli_for, is_gated
from batchgate.hooks.decision import Decision, allow, block
from batchgate.hooks.runtime import HookContext, run_hook

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from typing import Any

    from batchgate.evidence.runfile import Run

EVENT = "Stop"
CLAUDE_CAP = 8  # Claude Code overrides the 9th consecutive block (CLAUDE_CODE_STOP_HOOK_BLOCK_CAP)


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """The whole decision: it needs nothing but the run state."""
    run = context.run
    if context.state_dir is None:
        return allow()
    if not context.active or run is None:
        return _tampered(payload, context.state_dir, context) or allow()
    if _developer_running(payload, list(run.agents)):
        if run.stop_blocks:
            _set_blocks(context.state_dir, 0)  # a stop that is let through ends a series of blocks
        return allow()
    limit = _limit()
    blocks = _set_blocks(context.state_dir, None)
    task, batch = run.task_id, run.batch_id
    if blocks > limit:
        _set_blocks(context.state_dir, 0)
        return allow(
            message=f"batchgate: batch {batch} of {task} is still not complete, but the session was held "
            f"{limit} times; letting it end. Run `batchgate status` to see what is left."
        )
    return block(_reason(run, cli_for(context.script, context.project_dir)))


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """Never reached: `fast` always decides."""
    return allow()


def _tampered(payload: dict[str, Any], state_dir: str, context: HookContext) -> Decision | None:
    """Hold the team leader while batchgate's record says a run is on and its state is not what batchgate wrote."""
    from batchgate.evidence.runrecord import confirmed_problem, count_block, held_agents, is_holding, read_record

    if context.run_problem:
        return None  # unreadable: a fault, and the fault policy lets the leader go with the message (§5)
    record = read_record(state_dir)
    if not is_holding(record):
        return None  # the usual case: no run was ever assigned here, or it ended
    record, problem = confirmed_problem(state_dir, record, context.run_data, context.run_problem)
    if problem is None or record is None or _developer_running(payload, held_agents(record)):
        return None  # the developer's own stop, still to come, is held on it
    task, batch, base = (_plain(record.get(key)) for key in ("task_id", "batch_id", "base"))
    if count_block(state_dir, "leader_blocks") > _limit():
        count_block(state_dir, "leader_blocks", reset=True)
        return allow(
            message=f"batchgate: batch {batch} of {task} cannot be verified: {problem}; letting the session end"
        )
    review = f", review what the developer did since the base (git log {base[:7]}..HEAD)" if base != "?" else ""
    cli = cli_for(context.script, context.project_dir)
    return block(
        f"batchgate: batch {batch} of {task} cannot be verified: {problem}. Only batchgate writes .git/batchgate/. "
        f'End this run with `{cli} fail {task} --batch {batch} --reason "run state changed outside batchgate"`'
        f"{review}, tell the user, then assign the batch again."
    )


def _plain(value: object) -> str:
    """An id or SHA from the record, as words it cannot hold (the record is a file a user's process can write)."""
    text = value if isinstance(value, str) else ""
    return "".join(c for c in text[:64] if c.isascii() and (c.isalnum() or c in "_.-")) or "?"


def _developer_running(payload: dict[str, Any], agents: list[object]) -> bool:
    tasks = payload.get("background_tasks")
    if not isinstance(tasks, list):
        return False
    return any(
        isinstance(t, dict) and t.get("status") == "running" and is_gated(t.get("agent_type"), agents) for t in tasks
    )


def _limit() -> int:
    """Block at most one time fewer than Claude Code would allow (a cap of 0 turns Claude Code's off)."""
    try:
        cap = int(os.environ.get("CLAUDE_CODE_STOP_HOOK_BLOCK_CAP", CLAUDE_CAP))
    except ValueError:
        cap = CLAUDE_CAP
    if cap <= 0:
        cap = CLAUDE_CAP
    return max(1, min(cap, CLAUDE_CAP) - 1)


def _set_blocks(state_dir: str, value: int | None) -> int:
    """Set the consecutive-block counter (None: add one); its new value."""
    from batchgate.evidence.runfile import update_run

    def change(run: Run | None) -> Run | None:
        if run is not None:
            run.stop_blocks = run.stop_blocks + 1 if value is None else value
        return run

    updated = update_run(state_dir, change)
    return updated.stop_blocks if updated else 1


def _reason(run: Run, cli: str) -> str:
    task, batch = run.task_id, run.batch_id
    if run.state == "verified":
        return (
            f"batchgate: batch {batch} of {task} is verified but not marked complete. "
            f"Run `{cli} complete {task}`, then give the completion report and the next step."
        )
    return (
        f"batchgate: batch {batch} of {task} is assigned but not verified. If the developer has reported, run "
        f'`{cli} complete {task}` (it verifies first). If it could not finish, run `{cli} fail {task} --reason "..."` '
        "and escalate to the user. If you have not delegated the batch yet, delegate it to the developer in the "
        "foreground (run_in_background: false) with the prompt from `assign`."
    )


def main(script: str) -> None:
    """Entry point for hooks/stop.py."""
    run_hook(EVENT, script, fast, decide)
