"""Field lines (TASKS_FORMAT.md §2): every spelling of `**Name**: value`, multi-field lines,
empty values continued by list items, assignee and dependency forms, and text fields kept."""

from __future__ import annotations

import pytest

from tests.model.helpers import parse_text


def batch_with(preamble: str, heading: str = "## Batch 2: Core ⏸️ PENDING") -> str:
    return f"# P\n\n{heading}\n\n{preamble}\n\n### Task 2.1: x ⏸️ PENDING\n\n**File**: `a.ts`\n"


@pytest.mark.parametrize(
    "line",
    [
        pytest.param("**Assigned To**: backend-developer", id="colon-outside"),
        pytest.param("**Assigned To:** backend-developer", id="colon-inside"),
        pytest.param("- **Assigned To**: backend-developer", id="bullet"),
        pytest.param("* **Assigned To:** backend-developer", id="star-bullet"),
        pytest.param("   **Assigned To**: backend-developer", id="indented"),
        pytest.param("**Assigned To**: backend-developer   ", id="trailing-spaces"),
        pytest.param("**Assigned To**:backend-developer", id="no-space"),
        pytest.param("**Assignee**: backend-developer", id="assignee"),
        pytest.param("**Developer**: backend-developer", id="developer"),
        pytest.param("**Developer Needed**: backend-developer", id="developer-needed"),
        pytest.param("**Assigned To**: `backend-developer`", id="backticked"),
        pytest.param("**Assigned To**: backend-developer (owns the DI container)", id="with-note"),
        pytest.param("**Tasks**: 2 | **Assigned To**: backend-developer", id="second-of-two"),
        pytest.param("**Assigned To**:\n\n- backend-developer", id="continued-in-list-item"),
    ],
)
def test_assignee_field_spellings(line: str) -> None:
    doc = parse_text(batch_with(line))
    assert doc.batches[0].assignee == "backend-developer"


@pytest.mark.parametrize(
    ("heading", "assignee"),
    [
        ("## Batch 2: Core 🔄 IN PROGRESS - Assigned to frontend-developer", "frontend-developer"),
        ("## Batch 2: Core ✅ COMPLETE - Completed by senior-tester", "senior-tester"),
    ],
)
def test_assignee_in_heading(heading: str, assignee: str) -> None:
    doc = parse_text(batch_with("", heading))
    assert (doc.batches[0].assignee, doc.batches[0].title) == (assignee, "Core")


def test_two_agents_named_is_no_single_assignee() -> None:
    doc = parse_text(batch_with("**Developer**: BOTH (backend-developer for 2.1, frontend-developer for 2.2)"))
    assert doc.batches[0].assignee is None


def test_batch_takes_its_tasks_single_assignee() -> None:
    text = "# P\n\n## Batch 1: A\n\n### Task 1.1: x\n\n**Assigned To**: frontend-developer\n\n### Task 1.2: y\n"
    doc = parse_text(text)
    assert doc.batches[0].assignee == "frontend-developer"
    assert [t.assignee for t in doc.batches[0].tasks] == ["frontend-developer", None]


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ("None", []),
        ("None (starting point)", []),
        ("Batch 1", ["1"]),
        ("Batch 1 complete ✅", ["1"]),
        ("Batches 1-3 complete", ["1", "2", "3"]),
        ("Batches 1–2", ["1", "2"]),
        ("Batch 1, Batch 3", ["1", "3"]),
        ("Batches 1, 2 and 4", ["1", "2", "4"]),
        ("Batch 2 (RPC types ready), Batch 1 (needs the service)", ["2", "1"]),
        ("Batch 3A complete", ["3A"]),
        ("None (can run parallel with Batch 2-3)", []),
    ],
)
def test_dependency_forms(value: str, ids: list[str]) -> None:
    doc = parse_text(batch_with(f"**Dependencies**: {value}"))
    assert doc.batches[0].dependencies == ids


def test_task_dependencies_name_tasks_not_batches() -> None:
    text = "# P\n\n## Batch 2: B\n\n### Task 2.2: y\n\n**Dependencies**: Batch 1 Task 1.4, Task 2.1\n"
    assert parse_text(text).batches[0].tasks[0].dependencies == ["1.4", "2.1"]


def test_multi_field_line_reads_every_field() -> None:
    doc = parse_text(batch_with("**Tasks**: 2 | **Dependencies**: Batch 1 | **Developer**: backend-developer"))
    only = doc.batches[0]
    assert (only.fields["Tasks"], only.dependencies, only.assignee) == ("2", ["1"], "backend-developer")


def test_text_fields_are_kept_for_the_prompt() -> None:
    preamble = (
        "**Tasks in Batch**: 1\n**Expected Commit Pattern**: `feat(core): batch 2 - core`\n"
        "**Quality Requirements**:\n\n- No credentials in logs\n- Injectable"
    )
    text = batch_with(preamble) + "**Specification Reference**: plan.md:10-20\n**Pattern to Follow**: `x.ts:1-9`\n"
    doc = parse_text(text)
    fields, task_fields = doc.batches[0].fields, doc.batches[0].tasks[0].fields
    assert fields["Tasks in Batch"] == "1"
    assert fields["Expected Commit Pattern"] == "`feat(core): batch 2 - core`"
    assert fields["Quality Requirements"] == "- No credentials in logs\n- Injectable"
    assert (task_fields["Specification Reference"], task_fields["Pattern to Follow"]) == ("plan.md:10-20", "`x.ts:1-9`")


def test_a_field_continued_by_items_stops_at_the_next_field() -> None:
    text = batch_with("**Files**:\n\n- `a.ts`\n- `b.ts`\n  **Status**: IMPLEMENTED", "## Task 7: loose")
    doc = parse_text(text)
    loose = doc.tasks[0]
    assert ([f.path for f in loose.files], loose.status.value) == (["a.ts", "b.ts"], "implemented")


def test_bold_text_without_a_colon_is_not_a_field() -> None:
    doc = parse_text(batch_with("**File 1: ast.types.ts**\n\n**Assigned To** backend-developer"))
    assert doc.batches[0].assignee is None
    assert "File 1: ast.types.ts" not in doc.batches[0].fields
