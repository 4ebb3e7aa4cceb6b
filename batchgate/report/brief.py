"""The slash commands' first-turn briefing: usage, where the task stands, the exact commands."""

from __future__ import annotations

from dataclasses import dataclass, field

from batchgate.report.progress import StatusReport, status_text


@dataclass(frozen=True)
class Briefing:
    """What the team leader needs before its first turn."""

    command: str
    task_id: str | None
    problem: str | None = None  # a usage line or an error: the run must not start
    status: StatusReport | None = None
    role: str = "backend"
    cli: str = "batchgate"
    known_tasks: tuple[str, ...] = field(default_factory=tuple)


def briefing_text(brief: Briefing) -> str:
    """Plain text; always printable, whatever went wrong."""
    if brief.problem is not None:
        lines = [f"batchgate: {brief.problem}", f"Usage: {brief.command} TASK_ID   (a folder in task-tracking/)"]
        if brief.known_tasks:
            lines.append("Task plans here: " + ", ".join(brief.known_tasks[:20]))
        lines.append("Do not start the workflow: show this to the user and stop.")
        return "\n".join(lines)
    assert brief.status is not None and brief.task_id is not None
    task, cli = brief.task_id, brief.cli
    role_flag = "" if brief.role == "backend" else f" --role {brief.role}"
    return "\n".join(
        [
            status_text(brief.status),
            "",
            "Commands for this run (run them exactly as written, from the project directory):",
            f"  assign:   {cli} assign {task}{role_flag}",
            f"  verify:   {cli} verify {task}",
            f"  complete: {cli} complete {task}",
            f'  fail:     {cli} fail {task} --reason "<why, in one line>"',
            f"  status:   {cli} status {task}",
            f"  audit:    {cli} audit {task}",
        ]
    )
