"""Heading variants real plans use (issue 14): a status in parentheses closing the heading, a status in
prose after the heading's dash, short task ids without the word "Task". Each has a fixture of its own;
each is read, and written back in the file's own style, changing only its line, in LF, CRLF and BOM
copies and with bytes that are not UTF-8 on the lines around."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from batchgate.model.edits import Replace
from batchgate.model.reader import parse_tasks
from batchgate.model.serialize import doc_to_json
from batchgate.model.text import BOM
from batchgate.model.types import Batch, Status, Task, TasksDoc
from batchgate.model.writer import render_edits, set_batch_status, set_task_status
from tests.model.helpers import FIXTURES, parse_text
from tests.model.roundtrip import NEXT_STATUS
from tests.reliability.edits_check import assert_only_edited

PATH = "/r/app/task-tracking/TASK_V/tasks.md"
# fixture -> every batch and task as (id, title, status, assignee)
EXPECTED: dict[str, list[tuple[str, str, str, str | None]]] = {
    "paren_status.md": [
        ("1", "Shell Foundation (Phase 1)", "complete", "frontend-developer"),
        ("1.1", "Create the app shell", "complete", None),
        ("1.2", "Route the welcome page", "complete", None),
        ("2", "WelcomeComponent Creation", "implemented", "frontend-developer"),
        ("2.1", "Create WelcomeComponent", "implemented", None),
        ("2.2", "Style the welcome card", "in_progress", None),
        ("3", "Session Restore", "in_progress", "backend-developer"),
        ("3.1", "Persist the open sessions", "in_progress", None),
        ("4", "Telemetry Opt-In (Frontend)", "pending", "frontend-developer"),
        ("4.1", "Ask before sending usage data", "pending", None),
    ],
    "prose_status.md": [
        ("1", "(Tasks 1, 2)", "complete", "backend-developer"),
        ("1.1", "Map SDK roles", "complete", "backend-developer"),
        ("1.2", "Link parents natively", "complete", None),
        ("2", "(Task 3)", "blocked", "frontend-developer"),
        ("2.1", "Render the thread", "blocked", None),
        ("3", "Notifications - Pending Messages Queue", "pending", "backend-developer"),  # a title, not a status
        ("3.1", "Queue pending messages - Complete Rewrite Of The Queue", "pending", None),
        ("4", "Polish", "complete", "frontend-developer"),
        ("4.1", "Tidy the styles", "implemented", None),
    ],
    "short_task_ids.md": [
        ("1", "Double Invocation Fixes", "in_progress", "backend-developer"),
        ("T1.1", "Fix double method invocation (P0-1)", "implemented", None),  # (P0-1) is a priority
        ("T1.2", "Guard the retry path (P0-2)", "complete", None),
        ("T1.3", "Log the duplicate calls (P1-1)", "implemented", None),
        ("2", "Frontend Cleanup", "pending", "frontend-developer"),
        ("T2.1", "Drop the second subscription (P0-3)", "pending", None),
        ("T2.1a", "Cover it with a test", "implemented", None),
        ("T2.2", "Remove the dead handler (P2)", "pending", None),
    ],
}


def rows(doc: TasksDoc) -> list[tuple[str, str, str, str | None]]:
    out = []
    for batch in doc.batches:
        out.append((batch.id, batch.title, batch.status.value, batch.assignee))
        out += [(task.id, task.title, task.status.value, task.assignee) for task in batch.tasks]
    return out


@pytest.mark.parametrize("name", list(EXPECTED))
def test_fixture_reads_as_planned(name: str) -> None:
    doc = parse_tasks((FIXTURES / name).read_bytes(), PATH)
    assert rows(doc) == EXPECTED[name]
    assert doc.tasks == []


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def damaged(data: bytes) -> bytes:
    """Bytes that are not UTF-8 beside the statuses: after each file line, and in the first title."""
    out = data.replace(b"**File(s)**:", b"**File(s)**: \xff\xfe")
    return out.replace(b"\n## Batch 2", b"\n\xe2\x9c\n## Batch 2", 1)


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "lf": lambda data: data,
    "crlf": crlf,
    "bom": lambda data: BOM + data,
    "bom-crlf": lambda data: BOM + crlf(data),
    "not-utf8": damaged,
    "not-utf8-crlf": lambda data: crlf(damaged(data)),
}
CASES = [
    pytest.param(name, variant, id=f"{name.removesuffix('.md')}-{variant}") for name in EXPECTED for variant in VARIANTS
]


def load(name: str, variant: str) -> tuple[bytes, TasksDoc]:
    data = VARIANTS[variant]((FIXTURES / name).read_bytes())
    return data, parse_tasks(data, PATH)


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_no_op_write_is_identical(name: str, variant: str) -> None:
    data, doc = load(name, variant)
    assert render_edits(doc, []) == data
    assert [row[0] for row in rows(doc)] == [row[0] for row in EXPECTED[name]]
    assert ("not-utf8" in variant) == any(w.code == "encoding" for w in doc.warnings)


def tasks(batch: Batch) -> list[tuple[str, Batch | Task]]:
    return [("task", task) for task in batch.tasks]


def marked(doc: TasksDoc) -> list[tuple[str, str, str, str | None]]:
    """rows(), with each id prefixed by its kind (a task id may repeat a batch id)."""
    kinds = [k for b in doc.batches for k in ["batch"] + ["task"] * len(b.tasks)]
    return [(f"{kind} {i}", t, s, a) for kind, (i, t, s, a) in zip(kinds, rows(doc), strict=True)]


@pytest.mark.parametrize(("name", "variant"), CASES)
def test_each_status_edit_changes_only_its_line(name: str, variant: str) -> None:
    data, doc = load(name, variant)
    units: list[tuple[str, Batch | Task]] = [(kind, u) for b in doc.batches for kind, u in [("batch", b), *tasks(b)]]
    for kind, unit in units:
        wanted = NEXT_STATUS[unit.status]
        edits = set_task_status(doc, unit, wanted) if isinstance(unit, Task) else set_batch_status(doc, unit, wanted)
        new = render_edits(doc, edits)
        assert_only_edited(data, new, edits)
        twin = {unit.mark.twin.span.line} if unit.mark.twin else set()
        assert {e.line for e in edits if isinstance(e, Replace)} <= {unit.mark.span.line} | twin
        assert all(isinstance(e, Replace) for e in edits)
        key = f"{kind} {unit.id}"
        want = [(k, t, wanted.value if k == key else s, a) for k, t, s, a in marked(doc)]
        assert marked(parse_tasks(new, PATH)) == want, key


@pytest.mark.parametrize("name", list(EXPECTED))
def test_assigning_a_batch_reads_back(name: str) -> None:
    _, doc = load(name, "crlf")
    for batch in doc.batches:
        new = render_edits(doc, set_batch_status(doc, batch, Status.IN_PROGRESS, "backend-developer"))
        again = parse_tasks(new, PATH).batch(batch.id)
        assert again is not None
        assert (again.status, again.assignee, again.title) == (Status.IN_PROGRESS, "backend-developer", batch.title)


# heading as written -> (status written, assignee) -> heading after the edit: the file's own style
STYLE = [
    ("## Batch 2: Welcome Creation (IMPLEMENTED)", Status.COMPLETE, None, "## Batch 2: Welcome Creation (COMPLETE)"),
    (
        "## Batch 2: Welcome Creation (IMPLEMENTED)",
        Status.IN_PROGRESS,
        "x-dev",
        "## Batch 2: Welcome Creation (IN PROGRESS) - Assigned to x-dev",
    ),
    (
        "## Batch 3: Restore (In Progress) - Assigned to backend-developer",
        Status.COMPLETE,
        None,
        "## Batch 3: Restore (Complete) - Assigned to backend-developer",
    ),
    ("## Batch 3: Restore (in progress) (P1)", Status.FAILED, None, "## Batch 3: Restore (failed) (P1)"),
    ("## Batch 7: UI (✅ COMPLETE)", Status.FAILED, None, "## Batch 7: UI (❌ FAILED)"),
    (
        "### Batch 1 (Tasks 1, 3, 5) - Completed by backend-developer agent",
        Status.FAILED,
        None,
        "### Batch 1 (Tasks 1, 3, 5) - Failed - Assigned to backend-developer",
    ),
    (
        "### Batch 1 (Tasks 1, 3, 5) - Completed by backend-developer agent",
        Status.IN_PROGRESS,
        "y-dev",
        "### Batch 1 (Tasks 1, 3, 5) - In Progress - Assigned to y-dev",
    ),
    ("### Batch 2 (Task 3) - Blocked on the design review", Status.COMPLETE, None, "### Batch 2 (Task 3) - Complete"),
    (
        "### Batch 2 (Task 3) - BLOCKED on the design review - Assigned to frontend-developer",
        Status.COMPLETE,
        None,
        "### Batch 2 (Task 3) - COMPLETED BY frontend-developer",
    ),
    ("## Batch 4: Polish — completed successfully", Status.FAILED, None, "## Batch 4: Polish — failed"),
]


@pytest.mark.parametrize(("heading", "status", "assignee", "expected"), STYLE, ids=[f"{i}" for i in range(len(STYLE))])
def test_status_is_written_in_the_headings_own_style(
    heading: str, status: Status, assignee: str | None, expected: str
) -> None:
    text = f"# T\n\n{heading}\n\n### Task 1.1: a\n\n**File(s)**: `a.py`\n"
    doc = parse_text(text)
    new = render_edits(doc, set_batch_status(doc, doc.batches[0], status, assignee)).decode()
    assert new.split("\n")[2] == expected
    again = parse_text(new).batches[0]
    assert (again.status, again.title) == (status, doc.batches[0].title)
    assert again.assignee == (assignee or doc.batches[0].assignee)


def test_a_file_of_parenthesised_statuses_gets_one_where_none_was() -> None:
    text = "# T\n\n## Batch 1: A (IMPLEMENTED)\n\n### Task 1.1: a (IMPLEMENTED)\n\n### Task 1.2: b\n"
    doc = parse_text(text)
    new = render_edits(doc, set_task_status(doc, doc.all_tasks()[1], Status.COMPLETE)).decode()
    assert new.split("\n")[6] == "### Task 1.2: b (COMPLETE)"


def test_the_model_json_shows_the_short_ids() -> None:
    doc = parse_tasks((FIXTURES / "short_task_ids.md").read_bytes(), PATH)
    batches = doc_to_json(doc)["batches"]
    assert [[t["id"] for t in b["tasks"]] for b in batches] == [["T1.1", "T1.2", "T1.3"], ["T2.1", "T2.1a", "T2.2"]]


KEPT_BESIDE = [
    (b"## Batch 1: A (IMPLEMENTED) (P\xff1) - Assigned to x", b"## Batch 1: A (COMPLETE) (P\xff1) - Assigned to x"),
    (
        b"## Batch 1: A\xe9 \xe2\x9c COMPLETE - Committed: abc1234",
        b"## Batch 1: A\xe9 \xe2\x9c FAILED - Committed: abc1234",
    ),
    (
        b"## Batch 1: A\xff - Completed by backend-developer agent",
        b"## Batch 1: A\xff - Failed - Assigned to backend-developer",
    ),
]


@pytest.mark.parametrize(("line", "expected"), KEPT_BESIDE, ids=["paren-note", "title-and-commit", "prose"])
def test_bytes_that_are_not_utf8_beside_a_marker_survive_its_edit(line: bytes, expected: bytes) -> None:
    data = b"# T\r\n\r\n" + line + b"\r\n\r\n### Task 1.1: a\r\n"
    doc = parse_tasks(data, PATH)
    status = Status.COMPLETE if doc.batches[0].status != Status.COMPLETE else Status.FAILED
    new = render_edits(doc, set_batch_status(doc, doc.batches[0], status))
    assert new == data.replace(line, expected)
