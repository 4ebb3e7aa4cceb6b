"""Every status spelling of TASKS_FORMAT.md §1, in headings (after a separator, in brackets, trailing)
and in `**Status**:` fields; no marker at all is pending with a warning."""

from __future__ import annotations

import pytest

from tests.model.helpers import codes, parse_text

SPELLINGS = {
    "pending": ["⏸️ PENDING", "PENDING", "Pending", "⬜ Pending", "⏳", "📋 Ready for Assignment"],
    "in_progress": [
        "🔄 IN PROGRESS",
        "IN PROGRESS",
        "🔄 IN PROGRESS - Assigned to backend-developer",
        "ASSIGNED",
        "⚠️ PARTIAL",
    ],
    "implemented": ["🔄 IMPLEMENTED", "IMPLEMENTED", "✅ IMPLEMENTED", "CODE COMPLETE"],
    "complete": [
        "✅ COMPLETE",
        "COMPLETE",
        "COMPLETED",
        "done",
        "✅",
        "✅ VERIFIED",
        "COMPLETE - Verified & Committed: 1a2b3c4",
    ],
    "failed": ["❌ FAILED", "FAILED", "❌ FAILED - build broke"],
    "blocked": ["🚫 BLOCKED", "BLOCKED", "❌ BLOCKED - waiting on the API"],
    "skipped": ["⏭️ SKIPPED", "SKIPPED", "DEFERRED", "🟡 DEFERRED", "N/A", "NOT NEEDED"],
}
CASES = [pytest.param(status, text, id=f"{status}:{text}") for status, texts in SPELLINGS.items() for text in texts]
UPPER = [pytest.param(s, t, id=f"{s}:{t}") for s, ts in SPELLINGS.items() for t in ts if t.isupper() and t[0].isalpha()]


def plan(batch_heading: str, task_heading: str = "### Task 1.1: Do the thing ✅ COMPLETE", preamble: str = "") -> str:
    return f"# Tasks\n\n## {batch_heading}\n\n{preamble}\n\n{task_heading}\n\n**File**: `src/a.ts`\n"


@pytest.mark.parametrize(("status", "marker"), CASES)
def test_marker_after_dash_separator(status: str, marker: str) -> None:
    doc = parse_text(plan(f"Batch 1: Build the core - {marker}"))
    assert (doc.batches[0].status.value, doc.batches[0].title) == (status, "Build the core")


@pytest.mark.parametrize(("status", "marker"), CASES)
def test_marker_after_space_or_emoji(status: str, marker: str) -> None:
    doc = parse_text(plan("Batch 1: Build the core", f"#### Task 1.1: Do the thing {marker}"))
    if not marker[0].isalpha() or marker.isupper() or marker.split(maxsplit=1)[0].isupper():
        task = doc.batches[0].tasks[0]
        assert (task.status.value, task.title) == (status, "Do the thing")
    else:  # a lower-case word right after a title is part of the title (`Handle pending requests`)
        assert doc.batches[0].tasks[0].status.value == "pending"


@pytest.mark.parametrize(("status", "marker"), [c for c in CASES if "Committed" not in str(c.values[1])])
def test_marker_in_brackets(status: str, marker: str) -> None:
    doc = parse_text(plan(f"Batch 2a: Build the core [{marker}]"))
    assert (doc.batches[0].id, doc.batches[0].status.value, doc.batches[0].title) == ("2a", status, "Build the core")


@pytest.mark.parametrize(("status", "marker"), CASES)
def test_marker_in_status_field(status: str, marker: str) -> None:
    doc = parse_text(plan("Batch 1: Build the core", preamble=f"**Status**: {marker}"))
    assert doc.batches[0].status.value == status
    assert doc.batches[0].mark.kind == "field"
    assert "no-status" not in codes(doc)


@pytest.mark.parametrize(("status", "marker"), UPPER)
def test_trailing_upper_case_word(status: str, marker: str) -> None:
    doc = parse_text(plan(f"Batch 3: Wire the RPC layer {marker}"))
    assert (doc.batches[0].status.value, doc.batches[0].title) == (status, "Wire the RPC layer")


@pytest.mark.parametrize("dashes", ["- COMPLETE", "-- COMPLETE", "— COMPLETE", "-- IMPLEMENTED"])
def test_plain_words_after_one_or_two_dashes(dashes: str) -> None:
    doc = parse_text(plan(f"Batch 1: Shared types {dashes}", f"### Task 1.1: Types {dashes}"))
    assert doc.batches[0].title == "Shared types"
    assert doc.batches[0].status.value == ("implemented" if "IMPL" in dashes else "complete")
    assert doc.style.emoji is False


def test_no_marker_is_pending_with_a_warning_on_its_line() -> None:
    doc = parse_text(plan("Batch 1: Shared types", "### Task 1.1: Types"))
    assert [b.status.value for b in doc.batches] == ["pending"]
    assert doc.batches[0].tasks[0].status.value == "pending"
    found = [(w.line, w.code) for w in doc.warnings if w.code == "no-status"]
    assert found == [(3, "no-status"), (7, "no-status")]


def test_heading_marker_wins_over_status_field() -> None:
    doc = parse_text(plan("Batch 1: Shared types ✅ COMPLETE", preamble="**Status**: IN PROGRESS"))
    assert doc.batches[0].status.value == "complete"
    assert doc.batches[0].mark.kind == "heading"


@pytest.mark.parametrize(
    "value", ["3/5 complete", "All tasks complete with full coverage (see notes)", "Reviewed by the lead"]
)
def test_status_field_that_is_progress_or_prose(value: str) -> None:
    doc = parse_text(plan("Batch 1: Shared types", preamble=f"**Status**: {value}"))
    expected = "complete" if value.startswith("All tasks complete") else "pending"
    assert doc.batches[0].status.value == expected


def test_heading_assignee_and_commit_in_marker() -> None:
    doc = parse_text(plan("Batch 4: Polish ✅ COMPLETE - Verified & Committed: 1A2B3C4D"))
    assert (doc.batches[0].status.value, doc.batches[0].commit) == ("complete", "1a2b3c4d")
    doc = parse_text(plan("Batch 4: Polish 🔄 IN PROGRESS - Assigned to senior-tester"))
    assert (doc.batches[0].status.value, doc.batches[0].assignee) == ("in_progress", "senior-tester")
