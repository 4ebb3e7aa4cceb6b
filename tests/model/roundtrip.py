"""Round-trip helpers: byte variants of a file, the exact lines an edit changed, the model as data."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from batchgate.model.reader import parse_tasks, read_tasks
from batchgate.model.serialize import doc_to_json
from batchgate.model.status import render_marker
from batchgate.model.text import BOM
from batchgate.model.types import Status, StatusMark, TasksDoc
from tests.model.helpers import corpus_bytes, corpus_in_repo
from tests.support.paths import corpus_files

T = TypeVar("T")
# Read off the corpus by hand: units whose heading marker has a twin `**Status**: <status>` field
# of their own (1-based line of the field). A status edit changes both lines.
TWINS: dict[str, dict[str, int]] = {
    "TASK_2025_103.md": {"batch 1": 39, "batch 2": 189, "batch 3": 369, "batch 4": 439},
    "TASK_2025_001.md": {"task 2": 84, "task 3": 169, "task 4": 232, "task 5": 307, "task 6": 406, "task 7": 509},
}
VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "lf": lambda data: data,
    "crlf": lambda data: data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "bom": lambda data: BOM + data,
    "bom-crlf": lambda data: BOM + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
}

_NAMES = [path.name for path in corpus_files()]
FILE_VARIANTS = [
    pytest.param(name, variant, id=f"{name.removesuffix('.md')}-{variant}") for name in _NAMES for variant in VARIANTS
] or [pytest.param("(corpus absent)", "lf", id="no-corpus")]

# A different status for every status, so each edit really changes something.
NEXT_STATUS = {
    Status.PENDING: Status.IN_PROGRESS,
    Status.IN_PROGRESS: Status.IMPLEMENTED,
    Status.IMPLEMENTED: Status.COMPLETE,
    Status.COMPLETE: Status.FAILED,
    Status.FAILED: Status.COMPLETE,
    Status.BLOCKED: Status.IN_PROGRESS,
    Status.SKIPPED: Status.PENDING,
}
_EMOJI = re.compile("[\u2190-\u2bff\U0001f000-\U0001faff\ufe0f]")
_LINE_WORD = re.compile(r"\bline \d+")


def load(tmp_path: Path, name: str, variant: str) -> tuple[bytes, TasksDoc]:
    """The variant's bytes of a corpus file, written into a repository layout in tmp, and their model."""
    path = corpus_in_repo(tmp_path, name)  # skips the test where the corpus is absent
    data = VARIANTS[variant](corpus_bytes(name))
    path.write_bytes(data)
    return data, read_tasks(str(path))


def sample(units: list[T], variant: str) -> list[tuple[int, T]]:
    """(index, unit) pairs to edit: every unit of the LF file; the first and the last of the other copies."""
    indexed = list(enumerate(units))
    if variant == "lf" or len(indexed) <= 2:
        return indexed
    return [indexed[0], indexed[-1]]


def reparse(doc: TasksDoc, data: bytes) -> TasksDoc:
    """The model of edited bytes, read as the same file in the same repository."""
    return parse_tasks(data, doc.path, doc.source.repo_root)


def has_emoji(text: str) -> bool:
    """True when `text` holds an emoji (or its variation selector)."""
    return _EMOJI.search(text) is not None


def body_lines(data: bytes) -> list[bytes]:
    """The file's lines with their endings, BOM left out."""
    return data.removeprefix(BOM).splitlines(keepends=True)


def opcodes(old: bytes, new: bytes) -> list[tuple[str, int, int, int, int]]:
    """difflib's non-equal opcodes between two versions, line by line (endings kept).

    The common head and tail are set aside first (difflib on 3,000 equal lines is slow)."""
    before, after = body_lines(old), body_lines(new)
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(
        a=before[head : len(before) - tail], b=after[head : len(after) - tail], autojunk=False
    )
    return [
        (tag, i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def assert_only_line_replaced(old: bytes, new: bytes, index: int) -> tuple[str, str]:
    """The edit replaced exactly line `index` (0-based), same ending, BOM kept; (old line, new line)."""
    assert old.startswith(BOM) == new.startswith(BOM)
    assert opcodes(old, new) == [("replace", index, index + 1, index, index + 1)]
    before, after = body_lines(old)[index], body_lines(new)[index]
    assert _ending(before) == _ending(after)
    return before.decode(), after.decode()


def assert_lines_replaced(old: bytes, new: bytes, indices: list[int]) -> list[str]:
    """The edit replaced exactly these lines (0-based), each keeping its ending; the new lines."""
    assert old.startswith(BOM) == new.startswith(BOM)
    assert opcodes(old, new) == [("replace", i, i + 1, i, i + 1) for i in sorted(indices)]
    before, after = body_lines(old), body_lines(new)
    assert all(_ending(before[i]) == _ending(after[i]) for i in indices)
    return [after[i].decode() for i in sorted(indices)]


def status_lines(name: str, kind: str, unit_id: str, mark: StatusMark) -> list[int]:
    """The 0-based lines a status edit must change: the marker's, and its hand-read twin field's."""
    twin = TWINS.get(name, {}).get(f"{kind} {unit_id}")
    return [mark.span.line] + ([twin - 1] if twin else [])


def assert_only_lines_inserted(old: bytes, new: bytes) -> list[str]:
    """The edit inserted lines in one place and changed nothing else; the inserted lines."""
    assert old.startswith(BOM) == new.startswith(BOM)
    ops = opcodes(old, new)
    assert len(ops) == 1, ops
    tag, i1, i2, j1, j2 = ops[0]
    assert tag == "insert" and i1 == i2, ops
    added = body_lines(new)[j1:j2]
    ending = _dominant(old)
    assert all(_ending(line) in {ending, b""} for line in added), added
    return [line.decode() for line in added]


def settled(view: dict[str, Any], line: int) -> dict[str, Any]:
    """The model view minus the warnings a status edit on `line` is meant to settle."""
    kept = [w for w in view["warnings"] if not (w["line"] == line and w["code"] in {"no-status", "damaged-marker"})]
    return {**view, "warnings": kept}


def expect_status_field(entry: dict[str, Any], mark: StatusMark, status: Status) -> None:
    """Where the status lives in a `**Status**:` field (or its twin does), that field's text changes."""
    field = mark if mark.kind == "field" else mark.twin
    if field is not None:
        key = next(k for k in entry["fields"] if k.lower() == "status")
        entry["fields"][key] = render_marker(status, field.emoji)


def model_view(doc: TasksDoc, keep_lines: bool = True) -> dict[str, Any]:
    """The model as plain data (no path); without line numbers when lines were inserted."""
    data = doc_to_json(doc)
    data.pop("path")
    return data if keep_lines else _without_lines(data)


def _without_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_lines(v) for k, v in value.items() if k not in {"line", "end_line"}}
    if isinstance(value, list):
        return [_without_lines(v) for v in value]
    if isinstance(value, str):
        return _LINE_WORD.sub("line N", value)
    return value


def _ending(line: bytes) -> bytes:
    return line[len(line.rstrip(b"\r\n")) :]


def _dominant(data: bytes) -> bytes:
    crlf = data.count(b"\r\n")
    return b"\r\n" if crlf > data.count(b"\n") - crlf else b"\n"
