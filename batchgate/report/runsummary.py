"""`run`: each batch's outcome and the run's end, as a table, as lines, and as JSON."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COMPLETE, FAILED, IN_PROGRESS, UNVERIFIED, NOT_STARTED, INTERRUPTED = (
    "complete",
    "failed",
    "in-progress",
    "unverified",
    "not-started",
    "interrupted",
)


@dataclass
class BatchOutcome:
    """One batch of an unattended run: what batchgate's state says after its session."""

    index: int
    total: int
    batch_id: str
    title: str
    role: str
    verdict: str = NOT_STARTED
    commit: str | None = None
    blocks: int = 0
    duration_s: float = 0.0
    tool_calls: int = 0
    session_id: str | None = None
    transcript: str | None = None
    session_exit: int | None = None
    failed_gates: list[str] = field(default_factory=list)
    detail: str = ""

    @property
    def passed(self) -> bool:
        """COMPLETE with its verified SHA."""
        return self.verdict == COMPLETE


@dataclass
class RunSummary:
    """The whole run: the outcomes, how it ended, and what to type next."""

    task_id: str
    outcomes: list[BatchOutcome]
    exit_code: int
    next_command: str | None = None
    resume_command: str | None = None
    more_left: bool = False


def duration(seconds: float) -> str:
    """`4m07s`, `1h02m`."""
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes // 60}h{minutes % 60:02d}m" if minutes >= 60 else f"{minutes}m{rest:02d}s"


def summary_text(summary: RunSummary) -> str:
    """The table, then the ending: the next step, or why it stopped and how to resume."""
    rows = [("batch", "title", "commit", "blocks", "duration", "verdict")]
    rows += [
        (o.batch_id, o.title[:40], (o.commit or "-")[:7], str(o.blocks), duration(o.duration_s), o.verdict.upper())
        for o in summary.outcomes
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)).rstrip() for row in rows]
    return "\n".join(["", *lines, "", *_ending(summary)])


def _ending(summary: RunSummary) -> list[str]:
    last = summary.outcomes[-1] if summary.outcomes else None
    if summary.exit_code == 0:
        done = sum(o.passed for o in summary.outcomes)
        lines = [f"{done} batch(es) of {summary.task_id} COMPLETE, each with its verified commit."]
        lines.append(f"Next: {summary.next_command}")
        if summary.more_left and summary.resume_command:
            lines.append(f"  (or go on unattended: {summary.resume_command})")
        return lines
    if last is None:
        return [f"No batch of {summary.task_id} was run."]
    head = "Interrupted" if last.verdict == INTERRUPTED else "Stopped"
    lines = [f"{head} at batch {last.batch_id} of {summary.task_id} ({last.title}): {last.verdict.upper()}"]
    lines += [f"  {last.detail}"] if last.detail else []
    lines += [f"  failed gate: {gate}" for gate in last.failed_gates]
    lines.append(f"  commit: {last.commit or 'none'}")
    if last.transcript:
        lines.append(f"  transcript: {last.transcript}")
    if summary.resume_command:
        lines.append(f"  resume: {summary.resume_command}")
    return lines


def summary_json(summary: RunSummary) -> dict[str, Any]:
    """For machines (schemas/report.schema.json, kind "run")."""
    return {
        "kind": "run",
        "ok": summary.exit_code == 0,
        "task_id": summary.task_id,
        "exit_code": summary.exit_code,
        "next": summary.next_command,
        "resume": summary.resume_command,
        "batches": [
            {
                "batch": o.batch_id,
                "title": o.title,
                "role": o.role,
                "verdict": o.verdict,
                "commit": o.commit,
                "blocks": o.blocks,
                "duration_s": round(o.duration_s, 1),
                "tool_calls": o.tool_calls,
                "session_id": o.session_id,
                "transcript": o.transcript,
                "session_exit": o.session_exit,
                "failed_gates": o.failed_gates,
                "detail": o.detail,
            }
            for o in summary.outcomes
        ],
    }
