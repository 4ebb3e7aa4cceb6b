"""Commit fields: one SHA of the batch's own (backticks, subject, note), several SHAs or per-task
SHAs leave the batch's commit null with a warning, and fields that only look like commits."""

from __future__ import annotations

import pytest

from tests.model.helpers import parse_text


def batch_with(preamble: str, heading: str = "## Batch 2: Core ✅ COMPLETE") -> str:
    return f"# P\n\n{heading}\n\n{preamble}\n\n### Task 2.1: x ✅ COMPLETE\n\n**File**: `a.ts`\n"


@pytest.mark.parametrize(
    ("line", "commit", "subject", "note"),
    [
        pytest.param(
            "**Git Commit**: `2d689c4` - feat(core): batch 2 - core",
            "2d689c4",
            "feat(core): batch 2 - core",
            None,
            id="backticks-subject",
        ),
        pytest.param("**Git Commit**: 2d689c4", "2d689c4", None, None, id="bare"),
        pytest.param("**Commit**: `2D689C4`", "2d689c4", None, None, id="upper-case-hex"),
        pytest.param("**Commit SHA**: 2d689c4e5f", "2d689c4e5f", None, None, id="commit-sha"),
        pytest.param(
            "**Commit**: 5c55408 (combined with Batch 3)", "5c55408", None, "(combined with Batch 3)", id="note"
        ),
        pytest.param(
            "**Git Commit (Batch)**: 3e3e19b fix(ui): add field", "3e3e19b", "fix(ui): add field", None, id="oneline"
        ),
        pytest.param("**Batch 2 Git Commit**: c724a26", "c724a26", None, None, id="batch-n-git-commit"),
        pytest.param("- **Git Commit:** `2d689c4` — docs: x", "2d689c4", "docs: x", None, id="bullet-em-dash"),
        pytest.param("**Git Commit**: " + "a" * 40, "a" * 40, None, None, id="full-sha"),
        pytest.param(
            "**Git Commit**: `2d689c4` - fix 1a2b3c4d regression",
            "2d689c4",
            "fix 1a2b3c4d regression",
            None,
            id="hex-word-in-the-subject",  # found by Hypothesis: read as a second commit
        ),
        pytest.param(
            "**Commit**: 2d689c4 fix(api): drop 00000000",
            "2d689c4",
            "fix(api): drop 00000000",
            None,
            id="hex-in-oneline",
        ),
        pytest.param(
            "**Batch Git Commits**:\n\n- 543bcd4 (batch commit)", "543bcd4", None, "(batch commit)", id="item"
        ),
    ],
)
def test_one_commit_of_the_batch(line: str, commit: str, subject: str | None, note: str | None) -> None:
    only = parse_text(batch_with(line)).batches[0]
    assert (only.commit, only.commit_subject, only.commit_note) == (commit, subject, note)


@pytest.mark.parametrize(
    ("line", "listed"),
    [
        pytest.param("**Commits**: e253548, 1cc81bc", "e253548, 1cc81bc", id="comma-list"),
        pytest.param("**Git Commit**: 2576295 (initial), e796b73 (fixes)", "2576295, e796b73", id="with-notes"),
        pytest.param(
            "**Batch Git Commits**:\n\n- 9341732 (Task 2.1)\n- 369fbf3 (Task 2.2)", "9341732, 369fbf3", id="items"
        ),
        pytest.param("**Git Commit**: 1111111\n**Commit**: 2222222", "1111111, 2222222", id="two-fields"),
    ],
)
def test_several_commits_leave_the_batch_commit_unset(line: str, listed: str) -> None:
    doc = parse_text(batch_with(line))
    assert doc.batches[0].commit is None
    assert [(w.line, w.code) for w in doc.warnings] == [(3, "commit")]
    assert listed in doc.warnings[0].message


def test_per_task_commits_leave_the_batch_commit_unset() -> None:
    doc = parse_text(batch_with("**Git Commit SHA (Task 2.1)**: abc1234\n**Task 2.2 Git Commit**: def5678"))
    assert doc.batches[0].commit is None
    assert [(w.line, w.code) for w in doc.warnings] == [(3, "commit")]
    assert "per task (abc1234, def5678)" in doc.warnings[0].message


def test_same_sha_twice_is_one_commit() -> None:
    assert parse_text(batch_with("**Commit**: 4e0f128\n**Git Commit**: `4e0f128`")).batches[0].commit == "4e0f128"


def test_another_batchs_commit_field_is_ignored_with_a_warning() -> None:
    doc = parse_text(batch_with("**Batch 3 Git Commit**: 1234567"))
    assert doc.batches[0].commit is None
    assert [w.code for w in doc.warnings] == ["commit"]


@pytest.mark.parametrize(
    "line",
    [
        "**Git Commit Pattern**: `feat(x): 1234567`",
        "**Commit Strategy**: one commit 1234567 per batch",
        "**Expected Commit Pattern**: `abc1234`",
        "**Estimated Commits**: 5",
        "**Git Commit Message**: fix: abcdef1",
        "**Git Commit**: (User handling commit + lint fixes)",
        "**Git Commit**: PENDING",
        "**Git Commits**: OPTIONAL (user approved skipping commits)",
        "**Git Commit**: abc123",
    ],
)
def test_values_that_are_not_the_batch_commit(line: str) -> None:
    assert parse_text(batch_with(line)).batches[0].commit is None


def test_commit_in_the_heading() -> None:
    doc = parse_text(batch_with("", "## Batch 2: Core ✅ COMPLETE - Verified & Committed: 9f8e7d6"))
    assert (doc.batches[0].commit, doc.batches[0].title, doc.batches[0].status.value) == ("9f8e7d6", "Core", "complete")


def test_task_commit_fields() -> None:
    text = (
        "# P\n\n## Batch 1: A\n\n### Task 1.1: x\n\n**Git Commit**: 9341732\n\n"
        "### Task 1.2: y\n\n**Git Commit SHA (Task 1.2)**: 369fbf3\n**Git Commit SHA (Task 9.9)**: 0000001\n"
    )
    doc = parse_text(text)
    assert [(t.id, t.commit) for t in doc.batches[0].tasks] == [("1.1", "9341732"), ("1.2", "369fbf3")]
    assert doc.batches[0].commit is None
