"""Batch and task headings (TASKS_FORMAT.md §2): ids, separators, levels, and the headings that are
sections rather than batches or tasks."""

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
