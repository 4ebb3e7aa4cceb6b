"""Round-trip helpers: byte variants of a file, the exact lines an edit changed, the model as data."""

from __future__ import annotations

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


def status_lines(name: str, kind: str, unit_id: str, mark: StatusMark) -> list[int]:
    """The 0-based lines a status edit must change: the marker's, and its hand-read twin field's."""
    twin = TWINS.get(name, {}).get(f"{kind} {unit_id}")
    return [mark.span.line] + ([twin - 1] if twin else [])


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
