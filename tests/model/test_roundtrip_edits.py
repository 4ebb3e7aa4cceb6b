"""Every corpus file and byte variant: task status, commit (replaced and inserted) and failure note
edits change exactly their own lines, and re-reading shows exactly the intended change."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from batchgate.model.types import Batch
from batchgate.model.writer import append_failure_note, render_edits, set_batch_commit, set_task_status
from tests.model.diffs import assert_lines_replaced, assert_only_line_replaced, assert_only_lines_inserted, has_emoji
from tests.model.roundtrip import (
    FILE_VARIANTS,
    NEXT_STATUS,
    expect_status_field,
    load,
    model_view,
    reparse,
    sample,
    settled,
    status_lines,
)
from tests.support.paths import corpus_files, require_corpus

SHA = "0123abcd4567ef89"
SUBJECT = "feat(core): batch 9 - recorded by the test"


@pytest.mark.parametrize(("name", "variant"), FILE_VARIANTS)
def test_task_status_edit_changes_its_line_only(tmp_path: Path, name: str, variant: str) -> None:
    data, doc = load(tmp_path, name, variant)
    for index, task in sample(doc.all_tasks(), variant):
        wanted = NEXT_STATUS[task.status]
        new = render_edits(doc, set_task_status(doc, task, wanted))
        line = assert_lines_replaced(data, new, status_lines(name, "task", task.id, task.mark))[0]
        if task.mark.kind in {"heading", "field"}:
            assert has_emoji(line) == task.mark.emoji, line
        expected = model_view(doc)
        entry = ([t for b in expected["batches"] for t in b["tasks"]] + expected["tasks"])[index]
        entry["status"] = wanted.value
        expect_status_field(entry, task.mark, wanted)
        assert settled(model_view(reparse(doc, new)), task.line) == settled(expected, task.line)


@pytest.mark.parametrize(("name", "variant"), FILE_VARIANTS)
def test_commit_edit_replaces_or_inserts_one_field(tmp_path: Path, name: str, variant: str) -> None:
    data, doc = load(tmp_path, name, variant)
    for index, batch in sample(doc.batches, variant):
        new = render_edits(doc, set_batch_commit(doc, batch, SHA, SUBJECT))
        if batch.commit_fields:
            field = batch.commit_fields[0]
            old_line, new_line = assert_only_line_replaced(data, new, field.line_index)
            assert new_line.startswith(old_line[: field.value_span.start]), "the field's name is kept"
            assert f"{SHA} - {SUBJECT}" in new_line.replace("`", "")
        else:
            added = assert_only_lines_inserted(data, new)
            assert [line.strip() for line in added if line.strip()] == [f"**Git Commit**: `{SHA}` - {SUBJECT}"]
        after = reparse(doc, new)
        changed = after.batches[index]
        assert (changed.commit, changed.commit_subject, changed.commit_note) == (SHA, SUBJECT, None)
        assert _unchanged_except_commit(model_view(after, False), model_view(doc, False), index, batch)


@pytest.mark.parametrize(("name", "variant"), FILE_VARIANTS)
def test_failure_note_only_adds_lines(tmp_path: Path, name: str, variant: str) -> None:
    data, doc = load(tmp_path, name, variant)
    for _, batch in sample(doc.batches, variant):
        edits = append_failure_note(doc, batch, "build failed\n## not a heading\n- not an item", "2025-06-01")
        new = render_edits(doc, edits)
        added = [line.rstrip("\r\n") for line in assert_only_lines_inserted(data, new)]
        assert "**Failure Note** (2025-06-01, batchgate): build failed" in [a.rstrip() for a in added]
        assert not any(a.lstrip().startswith("#") for a in added), added
        assert model_view(reparse(doc, new), False) == model_view(doc, False)


def _unchanged_except_commit(after: dict[str, Any], before: dict[str, Any], index: int, batch: Batch) -> bool:
    """The models agree once the batch's commit, subject, note, its commit field text and the
    warnings about its old commits are set aside."""
    for view in (after, before):
        entry = view["batches"][index]
        entry.update(commit=None, commit_subject=None, commit_note=None)
        names = {f.name for f in batch.commit_fields} | {"Git Commit"}
        entry["fields"] = {k: v for k, v in entry["fields"].items() if k not in names}
        message = f"batch {batch.id} records"
        view["warnings"] = [w for w in view["warnings"] if not w["message"].startswith(message)]
    assert after == before
    return True


def test_corpus_exercises_both_commit_edits(tmp_path: Path) -> None:
    """The commit round trip above both replaces existing fields and inserts new ones somewhere."""
    require_corpus()
    kinds: set[bool] = set()
    for path in corpus_files():
        _, doc = load(tmp_path / path.stem, path.name, "lf")
        kinds |= {bool(b.commit_fields) for b in doc.batches}
    assert kinds == {True, False}
