"""SubagentStop: the developer may not stop until its batch passes every gate.

A block replaces the developer's report, so the reason ends by asking for
the full report again. `stop_hook_active` never waves an agent through; the
retry budget does: after `retries` blocks on one batch the next stop is let
through, the batch is marked failed with the report, and the team leader is
told to escalate.
"""

from __future__ import annotations

from batchgate.hooks.common import cli_for, gated_agent
from batchgate.hooks.decision import Decision, allow, block
from batchgate.hooks.runtime import HookContext, run_hook

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from typing import Any

    from batchgate.evidence.runstate import Run

EVENT = "SubagentStop"


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """Other agents, and stops outside an active run, go through at once."""
    if not context.active or gated_agent(payload, context.run) is None:
        return allow()
    return None


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """Verify the active batch; block with the evidence, or let go after the retry budget."""
    from time import monotonic

    from batchgate.evidence.runstate import change_run
    from batchgate.report.verification import block_reason, report_text
    from batchgate.workflow.fail import fail_batch
    from batchgate.workflow.history import record_verification
    from batchgate.workflow.verify import verify
    from batchgate.workflow.workspace import Workspace

    ws = Workspace.open(context.project_dir)
    run = ws.run()
    if run is None or not run.active:
        return allow()
    started = monotonic()
    report = verify(ws, run.task_id, run.batch_id)
    if report.ok:
        record_verification(ws, report, EVENT, started)
        sha = (report.batch_commit or "")[:7]
        return allow(message=f"batchgate: batch {run.batch_id} of {run.task_id} verified ({sha})")
    counted = change_run(ws.state_dir, _count_block)
    blocks = counted.subagent_blocks if counted else run.subagent_blocks + 1
    record_verification(ws, report, EVENT, started)
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
