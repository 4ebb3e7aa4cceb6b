"""`audit` results: the values the workflow fills in, as text and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

OK, PROBLEM, UNCHECKED = "ok", "problem", "could-not-check"


@dataclass
class BatchAudit:
    """One batch's recorded history, checked."""

    batch_id: str
    status: str
    commit: str | None
    verdict: str
    findings: list[str] = field(default_factory=list)


@dataclass
class TaskAudit:
    """One plan's batches, checked."""

    task_id: str
    path: str
    batches: list[BatchAudit] = field(default_factory=list)
    error: str | None = None


def audit_verdict(results: list[TaskAudit]) -> str:
    """ok, problem (a finding), or could-not-check (nothing wrong found, something unchecked)."""
    verdicts = {b.verdict for t in results for b in t.batches} | ({PROBLEM} if any(t.error for t in results) else set())
    if PROBLEM in verdicts:
        return PROBLEM
    return UNCHECKED if UNCHECKED in verdicts else OK


def audit_text(results: list[TaskAudit]) -> str:
    """One block per plan, one line per batch."""
    lines = []
    for task in results:
        lines.append(f"{task.task_id} ({task.path})" + (f": cannot read: {task.error}" if task.error else ""))
        for batch in task.batches:
            lines.append(f"  Batch {batch.batch_id} [{batch.status}] {batch.commit or '-'}: {batch.verdict}")
            lines += [f"      {finding}" for finding in batch.findings[:8]]
    problems = sum(1 for t in results for b in t.batches if b.verdict == PROBLEM)
    unreadable = sum(1 for t in results if t.error)
    lines.append(
        f"{len(results)} plan(s), {sum(len(t.batches) for t in results)} batch(es), {problems} with problems"
        + (f", {unreadable} plan(s) unreadable" if unreadable else "")
    )
    return "\n".join(lines)


def audit_json(results: list[TaskAudit]) -> dict[str, Any]:
    """kind "audit"."""
    return {
        "kind": "audit",
        "ok": audit_verdict(results) == OK,
        "verdict": audit_verdict(results),
        "tasks": [
            {
                "task_id": t.task_id,
                "path": t.path,
                "error": t.error,
                "batches": [
                    {
                        "batch": b.batch_id,
                        "status": b.status,
                        "commit": b.commit,
                        "verdict": b.verdict,
                        "findings": b.findings,
                    }
                    for b in t.batches
                ],
            }
            for t in results
        ],
    }
