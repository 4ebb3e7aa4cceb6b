"""The parsed model as JSON (schemas/tasks.schema.json)."""

from __future__ import annotations

from typing import Any

from batchgate.model.types import Batch, FileRef, Finding, Task, TasksDoc


def doc_to_json(doc: TasksDoc) -> dict[str, Any]:
    """The whole document, as `batchgate parse --json` prints it."""
    return {
        "task_id": doc.task_id,
        "path": doc.path,
        "batches": [batch_to_json(b) for b in doc.batches],
        "tasks": [task_to_json(t) for t in doc.tasks],
        "warnings": [finding_to_json(w) for w in doc.warnings],
    }


def batch_to_json(batch: Batch) -> dict[str, Any]:
    """One batch with its tasks."""
    return {
        "id": batch.id,
        "title": batch.title,
        "status": batch.status.value,
        "assignee": batch.assignee,
        "dependencies": list(batch.dependencies),
        "commit": batch.commit,
        "commit_subject": batch.commit_subject,
        "commit_note": batch.commit_note,
        "line": batch.line,
        "end_line": batch.end_line,
        "tasks": [task_to_json(t) for t in batch.tasks],
        "fields": dict(batch.fields),
    }


def task_to_json(task: Task) -> dict[str, Any]:
    """One task."""
    return {
        "id": task.id,
        "title": task.title,
        "status": task.status.value,
        "assignee": task.assignee,
        "files": [file_to_json(f) for f in task.files],
        "commit": task.commit,
        "dependencies": list(task.dependencies),
        "line": task.line,
        "fields": dict(task.fields),
    }


def file_to_json(ref: FileRef) -> dict[str, Any]:
    """One file reference."""
    return {"path": ref.path, "raw": ref.raw, "action": ref.action, "line": ref.line, "problem": ref.problem}


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """A warning or lint problem."""
    return {"line": finding.line, "message": finding.message, "severity": finding.severity, "code": finding.code}
