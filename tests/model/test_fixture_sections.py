"""Sections (TASKS_FORMAT.md §2): which batch holds a task, loose tasks, duplicate batch sections merged,
task tables, an empty model, and the task id."""

from __future__ import annotations

from tests.model.helpers import codes, parse_text


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
