"""The writer records a batch's commit: its commit field rewritten in place (bare or backticked, trailing
spaces kept), or a new field inserted after the batch's fields; nothing when it is already recorded."""

from __future__ import annotations

import pytest

from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import render_edits, set_batch_commit, set_batch_status
from tests.model.helpers import parse_text

TAIL = "\n\n### Task 1.1: Types\n\n**File**: `a.ts`\n"


def lines_after(doc: TasksDoc, data: bytes) -> list[str]:
    """The edited file's lines (`doc` is the document the edits were made on)."""
    return data.decode("utf-8").split("\n")


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        pytest.param("**Git Commit**: `1111111`", "**Git Commit**: `abcdef1` - feat: x", id="backticked"),
        pytest.param("**Commit**: 1111111", "**Commit**: abcdef1 - feat: x", id="bare"),
        pytest.param("**Git Commit**: (User handling commits)", "**Git Commit**: `abcdef1` - feat: x", id="note-only"),
        pytest.param("**Git Commit**: `1111111`  ", "**Git Commit**: `abcdef1` - feat: x  ", id="trailing-spaces"),
    ],
)
def test_commit_field_rewritten_in_place(field: str, expected: str) -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core\n\n**Assigned To**: x\n{field}{TAIL}")
    new = lines_after(doc, render_edits(doc, set_batch_commit(doc, doc.batches[0], "abcdef1", "feat: x")))
    assert new[5] == expected
    assert parse_text("\n".join(new)).batches[0].commit == "abcdef1"


@pytest.mark.parametrize(
    ("preamble", "expected"),
    [
        pytest.param(
            "**Assigned To**: x\n**Dependencies**: None", ["**Dependencies**: None", "**Git Commit**: `abcdef1`"]
        ),
        pytest.param("**Assigned To**: x  \n**Tasks**: 1  ", ["**Tasks**: 1  ", "**Git Commit**: `abcdef1`  "]),
        pytest.param("Prose only.", ["", "**Git Commit**: `abcdef1`", "", "Prose only."]),
    ],
)
def test_commit_field_inserted_after_the_preamble_fields(preamble: str, expected: list[str]) -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core\n\n{preamble}{TAIL}")
    new = lines_after(doc, render_edits(doc, set_batch_commit(doc, doc.batches[0], "abcdef1")))
    start = 4 + preamble.count("\n") if expected[0] else 3
    assert new[start : start + len(expected)] == expected
    assert parse_text("\n".join(new)).batches[0].commit == "abcdef1"


def test_commit_after_a_heading_with_no_blank_line_and_no_final_newline() -> None:
    doc = parse_text("# P\n\n## Batch 1: Core\n### Task 1.1: x")
    data = render_edits(doc, set_batch_commit(doc, doc.batches[0], "abcdef1", "feat: a\nb\x1b[31m"))
    assert data == b"# P\n\n## Batch 1: Core\n\n**Git Commit**: `abcdef1` - feat: a b [31m\n\n### Task 1.1: x"


def test_same_status_or_commit_again_changes_nothing() -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core - done\n\n**Git Commit**: `abcdef1`{TAIL}")
    assert set_batch_commit(doc, doc.batches[0], "abcdef1") == []
    assert set_batch_status(doc, doc.batches[0], Status.COMPLETE) == []


def test_every_own_commit_field_naming_other_shas_is_rewritten() -> None:
    doc = parse_text(f"# P\n\n## Batch 1: Core\n\n**Git Commit**: `1111111`\n**Commits**: 2222222, 3333333{TAIL}")
    new = lines_after(doc, render_edits(doc, set_batch_commit(doc, doc.batches[0], "abcdef1")))
    assert new[4:6] == ["**Git Commit**: `abcdef1`", "**Commits**: abcdef1"]
    assert parse_text("\n".join(new)).batches[0].commit == "abcdef1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "## Batch 1: Core\n- **Developer:** x\n  ## Batch 9: inside the item",
            "## Batch 1: Core\n- **Developer:** x\n  ## Batch 9: inside the item\n\n**Git Commit**: `abcdef1`",
            id="indented-heading-inside-the-item",  # found by Hypothesis: the insertion made it a batch
        ),
        pytest.param(
            "## Batch 1: Core\n- **Developer:** x\n  more of the item\n\n### Task 1.1: y",
            "## Batch 1: Core\n- **Developer:** x\n  more of the item\n\n**Git Commit**: `abcdef1`\n\n### Task 1.1: y",
            id="continuation-line-kept-in-the-item",
        ),
        pytest.param(
            "## Batch 1: Core\n- **Developer:** x\n- **Status:** y\n\n### Task 1.1: y",
            "## Batch 1: Core\n- **Developer:** x\n- **Status:** y\n\n**Git Commit**: `abcdef1`\n\n### Task 1.1: y",
            id="after-the-whole-list",
        ),
    ],
)
def test_commit_field_never_splits_a_list(text: str, expected: str) -> None:
    doc = parse_text(text)
    data = render_edits(doc, set_batch_commit(doc, doc.batches[0], "abcdef1"))
    assert data.decode("utf-8") == expected
    after = parse_text(data.decode("utf-8"))
    assert [(b.id, b.commit) for b in after.batches] == [("1", "abcdef1")]
