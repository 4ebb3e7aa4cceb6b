"""Damaged emoji (UTF-8 once decoded as Mac Roman or cp1252) read as the marker they were meant to be,
with a warning on their line, and never written back."""

from __future__ import annotations

import pytest

from batchgate.model.types import Status
from batchgate.model.writer import render_edits, set_batch_status, set_task_status
from tests.model.helpers import batch, fixture, parse_text, task

# As they appear in real files (TASKS_FORMAT.md §1 and the seed workflow), written out by hand.
MAC_ROMAN = {"✅": "‚úÖ", "🔄": "üîÑ", "⏸️": "‚è∏Ô∏è", "❌": "‚ùå"}
CP1252 = {"✅": "âœ…", "🔄": "ðŸ”„", "❌": "âŒ", "⏸️": "â¸ï¸"}
EMOJI_STATUS = {"✅": "complete", "🔄": "in_progress", "⏸️": "pending", "❌": "failed"}
FORMS = [
    pytest.param(emoji, damaged, id=f"{table}-{EMOJI_STATUS[emoji]}")
    for table, forms in (("macroman", MAC_ROMAN), ("cp1252", CP1252))
    for emoji, damaged in forms.items()
]
ALL_DAMAGED = [*MAC_ROMAN.values(), *CP1252.values(), "\uf8ffüîÑ"]


def one_batch(marker: str, preamble: str = "") -> str:
    return f"# T\n\n## Batch 1: Store {marker}\n\n{preamble}\n\n### Task 1.1: Types ✅ COMPLETE\n\n**File**: `a.ts`\n"


@pytest.mark.parametrize(("emoji", "damaged"), FORMS)
def test_damaged_emoji_alone_reads_as_its_status(emoji: str, damaged: str) -> None:
    doc = parse_text(one_batch(damaged))
    assert (doc.batches[0].status.value, doc.batches[0].title) == (EMOJI_STATUS[emoji], "Store")
    assert [(w.line, w.code) for w in doc.warnings] == [(3, "damaged-marker")]


@pytest.mark.parametrize(("emoji", "damaged"), FORMS)
def test_damaged_emoji_in_status_field(emoji: str, damaged: str) -> None:
    doc = parse_text(one_batch("", f"**Status**: {damaged}"))
    assert doc.batches[0].status.value == EMOJI_STATUS[emoji]
    assert ("damaged-marker", 5) in [(w.code, w.line) for w in doc.warnings]


def test_apple_logo_form_of_mac_roman() -> None:
    doc = parse_text(one_batch("\uf8ffüîÑ IN PROGRESS"))
    assert doc.batches[0].status.value == "in_progress"
    assert doc.batches[0].mark.damaged


def test_fixture_file_reads_every_damaged_marker() -> None:
    doc = parse_text(fixture("damaged_markers.md"))
    assert [(b.id, b.status.value) for b in doc.batches] == [("1", "complete"), ("2", "in_progress"), ("3", "complete")]
    assert [(t.id, t.status.value) for t in doc.all_tasks()] == [
        ("1.1", "complete"),
        ("2.1", "pending"),
        ("2.2", "failed"),
        ("3.1", "implemented"),
    ]
    damaged_lines = sorted(w.line or 0 for w in doc.warnings if w.code == "damaged-marker")
    assert damaged_lines == [7, 12, 16, 21, 25, 31, 35]
    assert (batch(doc, "1").title, task(doc, "2.2").title) == ("Settings Store", "Wire the panel")


@pytest.mark.parametrize(
    ("unit", "status", "line", "expected"),
    [
        ("batch 1", Status.COMPLETE, 6, "## Batch 1: Settings Store ✅ COMPLETE"),
        ("batch 2", Status.COMPLETE, 15, "## Batch 2: Settings Panel ✅ COMPLETE"),
        ("task 2.1", Status.PENDING, 20, "### Task 2.1: Panel component ⏸️ PENDING"),
        ("task 2.2", Status.IN_PROGRESS, 24, "### Task 2.2: Wire the panel 🔄 IN PROGRESS"),
        ("batch 3", Status.COMPLETE, 30, "**Status**: ✅ COMPLETE"),
        ("task 3.1", Status.IMPLEMENTED, 34, "**Status**: 🔄 IMPLEMENTED"),
    ],
)
def test_writing_a_damaged_unit_writes_the_canonical_marker(
    unit: str, status: Status, line: int, expected: str
) -> None:
    doc = parse_text(fixture("damaged_markers.md"))
    kind, unit_id = unit.split()
    if kind == "batch":
        edits = set_batch_status(doc, batch(doc, unit_id), status)
    else:
        edits = set_task_status(doc, task(doc, unit_id), status)
    new = render_edits(doc, edits).decode("utf-8").split("\n")
    old = list(doc.source.lines)
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [line]
    assert new[line] == expected
    assert not any(form in new[line] for form in ALL_DAMAGED)


def test_same_status_on_an_intact_marker_writes_nothing() -> None:
    doc = parse_text(one_batch("✅ COMPLETE"))
    assert set_batch_status(doc, doc.batches[0], Status.COMPLETE) == []
