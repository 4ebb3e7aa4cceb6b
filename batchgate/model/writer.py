"""The edit operations the workflow needs, each changing only its own bytes.

Every function returns edits against one parsed document; `update_tasks_file`
re-reads the file under its lock, computes the edits on what is there now,
and replaces the file atomically, so two writers never lose an update.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Sequence

from batchgate import fsutil
from batchgate.errors import InputError
from batchgate.model.edits import Edit, Insert, Replace, apply_edits
from batchgate.model.reader import parse_tasks
from batchgate.model.status import CANONICAL, EMOJI, PLAIN, read_marker, render_marker
from batchgate.model.types import Batch, Status, StatusMark, Task, TasksDoc

_UNSAFE_LINE_START = re.compile(r"^\s*(#|>|\||[-*+]\s|\d+[.)]\s|={3,}|-{3,})")
_ASSIGNED_TAIL = re.compile(r"\s+[-—–]{1,2}\s+(?:assigned\s+to|completed\s+by)\s+[\w.-]+", re.IGNORECASE)
_AGENT_TAIL = re.compile(r"\s+[-—–]{1,2}\s+(?:assigned\s+to|completed\s+by)\s+(?P<agent>[\w.-]+)", re.IGNORECASE)
_ITEM_OR_QUOTE = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|>)")
_FENCE = re.compile(r"`{3,}|~{3,}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_PROGRESS = re.compile(r"(?P<done>\d+)/(?P<total>\d+)(?P<rest>\s+(?:batch(?:es)?\s+)?complete)", re.IGNORECASE)


def status_edits(
    doc: TasksDoc, mark: StatusMark, current: Status, status: Status, assignee: str | None = None
) -> list[Edit]:
    """Edits that make a marker say `status` (none when it already does, undamaged)."""
    if status == current and not mark.damaged and assignee is None:
        return []
    span = mark.span
    if mark.kind == "none":
        prefix = doc.style.prefix
        closing = "]" if "[" in prefix else ")" if "(" in prefix else ""
        text = _framed(prefix, render_marker(status, doc.style.emoji), _assignment(status, assignee), closing)
        return [Replace(span.line, span.start, span.end, text)]
    old = doc.source.lines[span.line][span.start : span.end]
    if mark.kind == "cell":
        return [Replace(span.line, span.start, span.end, _cell_text(old, status))]
    if mark.kind == "field":
        text = _marker_text(status, mark.emoji, assignee)
        return [] if text == old else [Replace(span.line, span.start, span.end, text)]
    suffix = _ASSIGNED_TAIL.sub("", mark.suffix) if assignee else mark.suffix  # the new assignment replaces it
    if mark.prose_case is not None:
        core, suffix = _prose(status, mark.prose_case, suffix)
    else:
        core = render_marker(status, mark.emoji)
    raw = _raw_region(doc, mark)  # bytes that are not UTF-8 in the kept prefix or suffix stay as they were
    prefix = raw[: len(mark.prefix)] if old.startswith(mark.prefix) else mark.prefix
    suffix = raw[len(raw) - len(suffix) :] if suffix and old.endswith(suffix) else suffix
    text = _framed(prefix, core, _assignment(status, assignee), suffix)
    edits: list[Edit] = [] if text == raw else [Replace(span.line, span.start, span.end, text)]
    if mark.twin is not None:
        edits += status_edits(doc, mark.twin, current, status)  # the section's **Status**: field, kept in step
    return edits


def set_batch_status(doc: TasksDoc, batch: Batch, status: Status, assignee: str | None = None) -> list[Edit]:
    """Edits that set a batch's status (`🔄 IN PROGRESS - Assigned to <agent>` with an assignee)."""
    return status_edits(doc, batch.mark, batch.status, status, assignee)


def set_task_status(doc: TasksDoc, task: Task, status: Status) -> list[Edit]:
    """Edits that set one task's status."""
    return status_edits(doc, task.mark, task.status, status)


def set_batch_commit(doc: TasksDoc, batch: Batch, sha: str, subject: str | None = None) -> list[Edit]:
    """Edits that record `sha` as the batch's commit: its commit field rewritten (and any other field of
    its own that names other shas, so the batch reads back as this one commit), or a new field."""
    # no backticks in the subject: a backticked SHA there would read back as a second commit
    value = f"`{sha}`" + (f" - {_one_line(subject).replace('`', chr(39))}" if subject else "")
    heading = batch.heading_commit
    if not batch.commit_fields and heading is not None:  # the heading records it: rewrite that SHA only
        return [] if batch.commit == sha else [Replace(heading.line, heading.start, heading.end, sha)]
    if not batch.commit_fields:
        return [_insert_field(doc, batch, f"**Git Commit**: {value}")]
    if batch.commit == sha and (subject is None or batch.commit_subject == subject):
        return []
    first, *others = batch.commit_fields
    edits: list[Edit] = []
    for field in [first, *(f for f in others if f.shas and f.shas != [sha])]:
        span = field.value_span
        text = value.replace("`", "", 2) if field.shas and not field.backticks else value  # a bare sha stays bare
        edits.append(Replace(span.line, span.start, span.end, text))
    return edits


def append_failure_note(doc: TasksDoc, batch: Batch, reason: str, when: str) -> list[Edit]:
    """Edits that document a failure under the batch's heading, as a field with one item per line."""
    safe = (_safe(line) for line in reason.strip().splitlines())
    lines = [line for line in safe if line.strip()][:30] or ["(no reason given)"]  # after sanitizing: no empty items
    note = [f"**Failure Note** ({when}, batchgate): {lines[0]}"] + [f"- {line}" for line in lines[1:]]
    return [_insert_field(doc, batch, *note)]


def progress_edits(doc: TasksDoc, complete_after: int) -> list[Edit]:
    """Edits to a preamble line such as `**Status**: 1/3 batches complete`, counting `complete_after`."""
    first_batch = min((b.line for b in doc.batches), default=len(doc.source.lines) + 1) - 1
    for index, line in enumerate(doc.source.lines[:first_batch]):
        match = _PROGRESS.search(line)
        if match and int(match.group("total")) == len(doc.batches):
            if int(match.group("done")) == complete_after:
                return []
            return [Replace(index, match.start("done"), match.end("done"), str(complete_after))]
    return []


def render_edits(doc: TasksDoc, edits: Sequence[Edit]) -> bytes:
    """The document's bytes with `edits` applied."""
    return apply_edits(doc.source, edits)


def update_tasks_file(path: str, repo_root: str | None, plan: Callable[[TasksDoc], list[Edit]]) -> TasksDoc:
    """Lock `path`, re-read it, apply `plan`'s edits atomically; the document as written."""
    written: list[TasksDoc] = []

    def change(old: bytes) -> bytes | None:
        doc = parse_tasks(old, path, repo_root)
        edits = plan(doc)
        new = apply_edits(doc.source, edits) if edits else None
        if new is not None and new != old and _read_only(path):
            raise PermissionError(13, "the file is read-only", path)
        written.append(parse_tasks(new, path, repo_root) if new is not None else doc)
        return new

    try:
        fsutil.locked_update(path, change)
    except FileNotFoundError:
        raise InputError(
            f"{path} does not exist", "check the TASK_ID (plans live in task-tracking/<TASK_ID>/tasks.md)"
        ) from None
    except OSError as error:
        raise InputError(
            f"cannot write {path}: {error.strerror or error}; the file is unchanged",
            "make the file and its folder writable, and check free disk space",
        ) from None
    return written[-1]


def _raw_region(doc: TasksDoc, mark: StatusMark) -> str:
    """The marker's columns as the file has them (a byte that is not UTF-8 as itself, not U+FFFD)."""
    lines = doc.source.raw_lines if doc.source.raw_lines is not None else doc.source.lines
    return lines[mark.span.line][mark.span.start : mark.span.end]


def _read_only(path: str) -> bool:
    """No write bit at all: read-only even for root, who `os.access` would let through."""
    mode = os.stat(path).st_mode
    return not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK)


def _marker_text(status: Status, emoji: bool, assignee: str | None) -> str:
    return render_marker(status, emoji) + _assignment(status, assignee)


def _assignment(status: Status, assignee: str | None) -> str:
    return f" - Assigned to {assignee}" if assignee and status == Status.IN_PROGRESS else ""


def _framed(prefix: str, core: str, assignment: str, suffix: str) -> str:
    """The marker in its frame; in parentheses the assignment goes after the closing one, so it reads back."""
    if "(" in prefix and suffix.startswith(")"):
        return prefix + core + ")" + assignment + suffix[1:]
    return prefix + core + assignment + suffix


def _prose(status: Status, case: str, suffix: str) -> tuple[str, str]:
    """A prose status answered in its own voice: `Completed by <agent>`, else the word, cased as it was."""
    agent = _AGENT_TAIL.match(suffix)
    if status == Status.COMPLETE and agent is not None:
        by = {"upper": "COMPLETED BY", "lower": "completed by"}.get(case, "Completed by")
        return f"{by} {agent.group('agent')}", suffix[agent.end() :]
    word = PLAIN[status]
    cased = {"upper": word, "title": word.title(), "sentence": word.capitalize()}.get(case, word.lower())
    return cased, suffix


def _cell_text(old: str, status: Status) -> str:
    """A table cell keeps its style: emoji only, emoji and word, or word only."""
    reading = read_marker(old)
    words = re.sub(r"[^\w/ ]", "", old).strip()
    if reading.emoji and not words:
        emoji = CANONICAL[status].split()[0]
        return emoji if EMOJI.get(emoji) == status else CANONICAL[status]  # 🔄 alone reads as IN PROGRESS
    return render_marker(status, reading.emoji or not old.strip())


def _insert_field(doc: TasksDoc, batch: Batch, *lines: str) -> Insert:
    at = batch.insert_at
    source = doc.source.lines
    heading = batch.line - 1
    if at == heading + 1:
        after_blank = at < len(source) and not source[at].strip()
        block = ["", *lines] if after_blank else ["", *lines, ""]
        return Insert(at, tuple(_closed(block, source, at)))
    previous = source[at - 1]
    if _ITEM_OR_QUOTE.match(previous) or previous[:1] in (" ", "\t"):  # it would join that item: a paragraph
        spaced = at < len(source) and source[at].strip()  # and end it, or `---` below would make it a heading
        return Insert(at, tuple(_closed(["", *lines, *([""] if spaced else [])], source, at)))
    tail = previous[len(previous.rstrip()) :] if previous.endswith("  ") else ""
    return Insert(at, tuple(_closed([line + tail for line in lines], source, at)))


def _closed(block: list[str], source: tuple[str, ...], at: int) -> list[str]:
    """End inserted list items so the file's next lines are not read into them."""
    filled = [line for line in block if line.strip()]
    if not filled or not filled[-1].startswith("- "):
        return block
    following = at
    while following < len(source) and not source[following].strip():
        following += 1
    if following >= len(source):
        return block
    gap = following > at or not block[-1].strip()
    if source[following][:1] in (" ", "\t"):  # an indented line would continue the last item even after a blank
        return [
            *block,
            *([] if not block[-1].strip() else [""]),
            "<!-- end of batchgate note -->",
            *([""] if not gap or following == at else []),
        ]
    return block if gap else [*block, ""]


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())[:200]


def _safe(line: str) -> str:
    """A line of free text that cannot become structure (heading, fence, list, table)."""
    text = _FENCE.sub("'''", _one_line(line)).replace("**", "\\*\\*")  # no field syntax either
    if _UNSAFE_LINE_START.match(text):
        text = "\\" + text.lstrip()
    return text
