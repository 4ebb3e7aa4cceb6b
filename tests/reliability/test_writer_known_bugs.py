"""Writer bugs the property tests found, each kept as a regression test now that it is fixed.

HEADING_SHA: a status change kept no `- Committed: <sha>`, and a commit edit ignored it.
LONE_CR: lines inserted into a lone-CR file ended in LF.
EMOJI_CELL: IMPLEMENTED in an emoji-only cell read back as IN PROGRESS.
EMPTY_NOTE_ITEM: a reason line of control characters became an empty list item.
NOTE_LIST_ABOVE, QUOTE_ABOVE: inserted lines were read as part of the list or quote next to them.
"""

from __future__ import annotations

import re

import pytest

from batchgate.model.reader import parse_tasks
from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import (
    append_failure_note,
    render_edits,
    set_batch_commit,
    set_batch_status,
    set_task_status,
)
from tests.reliability.support import assert_clean
from tests.support.batchrepo import BatchRepo

PATH, REPO = "/r/repo/task-tracking/T/tasks.md", "/r/repo"
PLAN = "## Batch 1: Core - IMPLEMENTED - Committed: abc1234\n\n### Task 1.1: Types - IMPLEMENTED\n"


def test_heading_sha_survives_a_status_change() -> None:
    doc = parse_tasks(PLAN.encode(), PATH, REPO)
    after = parse_tasks(render_edits(doc, set_batch_status(doc, doc.batches[0], Status.COMPLETE)), PATH, REPO)
    assert after.batches[0].commit == "abc1234"


def test_commit_edit_replaces_a_heading_sha() -> None:
    doc = parse_tasks(PLAN.encode(), PATH, REPO)
    after = parse_tasks(render_edits(doc, set_batch_commit(doc, doc.batches[0], "def5678")), PATH, REPO)
    assert after.batches[0].commit == "def5678"


def test_complete_keeps_the_sha_the_developer_wrote_in_the_heading(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    sha = br.commit_batch()
    br.mark_implemented()
    text = br.plan_path.read_text(encoding="utf-8")
    heading = re.compile(r"^## Batch 1: Greeting library .*$", re.M)
    br.plan_path.write_text(heading.sub(f"## Batch 1: Greeting library - IMPLEMENTED - Committed: {sha[:7]}", text))
    done = br.cli("complete", "T1")
    assert_clean(done, 0)
    after = parse_tasks(br.plan_path.read_bytes(), str(br.plan_path), str(br.root))
    assert after.batches[0].status == Status.COMPLETE
    assert after.batches[0].commit == sha[:7], br.plan_path.read_text(encoding="utf-8")


@pytest.mark.parametrize("data", [b"## Batch 1: a\r", b"# P\r\r## Batch 1: a\r**Dependencies**: None\r\r"])
def test_inserted_lines_in_a_cr_file_end_in_cr(data: bytes) -> None:
    doc = parse_tasks(data, PATH, REPO)
    new = render_edits(doc, set_batch_commit(doc, doc.batches[0], "abc1234"))
    assert b"\n" not in new, new
    assert new.startswith(data.split(b"\r")[0] + b"\r"), new


def test_implemented_in_an_emoji_table_cell_reads_back_as_implemented() -> None:
    data = "## Batch 1: a\n\n| Task | Description | Status |\n| --- | --- | --- |\n| 1.1 | Do it | ⏸️ |\n"
    doc = parse_tasks(data.encode(), PATH, REPO)
    task = doc.batches[0].tasks[0]
    after = parse_tasks(render_edits(doc, set_task_status(doc, task, Status.IMPLEMENTED)), PATH, REPO)
    assert after.batches[0].tasks[0].status == Status.IMPLEMENTED


def test_a_reason_line_of_control_characters_leaves_the_plan_as_it_was() -> None:
    data = "## Batch 1: a\n\n| Task | Description | Status |\n| --- | --- | --- |\n| 1.1 | Do it | ⏸️ |\n"
    doc = parse_tasks(data.encode(), PATH, REPO)
    after = parse_tasks(
        render_edits(doc, append_failure_note(doc, doc.batches[0], "it broke\n\x1b", "now")), PATH, REPO
    )
    assert [t.id for t in after.batches[0].tasks] == ["1.1"]


NOTE_LIST_ABOVE = (
    "NOTE_LIST_ABOVE: a multi-line failure note ends in `- ` list items; the next line of the batch (right below, "
    "or indented after a blank line) is then read as part of that list: a task table becomes item text, an HTML "
    "block opens elsewhere and a heading it hid appears"
)
LIST_ABOVE = {
    "table-right-below": "## Batch 1: a\n**Dependencies**: None\n| Task | Description | Status |\n| --- | --- | --- |\n"
    "| 1.1 | x | ⏸️ |\n",
    "html-block-right-below": "## Batch 1: a\n**Dependencies**: None\n<details>\n## Batch 2: hidden\n",
    "indented-line-after-a-blank": "## Batch 1: a\n\n  indented\n<details>\n## Batch 2: hidden\n",
}


def _units(doc: TasksDoc) -> list[tuple[str, list[str]]]:
    return [(b.id, [t.id for t in b.tasks]) for b in doc.batches]


@pytest.mark.parametrize("data", list(LIST_ABOVE.values()), ids=list(LIST_ABOVE))
def test_a_multi_line_note_leaves_the_batches_and_tasks_as_they_were(data: str) -> None:
    doc = parse_tasks(data.encode(), PATH, REPO)
    new = render_edits(doc, append_failure_note(doc, doc.batches[0], "the build failed\nerror: x", "now"))
    assert _units(parse_tasks(new, PATH, REPO)) == _units(doc)


def test_a_commit_field_inserted_below_a_quoted_item_is_read() -> None:
    data = "## Batch 1: Core\n\n> quoted\n- **Dependencies**: None\n\n### Task 1.1: Types\n"
    doc = parse_tasks(data.encode(), PATH, REPO)
    after = parse_tasks(render_edits(doc, set_batch_commit(doc, doc.batches[0], "abc1234")), PATH, REPO)
    assert after.batches[0].commit == "abc1234"


def test_completing_keeps_an_assignee_written_only_in_the_heading() -> None:
    data = "## Batch 1: Page 🔄 IN PROGRESS - Assigned to frontend-developer\n\n### Task 1.1: Page - IMPLEMENTED\n"
    doc = parse_tasks(data.encode(), PATH, REPO)
    after = parse_tasks(render_edits(doc, set_batch_status(doc, doc.batches[0], Status.COMPLETE)), PATH, REPO)
    assert after.batches[0].status == Status.COMPLETE
    assert after.batches[0].assignee == "frontend-developer", "the batch must stay a frontend batch"
