"""The parsed plan and its lint findings, as text and JSON."""

from __future__ import annotations

from typing import Any

from batchgate.model.serialize import finding_to_json
from batchgate.model.types import Finding, Task, TasksDoc


def plan_text(doc: TasksDoc) -> str:
    """A readable outline: batches, tasks, commits, warnings."""
    out = [f"{doc.task_id or '(no task id)'}  {doc.path}"]
    for batch in doc.batches:
        commit = batch.commit or "-"
        who = batch.assignee or "(no assignee)"
        out.append(
            f"Batch {batch.id:<5} {batch.status.value:<12} {who:<20} {commit:<9} {batch.title}  (line {batch.line})"
        )
        out += [_task_line(task, "  ") for task in batch.tasks]
    if doc.tasks:
        out.append("Tasks outside any batch:")
        out += [_task_line(task, "  ") for task in doc.tasks]
    if doc.warnings:
        out.append(f"{len(doc.warnings)} warning(s):")
        out += [f"  {_where(w)}{w.message}" for w in doc.warnings]
    return "\n".join(out)


def _task_line(task: Task, indent: str) -> str:
    files = len(task.files)
    noun = "file" if files == 1 else "files"
    return f"{indent}Task {task.id:<6} {task.status.value:<12} {task.title}  ({files} {noun}, line {task.line})"


def findings_text(path: str, findings: list[Finding]) -> str:
    """Compiler-style lines (`path:line: error: message`) and a count."""
    out = [f"{path}{_at(f)}: {f.severity}: {f.message}" for f in findings]
    errors = sum(1 for f in findings if f.severity == "error")
    out.append(f"{errors} error(s), {len(findings) - errors} warning(s)")
    return "\n".join(out)


def findings_json(path: str, findings: list[Finding], ok: bool) -> dict[str, Any]:
    """The lint report (schemas/report.schema.json, kind "lint")."""
    return {
        "kind": "lint",
        "ok": ok,
        "path": path,
        "errors": sum(1 for f in findings if f.severity == "error"),
        "warnings": sum(1 for f in findings if f.severity != "error"),
        "findings": [finding_to_json(f) for f in findings],
    }


def _at(finding: Finding) -> str:
    """`:12` for a finding on line 12; nothing for one about the whole file (never a made-up line 1)."""
    return f":{finding.line}" if finding.line else ""


def _where(finding: Finding) -> str:
    return f"line {finding.line}: " if finding.line else ""
