"""SessionStart (resume, compact): remind Claude where the active run stands."""

from __future__ import annotations

from batchgate.hooks.common import cli_for
from batchgate.hooks.decision import Decision, allow
from batchgate.hooks.runtime import HookContext, run_hook

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from typing import Any

EVENT = "SessionStart"


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """The run state says it all; no engine needed."""
    run = context.run
    if not context.active or run is None:
        return allow()
    cli = cli_for(context.script, context.project_dir)
    task, batch, state = run.task_id, run.batch_id, run.state
    verified = f"verified at {str(run.verified_sha)[:7]}" if state == "verified" else "not verified yet"
    text = (
        f"batchgate: a run is active. Task {task}, batch {batch} ({run.role}), "
        f"assigned {run.assigned_at}, base {run.base[:7]}; {verified}; "
        f"the developer was stopped {run.subagent_blocks} time(s). "
        f"Next: run `{cli} status {task}`; when the developer has reported, `{cli} complete {task}`; "
        f'if the batch cannot be finished, `{cli} fail {task} --reason "..."` and escalate.'
    )
    return allow(context=text)


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """Never reached: `fast` always decides."""
    return allow()


def main(script: str) -> None:
    """Entry point for hooks/session_start.py."""
    run_hook(EVENT, script, fast, decide)
