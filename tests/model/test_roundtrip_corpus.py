"""Round trip on every corpus file, as LF, CRLF, BOM and BOM+CRLF copies: no edit keeps every byte;
each edit changes exactly its own line(s), and re-reading shows exactly the intended change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from batchgate.model.types import Batch, TasksDoc
from batchgate.model.writer import progress_edits, render_edits, set_batch_status, set_task_status, update_tasks_file
from tests.model.diffs import assert_lines_replaced, assert_only_line_replaced, has_emoji
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

PROGRESS = re.compile(r"(\d+)/(\d+)(\s+(?:batches\s+)?complete)", re.IGNORECASE)


@pytest.mark.parametrize(("name", "variant"), FILE_VARIANTS)
def test_no_edit_gives_identical_bytes(tmp_path: Path, name: str, variant: str) -> None:
    data, doc = load(tmp_path, name, variant)
    assert render_edits(doc, []) == data
    path = Path(doc.path)
    update_tasks_file(str(path), doc.source.repo_root, lambda current: [])
    assert path.read_bytes() == data


@pytest.mark.parametrize(("name", "variant"), FILE_VARIANTS)
def test_batch_status_edit_changes_its_line_only(tmp_path: Path, name: str, variant: str) -> None:
    data, doc = load(tmp_path, name, variant)
    for index, batch in sample(doc.batches, variant):
        new_status = NEXT_STATUS[batch.status]
        new = render_edits(doc, set_batch_status(doc, batch, new_status))
        line = assert_lines_replaced(data, new, status_lines(name, "batch", batch.id, batch.mark))[0]
        assert has_emoji(line) == _writes_emoji(doc, batch), line
        expected = model_view(doc)
        expected["batches"][index]["status"] = new_status.value
        expect_status_field(expected["batches"][index], batch.mark, new_status)
        assert settled(model_view(reparse(doc, new)), batch.line) == settled(expected, batch.line)


@pytest.mark.parametrize(("name", "variant"), FILE_VARIANTS)
def test_task_status_through_the_file(tmp_path: Path, name: str, variant: str) -> None:
    data, doc = load(tmp_path, name, variant)
    if not doc.all_tasks():
        assert "empty" in {w.code for w in doc.warnings}
        update_tasks_file(doc.path, doc.source.repo_root, lambda d: [])
        assert Path(doc.path).read_bytes() == data
        return
    old = doc.all_tasks()[-1]
    wanted = NEXT_STATUS[old.status]
    written = update_tasks_file(doc.path, doc.source.repo_root, lambda d: set_task_status(d, d.all_tasks()[-1], wanted))
    on_disk = Path(doc.path).read_bytes()
    assert on_disk == render_edits(doc, set_task_status(doc, old, wanted))
    assert_lines_replaced(data, on_disk, status_lines(name, "task", old.id, old.mark))
    assert written.all_tasks()[-1].status == wanted
    assert [p.name for p in Path(doc.path).parent.iterdir()] == ["tasks.md"], "temp file left behind"


@pytest.mark.parametrize(("name", "variant"), FILE_VARIANTS)
def test_progress_line_edit(tmp_path: Path, name: str, variant: str) -> None:
    data, doc = load(tmp_path, name, variant)
    first_batch = doc.batches[0].line - 1 if doc.batches else 0
    preamble = list(enumerate(doc.source.lines[:first_batch]))
    found = [(i, m) for i, line in preamble if (m := PROGRESS.search(line)) and int(m.group(2)) == len(doc.batches)]
    if not found:
        assert all(progress_edits(doc, n) == [] for n in range(len(doc.batches) + 1))
        return
    index, match = found[0]
    target = (int(match.group(1)) + 1) % (len(doc.batches) + 1)
    new = render_edits(doc, progress_edits(doc, target))
    before, after = assert_only_line_replaced(data, new, index)
    assert after == before.replace(match.group(0), f"{target}/{match.group(2)}{match.group(3)}", 1)
    assert model_view(reparse(doc, new)) == model_view(doc)
    assert progress_edits(doc, int(match.group(1))) == []


def _writes_emoji(doc: TasksDoc, batch: Batch) -> bool:
    """Emoji files get canonical emoji; plain-word files and plain fields stay plain words."""
    return batch.mark.emoji if batch.mark.kind != "none" else doc.style.emoji
