"""`complete`: verify, then mark the batch complete with its SHA, then say what comes next."""

from __future__ import annotations

import datetime as dt

from batchgate.evidence.runstate import COMPLETE, Run, change_run
from batchgate.model.edits import Edit
from batchgate.model.roles import FINISHED, role_of
from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import (
    progress_edits,
    set_batch_commit,
    set_batch_status,
    set_task_status,
    update_tasks_file,
)
from batchgate.report.assignment import CompletionReport
from batchgate.workflow.progress import counts, next_step
from batchgate.workflow.verify import target_batch, verify_target
from batchgate.workflow.workspace import Workspace


def complete(ws: Workspace, task_id: str, batch_id: str | None) -> CompletionReport:
    """Verify the batch; only when every gate passes, write COMPLETE and the SHA into tasks.md."""
    ws.repo.prefetch_worktree()  # git scans the work tree while the plan is read and parsed
    target = target_batch(ws, task_id, batch_id)
    report = verify_target(ws, task_id, target)
    if not report.ok or report.batch_commit is None:
        return CompletionReport(report)
    sha = report.batch_commit
    subject = ws.repo.commit(sha).subject
    path = ws.tasks_path(task_id)
    doc = update_tasks_file(path, ws.root, lambda d: _completion_edits(d, target.batch.id, sha, subject))
    if target.run is not None:
        change_run(ws.state_dir, _ended)
    role = role_of(target.batch, ws.config)
    run_after = ws.run()
    files = tuple(dict.fromkeys(ref.path for task in target.batch.tasks for ref in task.files if ref.path))
    step = next_step(doc, task_id, role, ws.config, run_after)
    return CompletionReport(report, step, counts(doc, role, ws.config), files, subject)


def _completion_edits(doc: TasksDoc, batch_id: str, sha: str, subject: str) -> list[Edit]:
    batch = doc.batch(batch_id)
    if batch is None:
        return []
    edits: list[Edit] = []
    for task in batch.tasks:
        if task.status != Status.SKIPPED:
            edits += set_task_status(doc, task, Status.COMPLETE)
    edits += set_batch_status(doc, batch, Status.COMPLETE)
    recorded = batch.commit or ""
    if not sha.startswith(recorded) or not recorded:
        edits += set_batch_commit(doc, batch, sha[:7], subject)
    done = sum(1 for b in doc.batches if b.status in FINISHED or b.id == batch.id)
    return edits + progress_edits(doc, done)


def _ended(run: Run) -> Run:
    run.state = COMPLETE
    run.ended_at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return run
