"""Field lines: `**Name**: value`, `- **Name:** value`, `**A**: x | **B**: y`.

A field whose value is empty continues in the list items right below it
(across blank lines), as `**Files**:` followed by `- path` items does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from batchgate.record import field, record

_FIELD = re.compile(
    # the emoji as alternatives, not a class: re builds a 64 KiB table for a class beyond Latin-1 (~0.1 ms a process)
    r"(?P<lead>^[ \t]*(?:[-*+][ \t]+)?(?:\[[ xX]\][ \t]+)?(?:(?:✅|✔|❌|🔄|⏸|⬜|\ufe0f)+[ \t]+)?)?"
    r"\*\*(?P<name>[^*\n]{1,80}?)(?P<inner>:?)\*\*(?P<outer>:?)[ \t]*"
)
_NEXT_FIELD = re.compile(r"[ \t]+\|[ \t]+(?=\*\*[^*\n]{1,80}?:?\*\*:?)")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]+(?P<text>.*?)[ \t]*$")


class Item(NamedTuple):
    """A list item continuing a field: 0-based line, text, and its column."""

    line: int
    text: str
    column: int


@record
class FieldLine:
    """One field: normalized name, label as written, value and where it sits."""

    line: int  # 0-based
    name: str
    label: str
    value: str
    value_start: int
    value_end: int
    items: list[Item] = field(default_factory=list)

    def full_text(self) -> str:
        """The value with its continuation items, one per line."""
        parts = [self.value] if self.value else []
        parts += [f"- {item.text}" for item in self.items]
        return "\n".join(parts)


def normalize_name(label: str) -> str:
    """`File(s)` -> `file(s)`, `Git Commit SHA ` -> `git commit sha`."""
    return " ".join(label.replace(":", " ").split()).lower()


def fields_in_line(text: str, index: int) -> list[FieldLine]:
    """The fields a single line holds (several when joined by ` | `)."""
    if "**" not in text:
        return []
    match = _FIELD.match(text)
    if not match or not (match.group("inner") or match.group("outer")):
        return []
    found: list[FieldLine] = []
    while match:
        value_start = match.end()
        following = _NEXT_FIELD.search(text, value_start)
        value_end = following.start() if following else len(text.rstrip())
        label = match.group("name").strip()
        value_end = max(value_end, value_start)
        found.append(
            FieldLine(index, normalize_name(label), label, text[value_start:value_end].strip(), value_start, value_end)
        )
        if not following:
            break
        match = _FIELD.match(text, following.end())
        if match and not (match.group("inner") or match.group("outer")):
            break
    return found


def collect_fields(lines: Sequence[str], content: Sequence[bool], start: int, end: int) -> list[FieldLine]:
    """Every field in lines [start, end) that lie in content blocks, with continuations."""
    result: list[FieldLine] = []
    index = start
    while index < end:
        if not content[index]:
            index += 1
            continue
        here = fields_in_line(lines[index], index)
        result.extend(here)
        index += 1
        if here and not here[-1].value:
            index = _continue_items(lines, content, index, end, here[-1])
    return result


def _continue_items(lines: Sequence[str], content: Sequence[bool], index: int, end: int, owner: FieldLine) -> int:
    """Attach the list items after `owner` to it; return the first line not consumed."""
    probe = index
    while probe < end and content[probe] and not lines[probe].strip():
        probe += 1
    while probe < end and content[probe]:
        text = lines[probe]
        item = _ITEM.match(text)
        if not text.strip():
            probe += 1
            continue
        if fields_in_line(text, probe) and not (item and not _FIELD.match(item.group("text"))):
            break
        if not item:
            break
        owner.items.append(Item(probe, item.group("text"), item.start("text")))
        probe += 1
    return probe if owner.items else index


def first(fields: Sequence[FieldLine], *names: str) -> FieldLine | None:
    """The first field with one of `names` (normalized)."""
    for found in fields:
        if found.name in names:
            return found
    return None
