"""SubagentStop: the developer may not stop until its batch passes every gate.

A block replaces the developer's report, so the reason ends by asking for
the full report again. `stop_hook_active` never waves an agent through; the
retry budget does: after `retries` blocks on one batch the next stop is let
through, the batch is marked failed with the report, and the team leader is
told to escalate.

A gated agent is also blocked, within the same budget, when its run state
is missing, unreadable or not what batchgate last wrote while batchgate's
per-user record says a run holds it: deleting or rewriting `.git/batchgate/`
frees nobody. That check runs only when the payload names an agent.
"""

from __future__ import annotations

from batchgate.hooks.common import cli_for, is_gated, text_field
from batchgate.hooks.decision import Decision, allow, block
from batchgate.hooks.runtime import HookContext, run_hook

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from typing import Any

    from batchgate.evidence.runfile import Run

EVENT = "SubagentStop"


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """Other agents, and stops where no run holds the agent, go through at once; a run state changed
    outside batchgate blocks the agents it held."""
    agent = text_field(payload, "agent_type")
    if not agent or context.state_dir is None:
        return allow()
    from batchgate.evidence.runrecord import confirmed_problem, held_agents, read_record

    record = read_record(context.state_dir)
    run = context.run if context.active else None
    if not is_gated(agent, list(run.agents) if run else []) and not is_gated(agent, held_agents(record)):
        return allow()
    record, problem = confirmed_problem(context.state_dir, record, context.run_data, context.run_problem)
    if problem and record is not None:
        return _untrusted(context, record, problem)
    return None if run is not None else allow()


def _untrusted(context: HookContext, record: dict[str, Any], problem: str) -> Decision:
    """Block: nothing can be verified on a run state batchgate did not write (bounded by the retry budget)."""
    from batchgate.evidence.runrecord import count_block

    assert context.state_dir is not None
    task, batch = record.get("task_id"), record.get("batch_id")
    blocks, retries = count_block(context.state_dir), record.get("retries")
    budget = retries if isinstance(retries, int) else 3
    about = f"batchgate: batch {batch} of {task} cannot be verified: {problem}"
    if blocks > budget:
        return allow(message=f"{about}; letting the agent stop after {budget} blocks — the batch is NOT verified")
    return block(
        f"{about} (check {blocks} of {budget + 1}). Only batchgate writes .git/batchgate/; the team leader must "
        "now fail this batch and assign it again. Do not touch batchgate's files or configuration. Stop again and "
        "give your final report, saying exactly what you changed under .git/batchgate/ or .claude/.",
        message=about,
    )


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """Verify the active batch; block with the evidence, or let go after the retry budget."""
    from batchgate.evidence.earlyscan import start_scan

    start_scan(context.project_dir)  # git reads a big tree while the engine imports
    from time import monotonic

    from batchgate.evidence.runstate import change_run
    from batchgate.report.verification import block_reason, report_text
    from batchgate.workflow.fail import fail_batch
    from batchgate.workflow.history import record_verification
    from batchgate.workflow.verify import verify
    from batchgate.workflow.workspace import Workspace

    ws = Workspace.open(context.project_dir)
    run = ws.run()  # raises when the run state changed since `fast` read it: the fault policy blocks
    if run is None or not run.active:
        return allow()
    started = monotonic()
    report = verify(ws, run.task_id, run.batch_id)
    if report.ok:
        record_verification(ws, report, EVENT, started, run)
        sha = (report.batch_commit or "")[:7]
        return allow(message=f"batchgate: batch {run.batch_id} of {run.task_id} verified ({sha})")
    counted = change_run(ws.state_dir, _count_block)
    blocks = counted.subagent_blocks if counted else run.subagent_blocks + 1
    record_verification(ws, report, EVENT, started, counted)
    if blocks <= run.retries:
        return block(block_reason(report, blocks, run.retries))
    reason = f"failed verification {run.retries + 1} times; last report:\n{report_text(report)}"
    fail_batch(ws, run.task_id, run.batch_id, reason)
    cli = cli_for(context.script, context.project_dir)
    return allow(
        message=(
            f"batchgate: batch {run.batch_id} of {run.task_id} still fails after {run.retries} blocks; "
            f"marked FAILED in tasks.md. Escalate to the user (see `{cli} status {run.task_id}`)."
        )
    )


def _count_block(run: Run) -> Run:
    run.subagent_blocks += 1
    return run


def main(script: str) -> None:
    """Entry point for hooks/subagent_stop.py."""
    run_hook(EVENT, script, fast, decide)
