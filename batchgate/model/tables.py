"""Tasks listed as rows of a table (`| Task | Description | Assignee | Status |`).

mistune parses the table; each body row sits on its own line (the header
and the delimiter row come first), which gives every task its line, and the
status cell's columns let the writer change just that cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from batchgate.model.blocks import Block
from batchgate.model.status import read_marker
from batchgate.model.types import Span, Status, StatusMark, Task

_ID_HEADERS = {"task", "#", "id", "task id"}
_TITLE_HEADERS = {"description", "title", "task name", "name", "summary"}
_ASSIGNEE_HEADERS = {"assignee", "assigned to", "developer", "owner", "agent"}
_TASK_ID = re.compile(r"^\**(?:(?i:task)[\s-]*)?([A-Za-z]?\d+[A-Za-z]?(?:\.\d+[A-Za-z]?)*)\**$")


def table_tasks(block: Block, lines: Sequence[str]) -> list[Task]:
    """Tasks from a table whose header has a task-id column; [] for other tables."""
    children = block.token.get("children", [])
    head = next((c for c in children if c["type"] == "table_head"), None)
    body = next((c for c in children if c["type"] == "table_body"), None)
    if head is None or body is None:
        return []
    headers = [_cell_text(cell).lower() for cell in head["children"]]
    id_col = _column(headers, _ID_HEADERS)
    if id_col is None:
        return []
    columns = (_column(headers, _TITLE_HEADERS), _column(headers, _ASSIGNEE_HEADERS), _column(headers, {"status"}))
    tasks = []
    for row_index, row in enumerate(body["children"]):
        line_index = block.start + 2 + row_index
        task = _row_task(row, line_index, lines[line_index] if line_index < len(lines) else "", id_col, columns)
        if task:
            tasks.append(task)
    return tasks


def _row_task(
    row: dict[str, Any], index: int, line: str, id_col: int, columns: tuple[int | None, int | None, int | None]
) -> Task | None:
    cells = [_cell_text(cell) for cell in row["children"]]
    found = _TASK_ID.match(cells[id_col]) if id_col < len(cells) else None
    if not found:
        return None
    title_col, assignee_col, status_col = columns
    status_text = cells[status_col] if status_col is not None and status_col < len(cells) else ""
    reading = read_marker(status_text)
    span = _cell_span(line, status_col, index) if status_col is not None else None
    mark = StatusMark(
        "cell" if span else "none",
        span or Span(index, len(line), len(line)),
        reading.emoji,
        "",
        "",
        reading.damaged,
    )
    task = Task(found.group(1), _at(cells, title_col), reading.status or Status.PENDING, index + 1, mark)
    assignee = _at(cells, assignee_col).split()
    task.assignee = assignee[0] if assignee else None
    return task


def _cell_text(cell: dict[str, Any]) -> str:
    return str(cell.get("text", "")).strip()


def _column(headers: list[str], names: set[str]) -> int | None:
    return next((i for i, header in enumerate(headers) if header.strip("* ") in names), None)


def _at(cells: list[str], column: int | None) -> str:
    return cells[column] if column is not None and column < len(cells) else ""


def _cell_span(line: str, column: int, index: int) -> Span | None:
    """Columns [start, end) of a cell's trimmed text (or its inner padding if empty)."""
    pipes = [i for i, ch in enumerate(line) if ch == "|" and (i == 0 or line[i - 1] != "\\")]
    if pipes and line[: pipes[0]].strip():
        pipes.insert(0, -1)
    if column + 1 >= len(pipes):
        return None
    left, right = pipes[column] + 1, pipes[column + 1]
    cell = line[left:right]
    stripped = cell.strip()
    if not stripped:
        at = left + 1 if len(cell) > 1 else left
        return Span(index, at, at)
    start = left + cell.index(stripped)
    return Span(index, start, start + len(stripped))
