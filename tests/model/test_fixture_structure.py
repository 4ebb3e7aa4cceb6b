"""Structure (TASKS_FORMAT.md §2): batch and task headings, ids, levels, sections that are not
batches, loose tasks, duplicate batch sections, task tables, and line numbers."""

from __future__ import annotations

import pytest

from tests.model.helpers import codes, parse_text

TASK = "\n\n### Task 1.1: Types ✅ COMPLETE\n\n**File**: `a.ts`\n"


@pytest.mark.parametrize(
    ("heading", "batch_id", "title"),
    [
        pytest.param("## Batch 1: Core", "1", "Core", id="colon"),
        pytest.param("## Batch 2 - Core", "2", "Core", id="dash"),
        pytest.param("## Batch 3 — Core", "3", "Core", id="em-dash"),
        pytest.param("## Batch 4 (backend)", "4", "(backend)", id="paren"),
        pytest.param("## Batch 5", "5", "", id="end-of-heading"),
        pytest.param("## Batch A: Letters", "A", "Letters", id="capital-letter"),
        pytest.param("## Batch 1.1: Dotted", "1.1", "Dotted", id="dotted"),
        pytest.param("## Batch 2a: Suffix", "2a", "Suffix", id="letter-suffix"),
        pytest.param("### Batch 3A: Upper suffix", "3A", "Upper suffix", id="level-3"),
        pytest.param("#### BATCH 7: Upper case word", "7", "Upper case word", id="level-4-upper"),
        pytest.param("## **Batch 8**: Bold", "8", "Bold", id="bold-label"),
        pytest.param("## **Batch 9: Bold title**", "9", "Bold title", id="bold-heading"),
        pytest.param("## Batch 10 ✅ COMPLETE", "10", "", id="marker-right-after-id"),
        pytest.param("## Batch B [DONE]", "B", "", id="bracket-right-after-id"),
        pytest.param("## Batch 11 IN PROGRESS - Assigned to x-y", "11", "", id="words-right-after-id"),
    ],
)
def test_batch_headings(heading: str, batch_id: str, title: str) -> None:
    doc = parse_text(f"# Plan\n\n{heading}\n\n##### Task 1.1: Types ✅ COMPLETE\n")
    assert [(b.id, b.title, b.line) for b in doc.batches] == [(batch_id, title, 3)]
    assert [t.id for t in doc.batches[0].tasks] == ["1.1"]


@pytest.mark.parametrize(
    "heading",
    [
        "## Batch 1 Verification",
        "## Batch 1 Developer Prompt (backend-developer)",
        "## Batch Execution Protocol",
        "## Batches 1-3 Summary",
        "## BATCH 7 COMPLETION TARGET",
        "# Batch 1: Level one is the title",
        "##### Batch 1: Level five is too deep",
    ],
)
def test_sections_that_are_not_batches(heading: str) -> None:
    doc = parse_text(f"# Plan\n\n{heading}{TASK}")
    assert doc.batches == []
    assert [t.id for t in doc.tasks] == ["1.1"], "the task is then a loose task"


@pytest.mark.parametrize(
    ("heading", "task_id", "title"),
    [
        pytest.param("## Task 1.1: Level two", "1.1", "Level two", id="level-2"),
        pytest.param("### Task 3: Level three", "3", "Level three", id="level-3"),
        pytest.param("#### Task A.2: Lettered", "A.2", "Lettered", id="level-4-letter"),
        pytest.param("##### TASK-1.1: Hyphenated", "1.1", "Hyphenated", id="level-5-hyphen"),
        pytest.param("### T4: Short form", "T4", "Short form", id="T4"),
        pytest.param("### **Task 5.2**: Bold label", "5.2", "Bold label", id="bold-label"),
        pytest.param("### Task 6.1", "6.1", "", id="marker-right-after-id"),
        pytest.param("### Task T9b - Dash separated", "T9b", "Dash separated", id="Task-T9b-dash"),
        pytest.param("### Task 3A.1: Batch letter", "3A.1", "Batch letter", id="3A.1"),
    ],
)
def test_task_headings(heading: str, task_id: str, title: str) -> None:
    doc = parse_text(f"# Plan\n\n{heading} ✅ COMPLETE\n\n**File**: `a.ts`\n")
    assert [(t.id, t.title, t.line, t.status.value) for t in doc.tasks] == [(task_id, title, 3, "complete")]


@pytest.mark.parametrize(
    "heading", ["###### Task 1.1: Level six", "### Tasks 4.1-4.12 Summary:", "### Task Breakdown", "### Task List"]
)
def test_headings_that_are_not_tasks(heading: str) -> None:
    doc = parse_text(f"# Plan\n\n## Batch 1: Core ✅ COMPLETE\n\n{heading}\n")
    assert [t.id for t in doc.all_tasks()] == []
    assert "empty" not in codes(doc)


def test_task_belongs_to_the_batch_whose_section_holds_it() -> None:
    text = (
        "# Plan\n\n## Batch 1: One\n\n### Tasks\n\n#### Task 1.1: Deep\n\n"
        "## Batch 2: Two\n\n### Task 2.1: Shallow\n\n## Task 9.1: Same level as the batches\n"
    )
    doc = parse_text(text)
    assert {b.id: [t.id for t in b.tasks] for b in doc.batches} == {"1": ["1.1"], "2": ["2.1"]}
    assert [t.id for t in doc.tasks] == ["9.1"]
    assert [(w.line, w.code) for w in doc.warnings if w.code == "loose-task"] == [(13, "loose-task")]


def test_file_of_loose_tasks_only_has_no_loose_task_warning() -> None:
    doc = parse_text("# Plan\n\n### Task 1: First ✅ COMPLETE\n\n### Task 2: Second\n")
    assert doc.batches == []
    assert [(t.id, t.status.value, t.line) for t in doc.tasks] == [("1", "complete", 3), ("2", "pending", 5)]
    assert "loose-task" not in codes(doc)


def test_duplicate_batch_sections_merge_with_a_warning() -> None:
    text = (
        "# Plan\n\n## Batch 1 - COMPLETE\n\n**Git Commit**: `a1b2c3d`\n\n"
        "## Batch 2: Later ⏸️ PENDING\n\n### Task 2.1: x\n\n"
        "## Batch 1: Core ✅ COMPLETE\n\n**Assigned To**: backend-developer\n\n"
        "### Task 1.1: Types\n\n### Task 1.2: More\n"
    )
    doc = parse_text(text)
    assert [b.id for b in doc.batches] == ["1", "2"]
    merged = doc.batches[0]
    assert (merged.line, merged.commit, merged.assignee) == (3, "a1b2c3d", "backend-developer")
    assert [t.id for t in merged.tasks] == ["1.1", "1.2"]
    assert [(w.line, w.code) for w in doc.warnings if w.code == "merged"] == [(11, "merged")]


def test_batch_ids_compare_case_insensitively_when_merging() -> None:
    doc = parse_text(
        "# P\n\n## Batch 3A: x ✅ COMPLETE\n\n### Task 3A.1: y\n\n## Batch 3a: again\n\n### Task 3A.2: z\n"
    )
    assert [(b.id, [t.id for t in b.tasks]) for b in doc.batches] == [("3A", ["3A.1", "3A.2"])]
    assert doc.batch("3a") is doc.batches[0]


def test_tasks_in_a_table_with_their_lines_and_cells() -> None:
    text = (
        "# P\n\n## BATCH 1: Purge\n\n"
        "| Task | Description | Assignee | Status |\n| --- | --- | --- | --- |\n"
        "| 1.1 | Delete files | backend-developer | ✅ |\n"
        "| 1.2 | Update exports | backend-developer | 🔄 IN PROGRESS |\n"
        "| 1.3 | Later | backend-developer | |\n"
    )
    doc = parse_text(text)
    tasks = doc.batches[0].tasks
    assert [(t.id, t.title, t.status.value, t.line) for t in tasks] == [
        ("1.1", "Delete files", "complete", 7),
        ("1.2", "Update exports", "in_progress", 8),
        ("1.3", "Later", "pending", 9),
    ]
    assert doc.batches[0].assignee == "backend-developer"


def test_empty_model_says_why() -> None:
    doc = parse_text("# Notes\n\n### 1. A numbered heading is not a task\n\n- Task 1.1: nor is a list item\n")
    assert (doc.batches, doc.tasks) == ([], [])
    assert codes(doc) == ["empty"]


def test_task_id_from_folder_or_title() -> None:
    assert parse_text("# Development Tasks - TASK_2025_321\n", task_id="TASK_2025_076").task_id == "TASK_2025_076"
    from batchgate.model.reader import parse_tasks

    assert parse_tasks(b"# Development Tasks - TASK_2025_321\n", "/tmp/x/plan.md").task_id == "TASK_2025_321"
