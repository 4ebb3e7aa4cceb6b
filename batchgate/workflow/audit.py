"""`audit`: check recorded history. Each recorded SHA resolves, is reachable, and touched the batch's files.

Runs on plans written long before batchgate existed: anything it cannot
check is reported as such, never as a crash and never as a pass.
"""

from __future__ import annotations

import os

from batchgate.evidence.git import GitEvidence
from batchgate.model.types import Batch, Status, TasksDoc
from batchgate.report.audit import OK, PROBLEM, UNCHECKED, BatchAudit, TaskAudit
from batchgate.workflow.workspace import Workspace, check_task_id


def audit(ws: Workspace, task_ids: list[str], everything: bool) -> list[TaskAudit]:
    """Audit the named plans, or every plan under task-tracking/."""
    ids = sorted(_all_task_ids(ws.root)) if everything else task_ids
    for task_id in ids:
        if not os.path.isfile(ws.tasks_path(task_id)):
            ws.plan(task_id)  # raises the missing-plan error (bad input, exit 2) before any output
    return [_audit_one(ws, task_id) for task_id in ids]


def _all_task_ids(root: str) -> list[str]:
    folder = os.path.join(root, "task-tracking")
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    return [n for n in names if os.path.isfile(os.path.join(folder, n, "tasks.md"))]


def _audit_one(ws: Workspace, task_id: str) -> TaskAudit:
    check_task_id(task_id)
    path = ws.tasks_path(task_id)
    result = TaskAudit(task_id, ws.relative(path))
    try:
        doc = ws.plan(task_id)
    except Exception as error:  # one unreadable plan must not stop the audit of the others
        result.error = str(getattr(error, "message", error))
        return result
    head = ws.repo.head()
    for batch in doc.batches:
        try:
            result.batches.append(_audit_batch(ws.repo, head, doc, batch))
        except Exception as error:
            result.batches.append(
                BatchAudit(batch.id, batch.status.value, batch.commit, UNCHECKED, [f"could not check: {error}"])
            )
    return result


def _audit_batch(repo: GitEvidence, head: str | None, doc: TasksDoc, batch: Batch) -> BatchAudit:
    audit_ = BatchAudit(batch.id, batch.status.value, batch.commit, OK)
    if batch.commit is None:
        if batch.status == Status.COMPLETE:
            audit_.verdict, audit_.findings = PROBLEM, ["marked complete, but no single commit SHA is recorded"]
        else:
            audit_.findings = ["no commit recorded (not complete)"]
        return audit_
    resolution = repo.resolve(batch.commit)
    if resolution.sha is None:
        shallow = any("shallow" in note for note in repo.state_notes())
        audit_.verdict = UNCHECKED if shallow else PROBLEM
        audit_.findings = [
            f"{batch.commit} is {resolution.problem} in this repository" + (" (shallow clone)" if shallow else "")
        ]
        return audit_
    if head is None or not repo.is_ancestor(resolution.sha, head):
        audit_.verdict, audit_.findings = PROBLEM, [f"{batch.commit} is not reachable from HEAD"]
        return audit_
    _check_files(repo, resolution.sha, batch, audit_)
    return audit_


def _check_files(repo: GitEvidence, sha: str, batch: Batch, audit_: BatchAudit) -> None:
    touched = {change.path for change in repo.changes(repo.commit(sha))}
    for task in batch.tasks:
        for ref in task.files:
            if ref.path is None:
                audit_.findings.append(f"Task {task.id}: {ref.raw} cannot be placed in the repository")
                audit_.verdict = UNCHECKED if audit_.verdict == OK else audit_.verdict
            elif ref.path not in touched:
                audit_.findings.append(f"Task {task.id}: {ref.path} was not changed by {batch.commit}")
                audit_.verdict = PROBLEM
