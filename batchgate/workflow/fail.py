"""`fail`: document the failure in tasks.md, mark the batch failed, end the run."""

from __future__ import annotations

import datetime as dt

from batchgate.errors import UsageError
from batchgate.evidence.runstate import FAILED, Run, change_run, held_batch
from batchgate.model.edits import Edit
from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import append_failure_note, set_batch_status, update_tasks_file
from batchgate.workflow.verify import target_batch
from batchgate.workflow.workspace import RunChangedOutside, Workspace


def fail_batch(ws: Workspace, task_id: str, batch_id: str | None, reason: str) -> TasksDoc:
    """Write the failure note and FAILED status; the run ends (the team leader escalates)."""
    try:
        target = target_batch(ws, task_id, batch_id)
    except RunChangedOutside:
        return _fail_untrusted(ws, task_id, batch_id, reason)
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    doc = update_tasks_file(ws.tasks_path(task_id), ws.root, lambda d: _failure_edits(d, target.batch.id, reason, when))
    if target.run is not None:
        change_run(ws.state_dir, lambda run: _failed(run, reason))
    return doc


def _fail_untrusted(ws: Workspace, task_id: str, batch_id: str | None, reason: str) -> TasksDoc:
    """The run state was changed outside batchgate: fail the batch batchgate's record names, and end the run."""
    held = held_batch(ws.state_dir)
    wanted = batch_id or (held[1] if held and held[0] == task_id else None)
    doc = ws.plan(task_id)
    batch = doc.batch(wanted) if wanted else None
    if batch is None:
        raise UsageError(f"no batch {wanted or ''} of {task_id} to fail".replace("  ", " "), "pass --batch ID")
    when = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    doc = update_tasks_file(ws.tasks_path(task_id), ws.root, lambda d: _failure_edits(d, batch.id, reason, when))
    change_run(ws.state_dir, lambda run: _failed(run, reason), force=True)  # the untrusted file goes
    return doc


def _failure_edits(doc: TasksDoc, batch_id: str, reason: str, when: str) -> list[Edit]:
    batch = doc.batch(batch_id)
    if batch is None:
        return []
    return append_failure_note(doc, batch, reason, when) + set_batch_status(doc, batch, Status.FAILED)


def _failed(run: Run, reason: str) -> Run:
    run.state = FAILED
    run.last_summary = reason.strip().splitlines()[0][:200] if reason.strip() else "failed"
    run.ended_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return run
