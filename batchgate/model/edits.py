"""Edits to a tasks.md as values, applied to its lines without touching the rest.

An edit replaces columns of one line or inserts whole lines before a line.
Applying keeps every other byte: line endings, BOM, trailing spaces.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import NamedTuple

from batchgate.model.text import dominant_ending, render
from batchgate.model.types import SourceShape


class Replace(NamedTuple):
    """Replace columns [start, end) of a 0-based line with `text`."""

    line: int
    start: int
    end: int
    text: str


class Insert(NamedTuple):
    """Insert `lines` before the 0-based line `before`."""

    before: int
    lines: tuple[str, ...]


Edit = Replace | Insert


def apply_edits(shape: SourceShape, edits: Iterable[Edit]) -> bytes:
    """The file's bytes with `edits` applied; overlapping replacements are a bug."""
    lines = list(shape.raw_lines if shape.raw_lines is not None else shape.lines)  # damaged bytes survive
    endings = list(shape.endings)
    edits = list(edits)
    replaces = sorted((e for e in edits if isinstance(e, Replace)), key=lambda e: (e.line, e.start), reverse=True)
    grouped: dict[int, list[str]] = {}
    for edit in edits:
        if isinstance(edit, Insert):
            grouped.setdefault(edit.before, []).extend(edit.lines)  # same place: in the order given
    _check_overlaps(replaces)
    for edit in replaces:
        text = lines[edit.line]
        lines[edit.line] = text[: edit.start] + edit.text + text[edit.end :]
    newline = dominant_ending(shape)
    for before in sorted(grouped, reverse=True):
        at = min(before, len(lines))
        # After a lone-CR line an LF would merge with it into one CRLF: such a line's CR is kept.
        local = "\r" if 0 < at <= len(endings) and endings[at - 1] == "\r" else newline
        added = [local] * len(grouped[before])
        if at == len(lines) and endings and not endings[-1]:
            endings[-1], added[-1] = local, ""  # keep "no newline at end of file"
        lines[at:at] = grouped[before]
        endings[at:at] = added
    return render(shape, lines, endings)


def _check_overlaps(replaces: list[Replace]) -> None:
    for later, earlier in itertools.pairwise(replaces):
        if later.line == earlier.line and earlier.end > later.start:
            raise ValueError(f"overlapping edits on line {later.line + 1}")
