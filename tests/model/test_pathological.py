"""Inputs made to hurt (under the size limit): long lists of files, shas, dependencies and fields
are read in linear time and warn in one readable line. Bounds are generous: quadratic work takes minutes."""

from __future__ import annotations

import time

import pytest

from tests.model.helpers import parse_text

N = 40_000
CASES = {
    "dependencies": "## Batch 1: a\n\n**Dependencies**: Batch " + ", ".join(str(i) for i in range(N)) + "\n",
    "files-csv": "### Task 1: a\n\n**File**: " + ", ".join(f"a{i}.ts" for i in range(N)) + "\n",
    "file-fields": "### Task 1: a\n\n" + "".join(f"**File**: a{i}.ts\n" for i in range(N)),
    "file-items": "### Task 1: a\n\n**Files**:\n" + "".join(f"- a{i}.ts\n" for i in range(N)),
    "sha-items": "## Batch 1: a\n\n**Git Commits**:\n" + "".join(f"- {i:07x}1 (x)\n" for i in range(N)),
    "task-sha-fields": "### Task 1: a\n\n" + "".join(f"**Commit**: {i:07x}1\n" for i in range(N)),
    "batch-sha-fields": "## Batch 1: a\n\n" + "".join(f"**Commit**: {i:07x}1\n" for i in range(N)),
    "long-heading": "## Batch 1: " + "word - " * N + "\n",
    "stars": "## Batch 1: a\n\n" + "**" * N * 5 + "\n",
    "field-pipes": "## Batch 1: a\n\n" + " | ".join(f"**F{i}**: v" for i in range(N)) + "\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_large_structures_parse_in_linear_time(name: str) -> None:
    started = time.perf_counter()
    doc = parse_text(CASES[name])
    assert time.perf_counter() - started < 10, "quadratic work on a long list"
    assert doc.batches or doc.tasks
    assert all(len(w.message) < 500 for w in doc.warnings), "a warning stays one readable line"


def test_many_shas_warning_lists_ten_and_counts_the_rest() -> None:
    doc = parse_text(CASES["batch-sha-fields"])
    [warning] = [w for w in doc.warnings if w.code == "commit"]
    assert warning.message.endswith(f"and {N - 10} more); its commit is left unset")


def test_heading_commit_repeated_in_a_field_is_one_commit() -> None:
    doc = parse_text("# P\n\n### Task 1: a - COMPLETE - Committed: abc1234\n\n**Commit**: `abc1234`\n")
    assert doc.tasks[0].commit == "abc1234"
    assert [w.code for w in doc.warnings] == []
