"""Lint rules in process: what is an error, what is only a warning, on fixtures and on the corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from batchgate.model.lint import has_errors, lint
from tests.model.helpers import parse_text, read_corpus
from tests.support.paths import corpus_params

# Hand-read: the corpus files whose structure really is wrong, and where.
CORPUS_ERRORS = {
    "TASK_2025_015.md": [(2687, "no-tasks")],  # Batch 4 lists `**4.1**:` lines, no task headings
    "TASK_2025_075.md": [(36, "status")],  # Batch 1 IMPLEMENTED, tasks 1.2-1.5 still IN PROGRESS
}


def errors_of(text: str) -> list[tuple[int | None, str]]:
    return [(f.line, f.code) for f in lint(parse_text(text)) if f.severity == "error"]


@pytest.mark.parametrize(
    ("value", "severity"),
    [
        pytest.param("abc12", "error", id="short-hex"),
        pytest.param("g4f3e2d1", "error", id="not-hex-with-digits"),
        pytest.param("`abcdef0123456789abcdef0123456789abcdef012`", "error", id="41-hex"),
        pytest.param("OPTIONAL (user approved skipping commits)", "warning", id="word-note"),
        pytest.param("(User handling commits)", "warning", id="paren-note"),
        pytest.param("TBD", "warning", id="tbd"),
    ],
)
def test_commit_values_that_are_not_a_sha(value: str, severity: str) -> None:
    found = lint(
        parse_text(f"# P\n\n## Batch 1: A ✅ COMPLETE\n\n**Git Commit**: {value}\n\n### Task 1.1: x ✅ COMPLETE\n")
    )
    assert [(f.line, f.severity) for f in found if f.code == "commit-not-sha"] == [(5, severity)]


@pytest.mark.parametrize("value", ["[pending commit confirmation]", "PENDING", "1a2b3c4"])
def test_commit_values_lint_leaves_alone(value: str) -> None:
    found = lint(parse_text(f"# P\n\n## Batch 1: A\n\n**Git Commit**: {value}\n\n### Task 1.1: x\n\n**File**: `a`\n"))
    assert "commit-not-sha" not in [f.code for f in found]


def test_unwritten_task_status_does_not_contradict_its_batch() -> None:
    text = "# P\n\n## Batch 1: A - COMPLETE\n\n**Status**: COMPLETE\n\n### Task 1.1: x\n\n**File**: `a.ts`\n"
    assert errors_of(text) == []
    text = "# P\n\n## Batch 1: A - PENDING\n\n### Task 1.1: x\n\n**File**: `a.ts`\n"
    assert "status" not in [f.code for f in lint(parse_text(text))]


@pytest.mark.parametrize("marker", ["🔄 IN PROGRESS", "⏸️ PENDING", "❌ FAILED", "BLOCKED"])
def test_written_undone_task_contradicts_a_complete_batch(marker: str) -> None:
    text = f"# P\n\n## Batch 1: A ✅ COMPLETE\n\n### Task 1.1: x ✅ COMPLETE\n\n### Task 1.2: y {marker}\n"
    assert errors_of(text) == [(3, "status")]


@pytest.mark.parametrize("marker", ["✅ COMPLETE", "🔄 IMPLEMENTED", "⏭️ SKIPPED"])
def test_done_tasks_agree_with_a_complete_batch(marker: str) -> None:
    text = f"# P\n\n## Batch 1: A ✅ COMPLETE\n\n### Task 1.1: x {marker}\n\n**File**: `a.ts`\n"
    assert lint(parse_text(text)) == []


def test_duplicate_ids_across_batches_and_loose_tasks() -> None:
    text = "# P\n\n## Batch 1: A\n\n### Task 1.1: x\n\n## Batch 2: B\n\n### Task 1.1: again\n\n## Task 1.1: loose\n"
    assert [line for line, code in errors_of(text) if code == "duplicate-id"] == [5, 9, 11]


def test_warnings_alone_are_not_errors() -> None:
    found = lint(parse_text("# P\n\n## Batch 1: A\n\n### Task 1.1: x\n"))
    assert found and not has_errors(found)
    assert sorted(f.code for f in found) == ["no-files", "no-status", "no-status"]


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_errors_are_the_real_ones(tmp_path: Path, path: Path) -> None:
    found = lint(read_corpus(tmp_path, path.name))
    assert [(f.line, f.code) for f in found if f.severity == "error"] == CORPUS_ERRORS.get(path.name, [])


@pytest.mark.parametrize(
    ("field", "warned"),
    [
        pytest.param("**File**: N/A (verification task)", False, id="says-n/a"),
        pytest.param("**Files**: None - documentation only", False, id="says-none"),
        pytest.param("**File**: see the plan", True, id="no-path"),
        pytest.param("**Spec Reference**: plan.md", True, id="no-file-field"),
    ],
)
def test_task_that_says_it_has_no_files_is_not_warned(field: str, warned: bool) -> None:
    found = lint(parse_text(f"# P\n\n## Batch 1: A ✅ COMPLETE\n\n### Task 1.1: Verify ✅ COMPLETE\n\n{field}\n"))
    assert ("no-files" in [f.code for f in found]) == warned
