"""Batch and task headings: their ids, titles and status markers.

`Batch 2a: Title ✅ COMPLETE`, `Task 1.1: Title - IMPLEMENTED`, `TASK-3 - x`,
`T4: x [COMPLETE]`, `T1.1: x (IMPLEMENTED)`, `Batch 1 (Tasks 1, 3) - Completed
by backend-developer agent`. The marker is found as the earliest of: a status
emoji, a bracketed or parenthesised status, a separator followed by a status
(alone, or opening a phrase: `Completed by …`, `Blocked on …`), or a trailing
upper-case status word. Everything from the end of the title to the end of
the heading is the marker region the writer may rewrite.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from batchgate.model.status import EMOJI_PATTERN, WORD_PATTERN, is_status_phrase, read_marker
from batchgate.model.types import Status

_ATX = re.compile(
    r"^(?P<indent> {0,3})(?P<hashes>#{1,6})(?P<space>[ \t]+|$)(?P<content>.*?)(?P<closing>[ \t]+#+)?[ \t]*$"
)
_SEP = r"(?P<sep>\s*:|\s+-(?!\w)|\s+[—–]|\s+(?=\()|\s*$)"
_BATCH_ID = r"(?P<id>\d+[A-Za-z]?(?:\.\d+)?|[A-Z])"
_TASK_ID = r"(?:[A-Z]?\d+[A-Za-z]?|[A-Z])(?:\.\d+[A-Za-z]?)*"
BATCH_RE = re.compile(rf"^\**(?i:batch)\s+{_BATCH_ID}(?![\w.])\**{_SEP}")
# `T4`, `T1.1`, `T2.3a`: a short task id without the word (the batch is the enclosing section)
_SHORT_ID = r"(?P<tid>T\d+[a-z]?(?:\.\d+[a-z]?)*)"
TASK_RE = re.compile(
    rf"^\**(?:(?i:task)\s+(?P<id>{_TASK_ID})|(?i:task)-(?P<hid>{_TASK_ID})|{_SHORT_ID})(?![\w.])\**{_SEP}"
)
# `Batch 2 ✅ COMPLETE`, `Task 1.1 [DONE]`: no title, the marker right after the id.
_BARE_BATCH_RE = re.compile(rf"^\**(?i:batch)\s+{_BATCH_ID}(?![\w.])\**(?=\s)")
_BARE_TASK_RE = re.compile(
    rf"^\**(?:(?i:task)\s+(?P<id>{_TASK_ID})|(?i:task)-(?P<hid>{_TASK_ID})|{_SHORT_ID})(?![\w.])\**(?=\s)"
)
_EMOJI_RE = re.compile(EMOJI_PATTERN)
_BRACKET_RE = re.compile(r"\s*\[([^\]\n]{1,40})\]")
# A status word after the dash, alone or opening a phrase about it: `- Completed by backend-developer agent`,
# `- Blocked on the API keys`, `- Done 2025-11-20`, `- Completed successfully`. A status word followed by
# any other word is a title (`- Pending Messages Queue`, `- Complete Rewrite`).
_CONNECTOR = r"(?i:by|on|in|at|with|via|and|after|since|per|for|but|as|awaiting)\b"
PROSE_AFTER = rf"\s*(?:[,;.]|\d|{_CONNECTOR}|\w{{3,}}ly\s*(?:$|[,;.(]))"
_SEP_STATUS_RE = re.compile(
    rf"\s+(?:-{{1,2}}|[—–])\s+(?=(?i:{WORD_PATTERN})(?![\w/])(?:\s*$|\s*[(\[:]|\s+[-—–]|{PROSE_AFTER}))"
)
# `(IMPLEMENTED)`, `(In Progress)`: a status in parentheses, closing the heading (other parentheses,
# such as a priority `(P0-1)`, or a ` - Assigned to …` tail may follow it)
_PAREN_RE = re.compile(r"\s*\(([^()\n]{1,40})\)(?=(?:\s*\([^()\n]*\))*\s*(?:$|\s[-—–]{1,2}\s))")
_TRAILING_RE = re.compile(
    r"\s+(?=(?:CODE\s+)?(?:COMPLETED?|IMPLEMENTED|IN\s+PROGRESS|PENDING|FAILED|BLOCKED|SKIPPED|DEFERRED|VERIFIED|DONE"
    r"|ASSIGNED|PARTIAL|NOT\s+NEEDED|N/A)(?:\s*\([^)]*\))?\s*(?:$|\s[-—–]{1,2}\s))"
)
_UPPER_WORD = re.compile(r"[A-Z]{2}|N/A")
_ASSIGNED_RE = re.compile(r"\b(?i:assigned\s+to|completed\s+by)\s+([\w.-]+)")
_COMMITTED_RE = re.compile(r"\b(?i:committed):?\s*`?([0-9a-fA-F]{7,40})\b")
_PAREN_TAIL_RE = re.compile(r"\s*\([^()]*\)\s*$")


class HeadingLine(NamedTuple):
    """An ATX heading line split into its parts (columns into the line)."""

    level: int
    content: str
    content_start: int
    content_end: int


class MarkerRegion(NamedTuple):
    """The status part of a heading's content."""

    start: int  # column in the content where the region begins (the title's end)
    text: str
    status: Status | None
    emoji: bool
    damaged: bool
    assignee: str | None
    commit: str | None
    note: str | None


class UnitHeading(NamedTuple):
    """A batch or task heading: kind, id, title, marker."""

    kind: str  # "batch" | "task"
    id: str
    title: str
    marker: MarkerRegion | None
    content_start: int
    content_end: int


def split_atx(line: str) -> HeadingLine | None:
    """Split an ATX heading line; None if the line is not one (a setext heading's text)."""
    match = _ATX.match(line)
    if not match:
        return None
    content = match.group("content")
    return HeadingLine(
        len(match.group("hashes")), content, match.start("content"), match.start("content") + len(content)
    )


def read_unit_heading(line: str, level: int) -> UnitHeading | None:
    """A batch (levels 2-4) or task (levels 2-5) heading, or None for any other section."""
    atx = split_atx(line)
    content, start = (atx.content, atx.content_start) if atx else (line.strip(), line.find(line.strip()))
    if 2 <= level <= 4:
        batch = BATCH_RE.match(content) or _marker_follows(_BARE_BATCH_RE.match(content), content)
        if batch:
            return _unit("batch", batch.group("id"), content, batch.end(), start)
    if 2 <= level <= 5:
        task = TASK_RE.match(content) or _marker_follows(_BARE_TASK_RE.match(content), content)
        if task:
            task_id = task.group("id") or task.group("hid") or task.group("tid")
            return _unit("task", task_id, content, task.end(), start)
    return None


def _marker_follows(match: re.Match[str] | None, content: str) -> re.Match[str] | None:
    """The id match, when nothing but a status marker follows it (else the heading is another section)."""
    if match is None:
        return None
    marker = find_marker(content[match.end() :])
    return match if marker is not None and marker.start == 0 else None


def _unit(kind: str, unit_id: str, content: str, title_start: int, content_start: int) -> UnitHeading:
    rest = content[title_start:]
    marker = find_marker(rest)
    title_text = rest[: marker.start] if marker else rest
    if marker:
        marker = MarkerRegion(
            marker.start + title_start,
            marker.text,
            marker.status,
            marker.emoji,
            marker.damaged,
            marker.assignee,
            marker.commit,
            marker.note,
        )
    title = title_text.strip().strip("*").strip()
    return UnitHeading(kind, unit_id, title, marker, content_start, content_start + len(content))


def find_marker(rest: str) -> MarkerRegion | None:
    """The marker region of a heading's text after its id, if any."""
    searches = [_EMOJI_RE]
    if " -" in rest or "—" in rest or "–" in rest:  # cheap guards: most headings need one search, not four
        searches.append(_SEP_STATUS_RE)
    if _UPPER_WORD.search(rest):
        searches.append(_TRAILING_RE)
    starts = [m.start() for m in (pattern.search(rest) for pattern in searches) if m]
    if "[" in rest:
        starts += [m.start() for m in _BRACKET_RE.finditer(rest) if is_status_phrase(m.group(1))]
    if "(" in rest:
        starts += [m.start() for m in _PAREN_RE.finditer(rest) if is_status_phrase(m.group(1))][:1]
    if not starts:
        return None
    start = min(starts)
    title_end = len(rest[:start].rstrip(" \t-—–[*"))
    text = rest[title_end:]
    return _read_region(title_end, text)


def _read_region(start: int, text: str) -> MarkerRegion:
    parts = re.split(r"\s+(?:-{1,2}|[—–])\s+", text.strip(" \t-—–"))
    head = _PAREN_TAIL_RE.sub("", parts[0]) or parts[0]
    reading = read_marker(head)
    status, notes = reading.status, []
    assignee = commit = None
    if (found := _ASSIGNED_RE.search(parts[0])) is not None:  # prose: `Completed by backend-developer agent`
        assignee = found.group(1)
    for part in parts[1:]:
        if (found := _ASSIGNED_RE.search(part)) and found.start() == 0:
            assignee = found.group(1)
        elif (found := _COMMITTED_RE.search(part)) is not None:
            commit = found.group(1).lower()
        elif is_status_phrase(part):
            status = read_marker(part).status or status
        else:
            notes.append(part)
    tail = _PAREN_TAIL_RE.search(parts[0])
    if tail and tail.start() > 0:
        notes.insert(0, tail.group(0).strip())
    damaged = reading.damaged or any(read_marker(p).damaged for p in parts[1:])
    return MarkerRegion(start, text, status, reading.emoji, damaged, assignee, commit, " - ".join(notes) or None)
