"""Structure problems in a tasks.md, with line numbers. Errors make `lint` exit 1.

Errors are what would make verification wrong or unsafe: a path outside the
repository, a commit that is not a SHA, duplicate task ids, a batch with no
tasks, a complete batch whose tasks are not done. The reader's guesses and
damaged markers are warnings: the file still reads.
"""

from __future__ import annotations

import re
from collections import Counter

from batchgate.model.fields import normalize_name
from batchgate.model.files import file_field, says_no_file
from batchgate.model.status import read_marker
from batchgate.model.types import DONE_STATUSES, Batch, Finding, Status, Task, TasksDoc

_ERROR_CODES = frozenset({"path"})
# A value that tries to be a SHA and fails: a hex word of the wrong length, or a word of letters and
# digits (`abc12`, `g4f3e2d1`). A plain word (`OPTIONAL`, `PENDING`) is a note, not a failed SHA.
_HEXISH = re.compile(r"^`?(?:[0-9a-fA-F]{4,64}|(?=[0-9a-zA-Z]*\d)[0-9a-zA-Z]{4,64})`?(?:\s|$)")
_COUNT = re.compile(r"^\s*(\d+)\b")


def lint(doc: TasksDoc) -> list[Finding]:
    """Every problem in the document, errors and warnings, by line."""
    found = [_reader_finding(w) for w in doc.warnings]
    found += _duplicate_task_ids(doc)
    for batch in doc.batches:
        found += _batch_problems(batch, doc.source.lines)
    for task in doc.all_tasks():
        if not task.files and not _says_no_files(task):
            found.append(Finding(task.line, f"task {task.id} names no files", "warning", "no-files"))
    return sorted(found, key=lambda f: (f.line or 0, f.severity != "error", f.message))


def has_errors(findings: list[Finding]) -> bool:
    """True when any finding is an error."""
    return any(f.severity == "error" for f in findings)


def _says_no_files(task: Task) -> bool:
    """A file field that reads `N/A …` or `None …`: no files is what the plan means."""
    return any(file_field(normalize_name(label))[0] and says_no_file(value) for label, value in task.fields.items())


def _reader_finding(warning: Finding) -> Finding:
    severity = "error" if warning.code in _ERROR_CODES else "warning"
    return Finding(warning.line, warning.message, severity, warning.code)


def _duplicate_task_ids(doc: TasksDoc) -> list[Finding]:
    counts = Counter(task.id.upper() for task in doc.all_tasks())
    problems = []
    for task in doc.all_tasks():
        if counts[task.id.upper()] > 1:
            problems.append(Finding(task.line, f"task id {task.id} is used more than once", "error", "duplicate-id"))
    return problems


def _batch_problems(batch: Batch, lines: tuple[str, ...]) -> list[Finding]:
    problems = []
    if not batch.tasks:
        problems.append(Finding(batch.line, f"batch {batch.id} has no tasks", "error", "no-tasks"))
    problems += _contradictions(batch)
    problems += _commit_values(batch, lines)
    declared = _declared_count(batch)
    if declared is not None and batch.tasks and declared != len(batch.tasks):
        problems.append(
            Finding(
                batch.line,
                f"batch {batch.id} says it has {declared} tasks; {len(batch.tasks)} found",
                "warning",
                "task-count",
            )
        )
    return problems


def _contradictions(batch: Batch) -> list[Finding]:
    # A task with no status written says nothing (the reader already warns): it contradicts no one.
    undone = [t.id for t in batch.tasks if t.status not in DONE_STATUSES and t.mark.kind != "none"]
    if batch.status in {Status.COMPLETE, Status.IMPLEMENTED} and undone:
        return [
            Finding(
                batch.line,
                f"batch {batch.id} is {batch.status.value} but tasks {', '.join(undone)} are not done",
                "error",
                "status",
            )
        ]
    if batch.status == Status.PENDING and batch.tasks and all(t.status in DONE_STATUSES for t in batch.tasks):
        return [Finding(batch.line, f"batch {batch.id} is pending but all its tasks are done", "warning", "status")]
    return []


def _commit_values(batch: Batch, lines: tuple[str, ...]) -> list[Finding]:
    """A commit field that tries to hold a SHA and fails is an error; a note is a warning."""
    problems = []
    for field in batch.commit_fields:
        span = field.value_span
        value = lines[span.line][span.start : span.end].strip()
        if field.shas or not value or read_marker(value).status is not None:
            continue
        attempt = _HEXISH.match(value) is not None
        problems.append(
            Finding(
                span.line + 1,
                f"batch {batch.id}: {field.name} {value[:40]!r} is not a SHA (7-40 hex digits)",
                "error" if attempt else "warning",
                "commit-not-sha",
            )
        )
    return problems


def _declared_count(batch: Batch) -> int | None:
    for name in ("Tasks in Batch", "Tasks"):
        value = batch.fields.get(name)
        if value is not None and (match := _COUNT.match(value)):
            return int(match.group(1))
    return None
