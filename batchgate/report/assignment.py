"""`assign`, `complete` and `fail` outcomes: report values, as text and JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from batchgate.evidence.runstate import Run
from batchgate.report.progress import Counts, NextStep, counts_json, run_json, step_json, step_line, waits
from batchgate.report.verification import VerificationReport, report_json, report_text


@dataclass
class Prerequisite:
    """One checklist line, in the seed's words."""

    text: str
    met: bool
    detail: str = ""


@dataclass
class AssignmentReport:
    """The checklist, and when all is met: the batch, the run and the developer's prompt."""

    task_id: str
    role: str
    prerequisites: list[Prerequisite] = field(default_factory=list)
    batch_id: str | None = None
    run: Run | None = None
    prompt: str = ""
    resumed: bool = False

    @property
    def ok(self) -> bool:
        """Every prerequisite is met and the batch is assigned."""
        return self.run is not None


@dataclass(frozen=True)
class CompletionReport:
    """The verification, and when it passed: deliverables, progress and the next step."""

    verification: VerificationReport
    next: NextStep | None = None
    progress: Counts | None = None
    deliverables: tuple[str, ...] = ()
    subject: str | None = None

    @property
    def ok(self) -> bool:
        """The batch was verified and marked complete."""
        return self.next is not None


def assignment_json(report: AssignmentReport) -> dict[str, Any]:
    """kind "assign"."""
    return {
        "kind": "assign",
        "ok": report.ok,
        "task_id": report.task_id,
        "role": report.role,
        "batch": report.batch_id,
        "resumed": report.resumed,
        "prerequisites": [{"text": p.text, "met": p.met, "detail": p.detail} for p in report.prerequisites],
        "run": run_json(report.run),
        "prompt": report.prompt or None,
    }


def assignment_text(report: AssignmentReport) -> str:
    """The checklist; when every line is met, the developer's prompt after it."""
    lines = ["Prerequisites:"]
    for p in report.prerequisites:
        lines.append(f"  [{'x' if p.met else ' '}] {p.text}" + (f" — {p.detail}" if p.detail else ""))
    if not report.ok:
        lines.append("Not assigned: fix the unchecked prerequisite(s) above.")
        return "\n".join(lines)
    verb = (
        "is still assigned (resumed; its base is kept)"
        if report.resumed
        else "assigned: marked IN PROGRESS, base recorded"
    )
    lines += [
        f"Batch {report.batch_id} {verb}.",
        "",
        "----- developer prompt -----",
        report.prompt,
        "----- end of prompt -----",
    ]
    return "\n".join(lines)


def completion_text(report: CompletionReport) -> str:
    """The seed's completion report: deliverables, SHA, progress, the next command."""
    verification = report.verification
    if report.next is None or report.progress is None:
        return report_text(verification) + "\nNot completed: tasks.md is unchanged."
    progress, step = report.progress, report.next
    return "\n".join(
        [
            f"Batch {verification.batch_id} complete: {verification.batch_title}",
            "",
            "Deliverables:",
            *[f"- {path}" for path in report.deliverables],
            f"- Git commit: {(verification.batch_commit or '')[:7]} {report.subject or ''}".rstrip(),
            "",
            "Quality verification: all gates passed (commit, files, tasks.md, clean, protected, scope, build).",
            f"Progress: {progress.batches_done}/{progress.batches} {step.role} batches complete"
            f" ({progress.tasks_done}/{progress.tasks} tasks)",
            "",
            *([step_line(step)] if waits(step) else [f"Next: {step.command}", f"  ({step.reason})"]),
        ]
    )


def completion_json(report: CompletionReport) -> dict[str, Any]:
    """kind "complete"."""
    return {
        "kind": "complete",
        "ok": report.ok,
        "verification": report_json(report.verification),
        "deliverables": list(report.deliverables),
        "progress": counts_json(report.progress) if report.progress else None,
        "next": step_json(report.next) if report.next else None,
    }


def failure_json(task_id: str, batch_id: str, reason: str) -> dict[str, Any]:
    """kind "fail"."""
    return {"kind": "fail", "ok": True, "task_id": task_id, "batch": batch_id, "reason": reason}
