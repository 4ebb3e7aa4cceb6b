"""The outline of a tasks.md: which lines are content, and the batch and task
sections with the lines each one owns."""

from __future__ import annotations

import bisect
import sys
from collections.abc import Sequence
from typing import NamedTuple

from batchgate.model.blocks import CONTENT_KINDS, Block
from batchgate.model.headings import UnitHeading, read_unit_heading
from batchgate.record import field, record

_FENCE_CHARS = ("```", "~~~")
_AFTER_ANY = sys.maxsize  # as a tuple's second item: sorts after every (line, x) of the same line


@record
class Unit:
    """A batch or task section: its heading, line range and the ranges it owns."""

    heading: UnitHeading
    line: int  # 0-based heading line
    level: int
    end: int  # 0-based, exclusive
    owned: list[tuple[int, int]] = field(default_factory=list)
    tables: list[Block] = field(default_factory=list)
    parent: Unit | None = None


class Outline(NamedTuple):
    """Units in document order, plus the content mask and all headings."""

    units: list[Unit]
    content: list[bool]
    headings: list[tuple[int, int]]  # (0-based line, level)
    lists: list[tuple[int, int]]  # [start, end) of each top-level list, without its trailing blank lines


def outline(lines: Sequence[str], blocks: Sequence[Block]) -> Outline:
    """Find the batch and task sections and the lines where fields may be (linear in the file)."""
    content = _content_mask(lines, blocks)
    headings = [(b.start, b.level) for b in blocks if b.kind == "heading"]
    ends = _section_ends(headings, len(lines))
    units = []
    for position, (line, level) in enumerate(headings):
        heading = read_unit_heading(lines[line], level)
        if heading is not None:
            units.append(Unit(heading, line, level, ends[position]))
    _link_nesting(units)
    _assign_tables(units, [b for b in blocks if b.kind == "table"])
    lists = [_trimmed(lines, b.start, b.end) for b in blocks if b.kind == "list"]
    return Outline(units, content, headings, lists)


def insertion_line(layout: Outline, unit: Unit, fields: Sequence[tuple[int, int]]) -> int:
    """Where a new field line goes in `unit`: after the last field of its preamble (the lines before its
    first heading; `fields` are each field's [first, end) lines), else right under the heading.

    Never inside a list: a line there would end the item, and what the item held after it, such as an
    indented heading, would become part of the document's outline.
    """
    preamble_end = unit.owned[0][1] if unit.owned and unit.owned[0][0] == unit.line + 1 else unit.line + 1
    following = bisect.bisect_right(layout.headings, (unit.line, _AFTER_ANY))  # the next heading after its own
    if following < len(layout.headings):
        preamble_end = min(preamble_end, layout.headings[following][0])
    ends = [end for line, end in fields if line < preamble_end]
    if not ends:
        return unit.line + 1
    at = ends[-1]
    holder = bisect.bisect_right(layout.lists, (at - 1, _AFTER_ANY)) - 1  # the last list starting at or before
    if holder >= 0 and at < layout.lists[holder][1]:
        at = layout.lists[holder][1]
    return at


def _trimmed(lines: Sequence[str], start: int, end: int) -> tuple[int, int]:
    end = min(end, len(lines))
    while end > start + 1 and not lines[end - 1].strip():
        end -= 1
    return start, end


def container_of(unit: Unit, units: Sequence[Unit], kind: str) -> Unit | None:
    """The innermost `kind` unit whose section holds `unit`."""
    holder = unit.parent
    while holder is not None and holder.heading.kind != kind:
        holder = holder.parent
    return holder


def _section_ends(headings: list[tuple[int, int]], total: int) -> list[int]:
    """Each heading's section ends at the next heading of the same or a higher level."""
    ends = [total] * len(headings)
    open_sections: list[int] = []  # positions, levels strictly increasing
    for position, (line, level) in enumerate(headings):
        while open_sections and headings[open_sections[-1]][1] >= level:
            ends[open_sections.pop()] = line
        open_sections.append(position)
    return ends


def _link_nesting(units: list[Unit]) -> None:
    """Parents, and the lines each unit owns: its section minus its children's sections."""
    stack: list[Unit] = []
    children: dict[int, list[Unit]] = {}
    for unit in units:
        while stack and (stack[-1].end <= unit.line or stack[-1].level >= unit.level):
            stack.pop()
        unit.parent = stack[-1] if stack else None
        if unit.parent is not None:
            children.setdefault(id(unit.parent), []).append(unit)
        stack.append(unit)
    for unit in units:
        unit.owned = _owned_ranges(unit, children.get(id(unit), []))


def _owned_ranges(unit: Unit, nested: list[Unit]) -> list[tuple[int, int]]:
    ranges, cursor = [], unit.line + 1
    for child in nested:
        if child.line > cursor:
            ranges.append((cursor, child.line))
        cursor = max(cursor, child.end)
    if cursor < unit.end:
        ranges.append((cursor, unit.end))
    return ranges


def _assign_tables(units: list[Unit], tables: list[Block]) -> None:
    """Each table belongs to the innermost unit that owns its first line."""
    starts = [u.line for u in units]
    for table in tables:
        candidate: Unit | None = (
            units[bisect.bisect_right(starts, table.start) - 1] if starts and starts[0] < table.start else None
        )
        while candidate is not None and not _inside(table.start, candidate.owned):
            candidate = candidate.parent
        if candidate is not None:
            candidate.tables.append(table)


def _inside(line: int, ranges: Sequence[tuple[int, int]]) -> bool:
    return any(start <= line < end for start, end in ranges)


def _content_mask(lines: Sequence[str], blocks: Sequence[Block]) -> list[bool]:
    mask = [False] * len(lines)
    for block in blocks:
        if block.kind not in CONTENT_KINDS:
            continue
        for index in range(block.start, min(block.end, len(lines))):
            mask[index] = True
        if block.has_fence:
            _unmask_fences(lines, mask, block)
    return mask


def _unmask_fences(lines: Sequence[str], mask: list[bool], block: Block) -> None:
    """Inside a list item mistune found fenced code: keep its lines out of the content."""
    fence: str | None = None
    for index in range(block.start, min(block.end, len(lines))):
        stripped = lines[index].lstrip(" \t>-*+0123456789.)")
        stripped = stripped.lstrip()
        if fence is None and stripped.startswith(_FENCE_CHARS):
            fence = stripped[:3]
            mask[index] = False
        elif fence is not None:
            mask[index] = False
            if stripped.startswith(fence):
                fence = None
