"""The writer keeps the file's own status style: plain words stay words, emoji become canonical;
brackets, dashes, notes, closing hashes, table cells and a twin `**Status**:` field are kept in step."""

from __future__ import annotations

import pytest

from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import render_edits, set_batch_status, set_task_status
from tests.model.helpers import parse_text

TAIL = "\n\n### Task 1.1: Types\n\n**File**: `a.ts`\n"


def lines_after(doc: TasksDoc, data: bytes) -> list[str]:
    """The edited file's lines (`doc` is the document the edits were made on)."""
    return data.decode("utf-8").split("\n")


@pytest.mark.parametrize(
    ("heading", "status", "expected"),
    [
        pytest.param("Core - COMPLETE", Status.FAILED, "Core - FAILED", id="dash-words"),
        pytest.param("Core -- IMPLEMENTED", Status.COMPLETE, "Core -- COMPLETE", id="double-dash-words"),
        pytest.param("Core [COMPLETE]", Status.SKIPPED, "Core [SKIPPED]", id="brackets"),
        pytest.param("Core COMPLETE", Status.IN_PROGRESS, "Core IN PROGRESS", id="trailing-word"),
        pytest.param("Core ✅ COMPLETE", Status.FAILED, "Core ❌ FAILED", id="emoji"),
        pytest.param("Core ✅", Status.BLOCKED, "Core 🚫 BLOCKED", id="emoji-only"),
        pytest.param("Core 📋 Ready for Assignment", Status.IN_PROGRESS, "Core 🔄 IN PROGRESS", id="ready"),
        pytest.param(
            "Core ✅ COMPLETE (already done in 4.2)", Status.PENDING, "Core ⏸️ PENDING (already done in 4.2)", id="note"
        ),
        pytest.param("Core ⏸️ PENDING ##", Status.COMPLETE, "Core ✅ COMPLETE ##", id="closing-hashes"),
    ],
)
def test_batch_heading_marker_keeps_its_style(heading: str, status: Status, expected: str) -> None:
    doc = parse_text(f"# P\n\n## Batch 1: {heading}{TAIL}")
    new = lines_after(doc, render_edits(doc, set_batch_status(doc, doc.batches[0], status)))
    assert new[2] == f"## Batch 1: {expected}"
    assert parse_text("\n".join(new)).batches[0].status == status


def test_in_progress_with_its_assignee() -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core ⏸️ PENDING{TAIL}")
    edits = set_batch_status(doc, doc.batches[0], Status.IN_PROGRESS, "backend-developer")
    new = lines_after(doc, render_edits(doc, edits))
    assert new[2] == "## Batch 1: Core 🔄 IN PROGRESS - Assigned to backend-developer"
    again = parse_text("\n".join(new)).batches[0]
    assert (again.status, again.assignee, again.title) == (Status.IN_PROGRESS, "backend-developer", "Core")


@pytest.mark.parametrize(
    ("other", "expected"),
    [
        pytest.param(
            "## Batch 2: Other - COMPLETE\n\n### Task 2.1: y - COMPLETE", "Core - IN PROGRESS", id="plain-file"
        ),
        pytest.param(
            "## Batch 2: Other ✅ COMPLETE\n\n### Task 2.1: y ✅ COMPLETE", "Core 🔄 IN PROGRESS", id="emoji-file"
        ),
    ],
)
def test_no_marker_gets_the_files_style(other: str, expected: str) -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core\n\n### Task 1.1: x - COMPLETE\n\n{other}\n")
    new = lines_after(doc, render_edits(doc, set_batch_status(doc, doc.batches[0], Status.IN_PROGRESS)))
    assert new[2] == f"## Batch 1: {expected}"
    assert not [w for w in parse_text("\n".join(new)).warnings if w.line == 3]


@pytest.mark.parametrize(
    ("value", "expected"), [("IMPLEMENTED", "FAILED"), ("🔄 IMPLEMENTED", "❌ FAILED"), ("done", "FAILED")]
)
def test_status_field_keeps_its_style(value: str, expected: str) -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core ✅ COMPLETE\n\n### Task 1.1: x\n\n**Status**: {value}  \n")
    new = lines_after(doc, render_edits(doc, set_task_status(doc, doc.batches[0].tasks[0], Status.FAILED)))
    assert new[6] == f"**Status**: {expected}  "


@pytest.mark.parametrize(("cell", "expected"), [("✅", "❌"), ("✅ COMPLETE", "❌ FAILED"), ("COMPLETE", "FAILED")])
def test_table_cell_keeps_its_style_and_width(cell: str, expected: str) -> None:
    row = f"| 1.1  | Delete files | backend-developer | {cell}     |"
    doc = parse_text(
        f"# P\n\n## BATCH 1: Purge\n\n| Task | Description | Assignee | Status |\n| - | - | - | - |\n{row}\n"
    )
    new = lines_after(doc, render_edits(doc, set_task_status(doc, doc.batches[0].tasks[0], Status.FAILED)))
    assert new[6] == row.replace(f" {cell} ", f" {expected} ")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        pytest.param("**Status**: COMPLETE", "**Status**: IN PROGRESS", id="plain-twin"),
        pytest.param("- **Status:** ✅ COMPLETE  ", "- **Status:** 🔄 IN PROGRESS  ", id="emoji-twin"),
        pytest.param("**Status**: All tasks complete (see notes)", None, id="prose-left-alone"),
        pytest.param("**Status**: 3/3 complete", None, id="progress-left-alone"),
    ],
)
def test_status_field_twin_of_a_heading_marker_is_kept_in_step(field: str, expected: str | None) -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core - COMPLETE\n\n{field}\n{TAIL}")
    new = lines_after(doc, render_edits(doc, set_batch_status(doc, doc.batches[0], Status.IN_PROGRESS)))
    assert new[2] == "## Batch 1: Core - IN PROGRESS"
    assert new[4] == (expected if expected is not None else field)
    assert parse_text("\n".join(new)).batches[0].status == Status.IN_PROGRESS


@pytest.mark.parametrize("heading", ["## Batch A", "## Batch 3", "## Batch 2a:"])
def test_marker_added_to_a_heading_without_title_still_reads(heading: str) -> None:
    doc = parse_text(f"# P\n\n{heading}{TAIL}")
    new = "\n".join(lines_after(doc, render_edits(doc, set_batch_status(doc, doc.batches[0], Status.IN_PROGRESS))))
    again = parse_text(new)
    assert [(b.id, b.status) for b in again.batches] == [(doc.batches[0].id, Status.IN_PROGRESS)]
