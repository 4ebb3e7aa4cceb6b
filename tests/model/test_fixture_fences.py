"""Content inside fenced code blocks is never structure: not headings, not fields, not statuses,
also where the fence sits inside a list item."""

from __future__ import annotations

import pytest

from tests.model.helpers import parse_text

FAKE = (
    "## Batch 9: Fake ✅ COMPLETE\n### Task 9.1: Fake\n"
    "**Git Commit**: `deadbee`\n**File**: `evil.ts`\n**Status**: FAILED\n"
)


@pytest.mark.parametrize(
    "fence",
    [
        pytest.param(("```", "```"), id="backticks"),
        pytest.param(("```markdown", "```"), id="backticks-info"),
        pytest.param(("~~~", "~~~"), id="tildes"),
        pytest.param(("````", "````"), id="four-backticks"),
    ],
)
def test_top_level_fence_hides_everything(fence: tuple[str, str]) -> None:
    opening, closing = fence
    text = (
        "# P\n\n## Batch 1: Real ⏸️ PENDING\n\n**Assigned To**: backend-developer\n\n"
        f"{opening}\n{FAKE}{closing}\n\n### Task 1.1: Real task\n\n**File**: `real.ts`\n"
    )
    doc = parse_text(text)
    assert [(b.id, b.status.value, b.commit) for b in doc.batches] == [("1", "pending", None)]
    assert [(t.id, [f.path for f in t.files]) for t in doc.all_tasks()] == [("1.1", ["real.ts"])]
    assert doc.batches[0].tasks[0].line == 15


def test_fence_inside_a_list_item() -> None:
    text = (
        "# P\n\n## Batch 1: Real ⏸️ PENDING\n\n### Task 1.1: Real task\n\n**File**: `real.ts`\n\n"
        "- **Mock service**:\n  ```typescript\n  **Git Commit**: `deadbee`\n  **File**: `evil.ts`\n"
        "  ## Batch 9: Fake\n  ```\n- **Status**: ✅ COMPLETE\n"
    )
    doc = parse_text(text)
    assert [b.id for b in doc.batches] == ["1"]
    only = doc.batches[0].tasks[0]
    assert ([f.path for f in only.files], only.commit, only.status.value) == (["real.ts"], None, "complete")


def test_fields_right_after_a_fence_are_read() -> None:
    text = "# P\n\n## Batch 1: A\n\n```\nno: structure\n```\n**Git Commit**: `1234abc`\n\n### Task 1.1: x ✅ COMPLETE\n"
    doc = parse_text(text)
    assert doc.batches[0].commit == "1234abc"


def test_unclosed_fence_hides_the_rest_of_the_file() -> None:
    text = (
        "# P\n\n## Batch 1: A ✅ COMPLETE\n\n### Task 1.1: x ✅ COMPLETE\n\n"
        "```\n## Batch 2: Hidden\n### Task 2.1: Hidden\n"
    )
    doc = parse_text(text)
    assert [b.id for b in doc.batches] == ["1"]
    assert [t.id for t in doc.all_tasks()] == ["1.1"]


def test_indented_code_is_not_structure() -> None:
    text = (
        "# P\n\n## Batch 1: A ✅ COMPLETE\n\n    **Git Commit**: `1234abc`\n    ## Batch 2: Hidden\n\n"
        "**Assigned To**: backend-developer\n\n### Task 1.1: x ✅ COMPLETE\n"
    )
    doc = parse_text(text)
    assert [(b.id, b.commit, b.assignee) for b in doc.batches] == [("1", None, "backend-developer")]
    assert [(t.id, t.line) for t in doc.all_tasks()] == [("1.1", 10)]
