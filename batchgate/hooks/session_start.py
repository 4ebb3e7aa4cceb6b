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
    task, batch, state = run.get("task_id"), run.get("batch_id"), run.get("state")
    verified = f"verified at {str(run.get('verified_sha'))[:7]}" if state == "verified" else "not verified yet"
    text = (
        f"batchgate: a run is active. Task {task}, batch {batch} ({run.get('role')}), "
        f"assigned {run.get('assigned_at')}, base {str(run.get('base'))[:7]}; {verified}; "
        f"the developer was stopped {run.get('subagent_blocks', 0)} time(s). "
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
