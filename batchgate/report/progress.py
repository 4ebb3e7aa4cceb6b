"""`status` and `next`: the values the workflow computes, as text and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from batchgate.evidence.runstate import Run


@dataclass(frozen=True)
class BatchLine:
    """One batch as progress reports show it."""

    id: str
    title: str
    status: str
    role: str
    assignee: str | None
    commit: str | None
    task_ids: tuple[str, ...]
    tasks_done: int
    line: int


@dataclass(frozen=True)
class Counts:
    """Complete and total batches (and tasks) of one role."""

    batches_done: int
    batches: int
    tasks_done: int
    tasks: int


@dataclass(frozen=True)
class NextStep:
    """The next batch for a role, or the command that comes next when none is left."""

    role: str
    batch: BatchLine | None
    command: str
    reason: str
    blocked: bool = False


@dataclass(frozen=True)
class StatusReport:
    """Where a task stands."""

    task_id: str
    path: str
    batches: tuple[BatchLine, ...]
    progress: dict[str, Counts]
    run: Run | None
    next: NextStep
    warnings: tuple[str, ...] = field(default_factory=tuple)


def run_json(run: Run | None) -> dict[str, Any] | None:
    """The run state as reports show it."""
    if run is None:
        return None
    return {
        "task_id": run.task_id,
        "batch": run.batch_id,
        "role": run.role,
        "state": run.state,
        "active": run.active,
        "base": run.base,
        "assigned_at": run.assigned_at,
        "subagent_blocks": run.subagent_blocks,
        "verified_sha": run.verified_sha,
    }


def status_json(report: StatusReport) -> dict[str, Any]:
    """kind "status"."""
    return {
        "kind": "status",
        "ok": True,
        "task_id": report.task_id,
        "path": report.path,
        "batches": [batch_json(b) for b in report.batches],
        "progress": {role: counts_json(c) for role, c in report.progress.items()},
        "run": run_json(report.run),
        "next": step_json(report.next),
        "warnings": list(report.warnings),
    }


def status_text(report: StatusReport) -> str:
    """For people, and for the slash command's first turn."""
    lines = [f"{report.task_id}: {len(report.batches)} batch(es) in {report.path}"]
    for b in report.batches:
        commit = f" {b.commit}" if b.commit else ""
        lines.append(
            f"  Batch {b.id} [{b.role}] {b.status}{commit} — {b.title} ({b.tasks_done}/{len(b.task_ids)} tasks done)"
        )
    for role, c in report.progress.items():
        if c.batches:
            lines.append(f"Progress ({role}): {c.batches_done}/{c.batches} batches complete")
    run = report.run
    if run is not None:
        lines.append(f"Run: batch {run.batch_id} {run.state} (assigned {run.assigned_at}, base {run.base[:7]})")
    lines += [f"Warning: {w}" for w in report.warnings]
    step = report.next
    lines.append(step_line(step) if waits(step) else f"Next: {step.command} — {step.reason}")
    return "\n".join(lines)


def waits(step: NextStep) -> bool:
    """A step that stops short of its command: a batch no backend or frontend developer runs is not done."""
    return step.blocked and step.batch is not None and step.batch.role == "other"


def step_line(step: NextStep) -> str:
    """The `Next:` line of a step that waits: what to do before the command."""
    return f"Next: before {step.command}, {step.reason}"


def next_json(step: NextStep, task_id: str) -> dict[str, Any]:
    """kind "next"."""
    return {"kind": "next", "ok": True, "task_id": task_id, "role": step.role, "next": step_json(step)}


def next_text(step: NextStep) -> str:
    """One or two lines."""
    if waits(step):
        return f"No {step.role} batch left, but not every batch is complete.\n{step_line(step)}"
    if step.batch is None:
        return f"No {step.role} batch left: {step.reason}.\nNext: {step.command}"
    tasks = ", ".join(step.batch.task_ids)
    head = f"Next {step.role} batch: Batch {step.batch.id} — {step.batch.title} ({step.reason}); tasks {tasks}"
    return f"{head}\nNext: {step.command}"


def step_json(step: NextStep) -> dict[str, Any]:
    """The next step inside a report."""
    return {
        "batch": batch_json(step.batch) if step.batch else None,
        "command": step.command,
        "reason": step.reason,
        "blocked": step.blocked,
    }


def batch_json(b: BatchLine) -> dict[str, Any]:
    """One batch line."""
    return {
        "id": b.id,
        "title": b.title,
        "status": b.status,
        "role": b.role,
        "assignee": b.assignee,
        "commit": b.commit,
        "tasks": list(b.task_ids),
        "tasks_done": b.tasks_done,
        "line": b.line,
    }


def counts_json(c: Counts) -> dict[str, int]:
    """A role's progress."""
    return {"batches_complete": c.batches_done, "batches": c.batches, "tasks_complete": c.tasks_done, "tasks": c.tasks}
