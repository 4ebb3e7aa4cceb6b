"""Checks for the writer's edits: every byte outside them kept, and the model changed exactly as meant.

`assert_only_edited` splits both versions into lines with their endings (its
own splitter, not the model's) and walks them side by side: a line no edit
touches is byte-identical; a replaced line keeps its ending and the bytes
before and after the replaced columns; inserted lines sit exactly where the
edits put them, end with the file's own line ending, and are the only lines
added. `signature` is the part of the model an edit may change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from batchgate.model.edits import Edit, Insert, Replace
from batchgate.model.types import Batch, Task, TasksDoc

BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_ENDING = re.compile(r"(\r\n|\r|\n)\Z")


def split_keep(text: str) -> list[str]:
    """Lines with their endings, the last one unterminated (maybe empty); ''.join gives `text` back."""
    lines: list[str] = _LINE.findall(text)
    if not lines or _ending(lines[-1]):
        lines.append("")
    return lines


def _ending(line: str) -> str:
    found = _ENDING.search(line)
    return found.group(1) if found else ""


def _body(line: str) -> str:
    return line[: len(line) - len(_ending(line))]


def dominant(lines: Sequence[str]) -> str:
    """The ending a new line must get: the file's most common one (LF on a tie)."""
    endings = [_ending(line) for line in lines]
    return max(("\n", "\r\n", "\r"), key=lambda ending: (endings.count(ending), ending == "\n"))


@dataclass(frozen=True)
class _Plan:
    replaced: dict[int, tuple[int, int]]  # line -> (first start, last end)
    inserted: dict[int, int]  # before -> how many lines


def _plan(edits: Sequence[Edit]) -> _Plan:
    replaced: dict[int, tuple[int, int]] = {}
    inserted: dict[int, int] = {}
    for edit in edits:
        if isinstance(edit, Replace):
            start, end = replaced.get(edit.line, (edit.start, edit.end))
            replaced[edit.line] = (min(start, edit.start), max(end, edit.end))
        elif isinstance(edit, Insert):
            inserted[edit.before] = inserted.get(edit.before, 0) + len(edit.lines)
    return _Plan(replaced, inserted)


def assert_only_edited(old: bytes, new: bytes, edits: Sequence[Edit]) -> None:
    """Every byte of `old` outside `edits` is in `new`, in place; nothing else was added."""
    assert old.startswith(BOM) == new.startswith(BOM), "the BOM changed"
    # surrogateescape: a byte that is not UTF-8 is one character, at the column the writer's edits count
    before = split_keep(old.removeprefix(BOM).decode("utf-8", "surrogateescape"))
    after = split_keep(new.removeprefix(BOM).decode("utf-8", "surrogateescape"))
    plan, newline, j = _plan(edits), dominant(before), 0
    for i in range(len(before) + 1):
        count = plan.inserted.get(i, 0)
        expected = "\r" if i > 0 and _ending(before[i - 1]) == "\r" else newline  # an LF would merge with a lone CR
        for added in after[j : j + count]:
            assert _ending(added) in (expected, ""), f"inserted line {added!r} does not end with {expected!r}"
            assert _ending(added) or j + count == len(after), f"inserted line {added!r} lost its ending"
        j += count
        if i == len(before):
            break
        assert j < len(after), f"line {i + 1} is missing after the edit"
        _check_line(before[i], after[j], plan, i, end_insert=i == len(before) - 1 and len(before) in plan.inserted)
        j += 1
    assert j == len(after), f"{len(after) - j} unexpected line(s) at the end: {after[j:][:3]!r}"


def _check_line(old: str, new: str, plan: _Plan, index: int, end_insert: bool) -> None:
    where = f"line {index + 1}"
    if index not in plan.replaced:
        if end_insert and not _ending(old):
            assert new in (old + "\n", old + "\r\n", old + "\r"), f"{where} changed beyond its new ending: {new!r}"
            return
        assert new == old, f"{where} changed though no edit touches it: {old!r} -> {new!r}"
        return
    start, end = plan.replaced[index]
    body_old, body_new = _body(old), _body(new)
    if not (end_insert and not _ending(old)):
        assert _ending(new) == _ending(old), f"{where} lost its line ending"
    assert body_new.startswith(body_old[:start]), f"{where}: bytes before the edit changed"
    assert body_new.endswith(body_old[end:]), f"{where}: bytes after the edit changed"


def _task(task: Task) -> tuple[Any, ...]:
    return (task.id, task.title, task.status, tuple(ref.path or ref.raw for ref in task.files), task.commit)


def _batch(batch: Batch) -> dict[str, Any]:
    return {
        "id": batch.id,
        "title": batch.title,
        "status": batch.status,
        "assignee": batch.assignee,
        "dependencies": tuple(batch.dependencies),
        "commit": batch.commit,
        "tasks": [_task(task) for task in batch.tasks],
    }


def signature(doc: TasksDoc) -> dict[str, Any]:
    """What an edit may change: each batch's and task's id, title, status, files, commit; as plain data."""
    return {"batches": [_batch(b) for b in doc.batches], "loose": [_task(t) for t in doc.tasks]}
