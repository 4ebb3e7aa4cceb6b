"""Read a tasks.md into the model, tolerating every variant real plans use.

What the reader had to guess becomes a warning with a line number; nothing
it reads is ever executed or followed outside the repository.
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter

from batchgate.model.blocks import parse_blocks
from batchgate.model.fields import FieldLine, collect_fields, first
from batchgate.model.marks import marker_frame
from batchgate.model.outline import Outline, Unit, container_of, outline
from batchgate.model.paths import RepoNames
from batchgate.model.status import is_status_phrase
from batchgate.model.tables import table_tasks
from batchgate.model.text import encoding_problems, normalized, read_bytes, shape_of
from batchgate.model.types import Batch, Finding, MarkerStyle, SourceShape, Span, Status, StatusMark, Task, TasksDoc
from batchgate.model.unitfields import BatchFacts, read_batch_facts, read_task_facts, status_from_field

_TASK_ID_IN_TITLE = re.compile(r"\b(TASK_[A-Z0-9_]+)\b")


def read_tasks(path: str, repo_root: str | None = None) -> TasksDoc:
    """Read and parse the tasks.md at `path` (InputError when it cannot be read)."""
    return parse_tasks(read_bytes(path), path, repo_root if repo_root is not None else guess_repo_root(path))


def guess_repo_root(path: str) -> str | None:
    """The work tree holding `path`, or the folder that holds its `task-tracking/`."""
    current = os.path.dirname(os.path.abspath(path))
    while True:
        if os.path.exists(os.path.join(current, ".git")):
            return current
        if os.path.basename(current) == "task-tracking":
            return os.path.dirname(current)
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def parse_tasks(data: bytes, path: str, repo_root: str | None = None) -> TasksDoc:
    """Parse the bytes of a tasks.md."""
    paused = gc.isenabled()
    gc.disable()  # the model is a tree of small objects without cycles: collecting while building it is waste
    try:
        shape = shape_of(data, path, repo_root)
        reader = _Reader(shape, RepoNames.of(repo_root))
        return reader.document(path)
    finally:
        if paused:
            gc.enable()


class _Reader:
    def __init__(self, shape: SourceShape, repo: RepoNames) -> None:
        self.shape = shape
        self.lines = shape.lines
        self.repo = repo
        self.warnings: list[Finding] = []
        self.outline: Outline = outline(self.lines, parse_blocks(normalized(shape)))
        if shape.raw_lines is not None:
            self._warn_encoding(shape.raw_lines)

    def document(self, path: str) -> TasksDoc:
        batches: dict[str, Batch] = {}
        loose: list[Task] = []
        units = self.outline.units
        for unit in units:
            if unit.heading.kind == "batch":
                self._add_batch(unit, batches)
        for unit in units:
            if unit.heading.kind != "task":
                continue
            task = self._task(unit)
            holder = container_of(unit, units, "batch")
            if holder is None:
                loose.append(task)
            else:
                batches[holder.heading.id.upper()].tasks.append(task)
        result = list(batches.values())
        self._finish(result, loose)
        return TasksDoc(
            path,
            _task_id(path, self.lines),
            result,
            loose,
            self._sorted_warnings(),
            self.shape,
            self._style(result, loose),
        )

    def _add_batch(self, unit: Unit, batches: dict[str, Batch]) -> None:
        key = unit.heading.id.upper()
        fields = self._fields(unit)
        facts = read_batch_facts(unit, fields, self.outline, self.warnings)
        if key in batches:
            existing = batches[key]
            self.warn(
                unit.line,
                f"batch {unit.heading.id} appears again (first at line {existing.line}); read as one batch",
                "merged",
            )
            _merge(existing, unit, facts)
            return
        status, mark = self._status(unit, fields, "batch")
        batch = Batch(
            id=unit.heading.id,
            title=unit.heading.title,
            status=status,
            line=unit.line + 1,
            end_line=unit.end,
            mark=mark,
            assignee=facts.assignee,
            dependencies=facts.dependencies,
            commit=facts.commit,
            commit_subject=facts.subject,
            commit_note=facts.note,
            commit_fields=facts.commit_fields,
            fields=facts.text_fields,
            insert_at=facts.insert_at,
            heading_commit=_heading_commit(self.lines[unit.line], unit),
            sections=[(unit.line, unit.end)],
        )
        for table in unit.tables:
            batch.tasks.extend(table_tasks(table, self.lines))
        batches[key] = batch

    def _task(self, unit: Unit) -> Task:
        fields = self._fields(unit)
        status, mark = self._status(unit, fields, "task")
        task = Task(unit.heading.id, unit.heading.title, status, unit.line + 1, mark)
        read_task_facts(task, unit, fields, self.repo, self.warnings)
        return task

    def _fields(self, unit: Unit) -> list[FieldLine]:
        found: list[FieldLine] = []
        for start, end in unit.owned:
            found.extend(collect_fields(self.lines, self.outline.content, start, end))
        return found

    def _status(self, unit: Unit, fields: list[FieldLine], kind: str) -> tuple[Status, StatusMark]:
        marker = unit.heading.marker
        if marker is not None and marker.status is not None:
            if marker.damaged:
                self.warn(
                    unit.line,
                    f"{kind} {unit.heading.id}: damaged status marker {marker.text.strip()!r}"
                    f" read as {marker.status.value}",
                    "damaged-marker",
                )
            start = unit.heading.content_start + marker.start
            prefix, suffix, prose = marker_frame(marker.text)
            return marker.status, StatusMark(
                "heading",
                Span(unit.line, start, unit.heading.content_end),
                marker.emoji,
                prefix,
                suffix,
                marker.damaged,
                _twin(first(fields, "status")),
                prose,
            )
        status_field = first(fields, "status")
        if status_field is not None and (reading := status_from_field(status_field)) is not None:
            status, mark = reading
            if mark.damaged:
                self.warn(
                    status_field.line,
                    f"{kind} {unit.heading.id}: damaged status marker in its Status field",
                    "damaged-marker",
                )
            return status, mark
        self.warn(unit.line, f"{kind} {unit.heading.id} has no status marker; read as pending", "no-status")
        end = unit.heading.content_end
        return Status.PENDING, StatusMark("none", Span(unit.line, end, end), False, " ", "")

    def _finish(self, batches: list[Batch], loose: list[Task]) -> None:
        if not batches and not loose:
            self.warnings.append(
                Finding(
                    None,
                    "no batches and no tasks found: headings must read `## Batch N: …` or `### Task N.M: …`",
                    code="empty",
                )
            )
        elif batches and loose:
            for task in loose:
                self.warn(task.line - 1, f"task {task.id} is outside any batch", "loose-task")
        for batch in batches:
            _derive_assignee(batch, self.warnings)

    def _style(self, batches: list[Batch], loose: list[Task]) -> MarkerStyle:
        marks = [b.mark for b in batches] + [t.mark for b in batches for t in b.tasks] + [t.mark for t in loose]
        written = [m for m in marks if m.kind == "heading"]
        if not written:
            return MarkerStyle(emoji=True, prefix=" ")
        emoji = sum(m.emoji for m in written) * 2 >= len(written)
        counts = Counter(m.prefix for m in written)
        prefix = max(counts, key=counts.__getitem__)  # the first most common, as most_common(1) (no heapq import)
        return MarkerStyle(emoji=emoji, prefix=prefix)

    def _warn_encoding(self, raw_lines: tuple[str, ...]) -> None:
        for index, message in encoding_problems(raw_lines):
            self.warn(index, message, "encoding")

    def warn(self, index: int, message: str, code: str) -> None:
        self.warnings.append(Finding(index + 1, message, code=code))

    def _sorted_warnings(self) -> list[Finding]:
        return sorted(self.warnings, key=lambda w: (w.line or 0, w.message))


def _twin(status_field: FieldLine | None) -> StatusMark | None:
    """A `**Status**:` field that says nothing but a status (`COMPLETE`, `✅ DONE`): the writer keeps it in step."""
    if status_field is None or not is_status_phrase(status_field.value):
        return None
    reading = status_from_field(status_field)
    return reading[1] if reading else None


def _heading_commit(line: str, unit: Unit) -> Span | None:
    """Where the SHA of `- Committed: <sha>` sits in a batch heading."""
    marker = unit.heading.marker
    if marker is None or marker.commit is None:
        return None
    start = line.lower().find(marker.commit, unit.heading.content_start + marker.start)
    return Span(unit.line, start, start + len(marker.commit)) if start >= 0 else None


def _merge(batch: Batch, unit: Unit, facts: BatchFacts) -> None:
    batch.sections.append((unit.line, unit.end))
    batch.end_line = max(batch.end_line, unit.end)
    batch.assignee = batch.assignee or facts.assignee
    batch.dependencies = batch.dependencies or facts.dependencies
    batch.commit_fields += facts.commit_fields
    if batch.commit is None:
        batch.commit, batch.commit_subject, batch.commit_note = facts.commit, facts.subject, facts.note
    for name, value in facts.text_fields.items():
        batch.fields.setdefault(name, value)


def _derive_assignee(batch: Batch, warnings: list[Finding]) -> None:
    """A batch with no assignee of its own takes its tasks' one assignee."""
    if batch.assignee:
        return
    names = sorted({task.assignee for task in batch.tasks if task.assignee})
    if len(names) == 1:
        batch.assignee = names[0]
    elif len(names) > 1:
        warnings.append(
            Finding(
                batch.line,
                f"batch {batch.id} mixes assignees ({', '.join(names)}); it has no single assignee",
                code="assignee",
            )
        )


def _task_id(path: str, lines: tuple[str, ...]) -> str | None:
    parent = os.path.dirname(os.path.abspath(path))
    if os.path.basename(os.path.dirname(parent)) == "task-tracking":
        return os.path.basename(parent)
    for line in lines[:40]:
        if line.startswith("# "):
            found = _TASK_ID_IN_TITLE.search(line)
            if found:
                return found.group(1)
    return None
