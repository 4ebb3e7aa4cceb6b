"""The outline of a tasks.md: which lines are content, and the batch and task
sections with the lines each one owns."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from batchgate.model.blocks import CONTENT_KINDS, Block
from batchgate.model.headings import UnitHeading, read_unit_heading

_FENCE_CHARS = ("```", "~~~")


@dataclass
class Unit:
    """A batch or task section: its heading, line range and the ranges it owns."""

    heading: UnitHeading
    line: int  # 0-based heading line
    level: int
    end: int  # 0-based, exclusive
    owned: list[tuple[int, int]] = field(default_factory=list)
    tables: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Outline:
    """Units in document order, plus the content mask and all headings."""

    units: list[Unit]
    content: list[bool]
    headings: list[tuple[int, int]]  # (0-based line, level)


def outline(lines: Sequence[str], blocks: Sequence[Block]) -> Outline:
    """Find the batch and task sections and the lines where fields may be."""
    content = _content_mask(lines, blocks)
    headings = [(b.start, b.level) for b in blocks if b.kind == "heading"]
    units = []
    for position, (line, level) in enumerate(headings):
        heading = read_unit_heading(lines[line], level)
        if heading is None:
            continue
        end = next((h for h, lvl in headings[position + 1 :] if lvl <= level), len(lines))
        units.append(Unit(heading, line, level, end))
    for unit in units:
        unit.owned = _owned_ranges(unit, units)
        unit.tables = [b for b in blocks if b.kind == "table" and _inside(b.start, unit.owned)]
    return Outline(units, content, headings)


def container_of(unit: Unit, units: Sequence[Unit], kind: str) -> Unit | None:
    """The innermost `kind` unit whose section holds `unit`."""
    holders = [u for u in units if u.heading.kind == kind and u.line < unit.line < u.end and u.level < unit.level]
    return max(holders, key=lambda u: u.line) if holders else None


def _owned_ranges(unit: Unit, units: Sequence[Unit]) -> list[tuple[int, int]]:
    """The unit's lines after its heading, minus the sections of units nested in it."""
    nested = sorted((u.line, u.end) for u in units if unit.line < u.line < unit.end and u.level > unit.level)
    ranges, cursor = [], unit.line + 1
    for start, end in nested:
        if start > cursor:
            ranges.append((cursor, start))
        cursor = max(cursor, end)
    if cursor < unit.end:
        ranges.append((cursor, unit.end))
    return ranges


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
