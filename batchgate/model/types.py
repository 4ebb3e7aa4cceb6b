"""The parsed plan: batches, tasks, files, and where each came from."""

from __future__ import annotations

from enum import Enum
from typing import NamedTuple

from batchgate.record import field, record


class Status(str, Enum):
    """A batch's or task's status, as the JSON model spells it."""

    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    COMPLETE = "complete"
    FAILED = "failed"
    BLOCKED = "blocked"
    SKIPPED = "skipped"


DONE_STATUSES = frozenset({Status.IMPLEMENTED, Status.COMPLETE, Status.SKIPPED})


class Finding(NamedTuple):
    """Something the reader had to guess, or lint found: a 1-based line and a message."""

    line: int | None
    message: str
    severity: str = "warning"  # "warning" | "error"
    code: str = "reader"


class FileRef(NamedTuple):
    """A file a task names. `path` is repository-relative (POSIX), or None
    when it cannot be placed inside the repository (`problem` says why)."""

    raw: str
    path: str | None
    action: str | None
    line: int
    problem: str | None = None


class Span(NamedTuple):
    """Where a status or value sits: 0-based line index and [start, end) columns."""

    line: int
    start: int
    end: int


class StatusMark(NamedTuple):
    """How a status was written, so the writer can change exactly those bytes.

    kind: "heading" (marker in a heading), "field" (a **Status**: value),
    "cell" (a table cell) or "none" (no marker: insert at `span`).
    """

    kind: str
    span: Span
    emoji: bool
    prefix: str
    suffix: str
    damaged: bool = False
    # A heading marker's twin: the section's own `**Status**:` field saying nothing but a status.
    # The writer changes both, so the file never contradicts itself.
    twin: StatusMark | None = None
    # A status in prose after the heading's dash (`- Completed by backend-developer agent`): how its
    # word was cased ("upper", "title", "lower"), so the writer answers in the same voice.
    prose_case: str | None = None


@record
class Task:
    """One task: a heading `Task 1.1` (or a table row) and its fields."""

    id: str
    title: str
    status: Status
    line: int
    mark: StatusMark
    files: list[FileRef] = field(default_factory=list)
    assignee: str | None = None
    commit: str | None = None
    dependencies: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)


@record
class CommitField:
    """A commit-like field line in a batch's own scope."""

    line_index: int
    name: str
    value_span: Span
    shas: list[str]
    backticks: bool


@record
class Batch:
    """One batch: the unit a developer is assigned, commits once, and is verified on."""

    id: str
    title: str
    status: Status
    line: int
    end_line: int
    mark: StatusMark
    tasks: list[Task] = field(default_factory=list)
    assignee: str | None = None
    dependencies: list[str] = field(default_factory=list)
    commit: str | None = None
    commit_subject: str | None = None
    commit_note: str | None = None
    commit_fields: list[CommitField] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)
    insert_at: int = 0  # 0-based line index where a new field line goes
    heading_commit: Span | None = None  # a SHA written in the heading (`- Committed: abc1234`)
    sections: list[tuple[int, int]] = field(default_factory=list)  # 0-based [start, end) per merged section


class MarkerStyle(NamedTuple):
    """The file's own way of writing markers: emoji or words, and the separator."""

    emoji: bool = True
    prefix: str = " "


@record
class TasksDoc:
    """A whole tasks.md: batches, loose tasks, warnings, and its text's shape."""

    path: str
    task_id: str | None
    batches: list[Batch]
    tasks: list[Task]
    warnings: list[Finding]
    source: SourceShape
    style: MarkerStyle = field(default_factory=MarkerStyle)

    def batch(self, batch_id: str) -> Batch | None:
        """The batch with this id (ids compare case-insensitively: 3A == 3a)."""
        wanted = batch_id.upper()
        return next((b for b in self.batches if b.id.upper() == wanted), None)

    def all_tasks(self) -> list[Task]:
        """Every task: those of each batch, then the loose ones."""
        return [task for batch in self.batches for task in batch.tasks] + self.tasks


class SourceShape(NamedTuple):
    """What a byte-preserving writer must keep: BOM, lines with their endings."""

    bom: bool
    lines: tuple[str, ...]  # each line without its ending; a byte that is not UTF-8 reads as U+FFFD
    endings: tuple[str, ...]  # "\n", "\r\n", "\r" or "" (last line)
    repo_root: str | None
    # Only for a file with bytes that are not UTF-8: the same lines with those bytes kept
    # (one lone surrogate per byte, at the same column as its U+FFFD), which is what the writer edits.
    raw_lines: tuple[str, ...] | None = None
