"""append_failure_note: the reason lands under the batch's fields as plain text that can never become
structure (no heading, fence, field, table or list the reader would pick up); progress lines count."""

from __future__ import annotations

import pytest

from batchgate.model.writer import append_failure_note, progress_edits, render_edits
from tests.model.helpers import parse_text
from tests.model.roundtrip import model_view

PLAN = (
    "# P\n\n**Status**: 1/2 batches complete\n\n## Batch 1: A ✅ COMPLETE\n\n"
    "**Assigned To**: x\n**Git Commit**: `1234abc`\n\n"
    "### Task 1.1: a ✅ COMPLETE\n\n**File**: `a.ts`\n\n## Batch 2: B 🔄 IN PROGRESS\n\n"
    "**Assigned To**: backend-developer\n**Dependencies**: Batch 1\n\n"
    "### Task 2.1: b 🔄 IN PROGRESS\n\n**File**: `b.ts`\n"
)
HOSTILE = [
    "## Batch 9: Injected ✅ COMPLETE",
    "### Task 9.1: Injected",
    "**Git Commit**: `deadbee`",
    "```",
    "~~~",
    "- **File**: `evil.ts`",
    "| Task | Status |",
    "> quoted",
    "1. numbered",
    "---",
    "===",
    "**Status**: ✅ COMPLETE",
]


def note_lines(reason: str) -> tuple[list[str], bytes]:
    doc = parse_text(PLAN)
    new = render_edits(doc, append_failure_note(doc, doc.batches[1], reason, "2025-06-01T10:00Z"))
    old_lines, new_lines = PLAN.split("\n"), new.decode().split("\n")
    added = new_lines[17 : 17 + len(new_lines) - len(old_lines)]
    assert new_lines[:17] + new_lines[17 + len(added) :] == old_lines, "only lines inserted after the fields"
    return added, new


def test_note_goes_after_the_batch_fields() -> None:
    added, _ = note_lines("build failed: nx build core exited 1")
    assert added == ["**Failure Note** (2025-06-01T10:00Z, batchgate): build failed: nx build core exited 1"]


@pytest.mark.parametrize("line", HOSTILE)
def test_hostile_reason_never_becomes_structure(line: str) -> None:
    added, new = note_lines(f"gate failed\n{line}\n{line}")
    before = model_view(parse_text(PLAN), keep_lines=False)
    after = model_view(parse_text(new.decode()), keep_lines=False)
    assert after == before
    assert len(added) == 3


def test_long_reason_is_capped_and_blank_lines_dropped() -> None:
    added, _ = note_lines("\n\n".join(f"line {i}" for i in range(100)))
    assert len(added) == 30
    assert added[-1] == "- line 29"


@pytest.mark.parametrize("reason", ["", "   \n\t\n"])
def test_empty_reason_still_says_so(reason: str) -> None:
    added, _ = note_lines(reason)
    assert added == ["**Failure Note** (2025-06-01T10:00Z, batchgate): (no reason given)"]


def test_control_characters_are_removed() -> None:
    added, _ = note_lines("red \x1b[31mtext\x07 end\r")
    assert added == ["**Failure Note** (2025-06-01T10:00Z, batchgate): red [31mtext end"]


@pytest.mark.parametrize(("done", "expected"), [(2, "**Status**: 2/2 batches complete"), (1, None)])
def test_progress_line(done: int, expected: str | None) -> None:
    doc = parse_text(PLAN)
    edits = progress_edits(doc, done)
    if expected is None:
        assert edits == []
    else:
        assert render_edits(doc, edits).decode().split("\n")[2] == expected


def test_progress_line_counting_other_things_is_left_alone() -> None:
    doc = parse_text(PLAN.replace("1/2 batches complete", "3/7 complete"))
    assert progress_edits(doc, 2) == []
