"""What a batch's or a task's fields say: assignee, files, commit, dependencies."""

from __future__ import annotations

import re
from collections.abc import Sequence

from batchgate.model.commits import commit_field_name, shas_in, subject_and_note
from batchgate.model.fields import FieldLine, first
from batchgate.model.files import file_field, parse_file_value
from batchgate.model.outline import Outline, Unit, insertion_line
from batchgate.model.paths import RepoNames
from batchgate.model.refs import dependency_ids
from batchgate.model.status import read_marker
from batchgate.model.types import CommitField, FileRef, Finding, Span, Status, StatusMark, Task
from batchgate.record import field, record

ASSIGNEE_FIELDS = ("assigned to", "assignee", "assigned", "developer", "developer needed")
FILE_FIELDS = ("file(s)", "file", "files")  # the plain names; files.file_field reads every spelling
_AGENT = re.compile(r"[A-Za-z][\w-]*")
_AGENT_NAME = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+\b")
_FRACTION = re.compile(r"\d+\s*/\s*\d+")


@record
class BatchFacts:
    """A batch section's fields, read."""

    assignee: str | None = None
    dependencies: list[str] = field(default_factory=list)
    commit: str | None = None
    subject: str | None = None
    note: str | None = None
    commit_fields: list[CommitField] = field(default_factory=list)
    text_fields: dict[str, str] = field(default_factory=dict)
    insert_at: int = 0


def read_batch_facts(unit: Unit, fields: Sequence[FieldLine], layout: Outline, warnings: list[Finding]) -> BatchFacts:
    """Assignee, dependencies, commit and text fields of one batch section."""
    heading = unit.heading
    facts = BatchFacts(text_fields=_text_fields(fields), insert_at=_insert_at(unit, fields, layout))
    facts.assignee = (heading.marker.assignee if heading.marker else None) or _assignee(fields)
    dependency = first(fields, "dependencies")
    facts.dependencies = dependency_ids(dependency.full_text(), "batch") if dependency else []
    own: dict[str, None] = {heading.marker.commit: None} if heading.marker and heading.marker.commit else {}
    per_task: list[str] = []
    values: dict[str, str] = {}
    for line in fields:
        name = commit_field_name(line.name)
        if name is None:
            continue
        shas = shas_in(line.full_text())
        if name.owner == "task":
            per_task += shas
        elif name.owner == "batch" and name.owner_id and name.owner_id.upper() != heading.id.upper():
            warnings.append(
                Finding(
                    line.line + 1,
                    f"field {line.label!r} in batch {heading.id}'s section names another batch; ignored",
                    code="commit",
                )
            )
        else:
            facts.commit_fields.append(_commit_field(line, shas))
            own.update(dict.fromkeys(shas))
            values.update(_texts_by_sha(line))
    _decide_commit(facts, list(own), per_task, values, unit, warnings)
    return facts


def _decide_commit(
    facts: BatchFacts, own: list[str], per_task: list[str], values: dict[str, str], unit: Unit, warnings: list[Finding]
) -> None:
    batch_id = unit.heading.id
    if len(own) == 1:
        facts.commit = own[0]
        facts.subject, facts.note = subject_and_note(values.get(own[0], ""), own[0])
    elif len(own) > 1:
        warnings.append(
            Finding(
                unit.line + 1,
                f"batch {batch_id} records several commits ({listed(own)}); its commit is left unset",
                code="commit",
            )
        )
    elif per_task:
        warnings.append(
            Finding(
                unit.line + 1,
                f"batch {batch_id} records commits per task ({listed(per_task)}); its commit is left unset",
                code="commit",
            )
        )


def read_task_facts(
    task: Task, unit: Unit, fields: Sequence[FieldLine], repo: RepoNames, warnings: list[Finding]
) -> None:
    """Fill a task's files, assignee, commit, dependencies and text fields."""
    seen: dict[str, int] = {}
    for line in fields:
        is_files, action = file_field(line.name)
        if is_files:
            _read_files(task, line, (repo, seen), warnings, action)
    task.assignee = (unit.heading.marker.assignee if unit.heading.marker else None) or _assignee(fields)
    dependency = first(fields, "dependencies")
    task.dependencies = dependency_ids(dependency.full_text(), "task") if dependency else []
    found: dict[str, None] = {}  # ordered and distinct: the heading's commit first
    if unit.heading.marker and unit.heading.marker.commit:
        found[unit.heading.marker.commit] = None
    for line in fields:
        name = commit_field_name(line.name)
        if name and (name.owner != "task" or name.owner_id is None or name.owner_id.upper() == task.id.upper()):
            found.update(dict.fromkeys(shas_in(line.full_text())))
    shas = list(found)
    if len(shas) == 1:
        task.commit = shas[0]
    elif len(shas) > 1:
        warnings.append(
            Finding(
                task.line,
                f"task {task.id} records several commits ({listed(shas)}); its commit is left unset",
                code="commit",
            )
        )
    task.fields = _text_fields(fields)


def _read_files(
    task: Task, line: FieldLine, where: tuple[RepoNames, dict[str, int]], warnings: list[Finding], action: str | None
) -> None:
    repo, seen = where
    pieces = [(line.value, line.line)] + [(item.text, item.line) for item in line.items]
    for text, index in pieces:
        refs, unread = parse_file_value(text, index + 1, repo, action)
        for ref in refs:
            if ref.problem:
                warnings.append(Finding(ref.line, f"task {task.id}: file {ref.raw!r}: {ref.problem}", code="path"))
        for piece in unread:
            warnings.append(
                Finding(piece.line, f"task {task.id}: no file path in {piece.text[:60]!r}", code="unread-path")
            )
        _add_files(task, refs, seen)


def _add_files(task: Task, refs: list[FileRef], seen: dict[str, int]) -> None:
    """Each path once per task (a later field may name the action the first one left open).
    `seen` maps the task's paths to their index, so a long list stays linear."""
    for ref in refs:
        same = seen.get(ref.path) if ref.path is not None else None
        if same is None:
            if ref.path is not None:
                seen[ref.path] = len(task.files)
            task.files.append(ref)
        elif task.files[same].action is None and ref.action is not None:
            task.files[same] = task.files[same]._replace(action=ref.action)


def status_from_field(line: FieldLine) -> tuple[Status, StatusMark] | None:
    """The status a `**Status**:` field gives, with the span the writer would change."""
    if _FRACTION.search(line.value):
        return None  # "3/5 complete" is progress, not a status
    reading = read_marker(line.value)
    if reading.status is None:
        return None
    span = Span(line.line, line.value_start, line.value_end)
    return reading.status, StatusMark("field", span, reading.emoji, "", "", reading.damaged)


def _assignee(fields: Sequence[FieldLine]) -> str | None:
    found = first(fields, *ASSIGNEE_FIELDS)
    if found is None:
        return None
    text = found.value or (found.items[0].text if found.items else "")
    names: list[str] = list(dict.fromkeys(_AGENT_NAME.findall(text)))
    if len(names) == 1:
        return names[0]
    if len(names) > 1:
        return None  # "BOTH (backend-developer for 5.1, frontend-developer for 5.3)": no single assignee
    agent = _AGENT.search(text)
    return agent.group(0) if agent else None


def listed(shas: Sequence[str], most: int = 10) -> str:
    """`a, b, c` — or the first `most` and how many more, so a warning stays one readable line."""
    shown = ", ".join(shas[:most])
    return shown if len(shas) <= most else f"{shown} and {len(shas) - most} more"


def _texts_by_sha(line: FieldLine) -> dict[str, str]:
    """Each sha of a field -> the value or continuation item it is written in (its subject or note follows)."""
    found: dict[str, str] = {}
    for text in [line.value] + [item.text for item in line.items]:
        for sha in shas_in(text):
            found.setdefault(sha, text)
    return found


def _commit_field(line: FieldLine, shas: list[str]) -> CommitField:
    return CommitField(
        line.line, line.label, Span(line.line, line.value_start, line.value_end), shas, "`" in line.value
    )


def _text_fields(fields: Sequence[FieldLine]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for line in fields:
        texts.setdefault(line.label, line.full_text())
    return texts


def _insert_at(unit: Unit, fields: Sequence[FieldLine], layout: Outline) -> int:
    """Where a new field line goes: after the fields right under the heading."""
    return insertion_line(layout, unit, [(f.line, (f.items[-1].line if f.items else f.line) + 1) for f in fields])
