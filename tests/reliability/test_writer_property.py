"""Every edit operation, on any parseable file, changes its own bytes and nothing else.

The files: plan-like Markdown with hostile pieces, and corpus files after
random mutations. The operations are the writer's own (`set_batch_status`,
`set_task_status`, `set_batch_commit`, `append_failure_note`,
`progress_edits`), applied with `render_edits`. For each: the bytes outside
the edits are kept (edits_check.assert_only_edited), and the file read back
differs from the original model in exactly the intended way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from unittest.mock import ANY

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from batchgate.model.edits import Edit
from batchgate.model.reader import parse_tasks
from batchgate.model.types import Status, StatusMark, TasksDoc
from batchgate.model.writer import (
    append_failure_note,
    progress_edits,
    render_edits,
    set_batch_commit,
    set_batch_status,
    set_task_status,
)
from tests.reliability.edits_check import assert_only_edited, signature
from tests.reliability.mutations import corpus_bytes, corpus_mutant
from tests.reliability.strategies import HOSTILE, is_good_text, plan_like, text
from tests.reliability.support import scaled
from tests.support.paths import CORPUS

PATH, REPO = "/r/ptah-extension/task-tracking/TASK_W/tasks.md", "/r/ptah-extension"
Draw = Callable[..., Any]  # data.draw: a strategy (and a label) in, a value out
_ASSIGNED = re.compile(r"assigned to", re.IGNORECASE)
OPERATIONS = ("batch-status", "task-status", "batch-commit", "failure-note", "progress")
statuses = st.sampled_from(list(Status))
shas = st.from_regex(r"\A[0-9a-f]{7,40}\Z")
reasons = st.lists(text | st.sampled_from(HOSTILE) | st.sampled_from(["## Batch 9: evil ✅", "**Status**: COMPLETE"]))


def parse(data: bytes) -> TasksDoc:
    return parse_tasks(data, PATH, REPO)


def _batch_status(draw: Draw, doc: TasksDoc, want: dict[str, Any]) -> list[Edit]:
    index = draw(st.integers(0, len(doc.batches) - 1))
    batch, status = doc.batches[index], draw(statuses)
    want["batches"][index]["status"] = status
    if _ASSIGNED.search(_marked(doc, batch.mark)):  # `IN PROGRESS - Assigned to X` is one marker: X goes with it
        want["batches"][index]["assignee"] = ANY
    return set_batch_status(doc, batch, status)


def _task_status(draw: Draw, doc: TasksDoc, want: dict[str, Any]) -> list[Edit]:
    tasks = doc.all_tasks()
    assume(tasks)
    index, status = draw(st.integers(0, len(tasks) - 1)), draw(statuses)
    slots = [(b, t) for b, batch in enumerate(doc.batches) for t in range(len(batch.tasks))]
    slots += [(-1, t) for t in range(len(doc.tasks))]
    where, at = slots[index]
    holder = want["loose"] if where == -1 else want["batches"][where]["tasks"]
    if where != -1 and _ASSIGNED.search(_marked(doc, tasks[index].mark)):  # the batch may take its tasks' assignee
        want["batches"][where]["assignee"] = ANY
    holder[at] = (*holder[at][:2], status, *holder[at][3:])
    return set_task_status(doc, tasks[index], status)


def _batch_commit(draw: Draw, doc: TasksDoc, want: dict[str, Any]) -> list[Edit]:
    index, sha = draw(st.integers(0, len(doc.batches) - 1)), draw(shas)
    want["batches"][index]["commit"] = sha
    return set_batch_commit(doc, doc.batches[index], sha, draw(st.none() | text))


def _failure_note(draw: Draw, doc: TasksDoc, want: dict[str, Any]) -> list[Edit]:
    index, lines = draw(st.integers(0, len(doc.batches) - 1)), draw(reasons)
    return append_failure_note(doc, doc.batches[index], "\n".join(lines), "2025-01-01 00:00 UTC")


def _progress(draw: Draw, doc: TasksDoc, want: dict[str, Any]) -> list[Edit]:
    return progress_edits(doc, draw(st.integers(0, len(doc.batches))))


def _marked(doc: TasksDoc, mark: StatusMark) -> str:
    return doc.source.lines[mark.span.line][mark.span.start : mark.span.end]


MAKERS = {
    "batch-status": _batch_status,
    "task-status": _task_status,
    "batch-commit": _batch_commit,
    "failure-note": _failure_note,
    "progress": _progress,
}


def check_operation(draw: Draw, data: bytes, operation: str) -> None:
    """Apply one drawn `operation` to `data`; assert locality and the exact model change."""
    assume(is_good_text(data))
    doc = parse(data)
    assume(doc.batches or (operation == "task-status" and doc.tasks))
    want = signature(doc)
    edits = MAKERS[operation](draw, doc, want)
    new = render_edits(doc, edits)
    assert_only_edited(data, new, edits)
    after = parse(new)
    assert signature(after) == want
    if operation == "progress" and edits:
        assert re.search(rb"\d+/%d" % len(doc.batches), new)


@pytest.mark.parametrize("operation", OPERATIONS)
@settings(max_examples=scaled(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_edit_on_plan_like_markdown(operation: str, data: st.DataObject) -> None:
    check_operation(data.draw, data.draw(plan_like(), label="file"), operation)


@pytest.mark.skipif(not corpus_bytes(), reason=f"the shared corpus is absent ({CORPUS})")
@pytest.mark.parametrize("operation", OPERATIONS)
@settings(
    max_examples=scaled(30), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data())
def test_edit_on_mutated_corpus(operation: str, data: st.DataObject) -> None:
    _, mutant = data.draw(corpus_mutant(max_mutations=4), label="file")
    check_operation(data.draw, mutant, operation)
