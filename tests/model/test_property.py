"""Property tests: documents assembled from the pieces real plans use (any order, any line endings,
with or without a BOM) never crash the reader, round-trip byte for byte, validate against the schema,
and a status edit changes that unit's status and no other."""

from __future__ import annotations

import json

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batchgate.model.reader import parse_tasks
from batchgate.model.serialize import doc_to_json
from batchgate.model.text import BOM
from batchgate.model.types import Batch, StatusMark, Task
from batchgate.model.writer import render_edits, set_batch_commit, set_batch_status, set_task_status
from tests.model.diffs import opcodes
from tests.model.roundtrip import NEXT_STATUS
from tests.support.paths import ROOT

SCHEMA = json.loads((ROOT / "schemas" / "tasks.schema.json").read_text(encoding="utf-8"))
PIECES = [
    "## Batch 1: Core ✅ COMPLETE",
    "## Batch 2 - Wiring - IN PROGRESS",
    "### Batch 2a: Split [PENDING]",
    "## Batch A",
    "## Batch 1 Verification",
    "### Task 1.1: Types ✅ COMPLETE",
    "#### Task 2.1: Wire it 🔄 IN PROGRESS - Assigned to backend-developer",
    "### TASK-3.1 - Hyphen",
    "### T4: Short",
    "##### Task 9: deep ‚úÖ COMPLETE",
    "**Status**: IMPLEMENTED",
    "**Status**: ✅ COMPLETE",
    "**Assigned To**: backend-developer  ",
    "- **Developer:** frontend-developer",
    "**Tasks**: 2 | **Dependencies**: Batch 1",
    "**Git Commit**: `2d689c4` - feat(core): batch 1 - core",
    "**Commits**: e253548, 1cc81bc",
    "**File(s)**: `libs/a.ts` **[NEW]**",
    "**Files**:",
    "- `libs/b.ts` (MODIFY)",
    "- D:\\projects\\ptah-extension\\libs\\c.ts",
    "  **Status**: IMPLEMENTED",
    "```",
    "~~~",
    "    indented code",
    "| Task | Description | Assignee | Status |",
    "| ---- | ----------- | -------- | ------ |",
    "| 1.1  | Delete      | backend-developer | ✅ |",
    "> quoted **Git Commit**: abcdef1",
    "Plain prose with **bold** text.",
    "---",
    "===",
    "## Batch 3 ⏸️ PENDING ##",
    "#### Task 3.1 [DONE]",
    "**Git Commit**:",
    "- 543bcd4 (batch commit)",
    "**Git Commit SHA (Task 1.1)**: 9341732",
    "- item with a fence:",
    "  ```ts",
    "  ## Batch 9: inside a list fence",
    "**Status**: 3/5 complete",
    "",
    "",
]
document = st.tuples(
    st.lists(st.sampled_from(PIECES), max_size=40),
    st.sampled_from(["\n", "\r\n", "\r"]),
    st.booleans(),
    st.booleans(),
)


def build(parts: tuple[list[str], str, bool, bool]) -> bytes:
    lines, ending, bom, final_newline = parts
    text = ending.join(lines) + (ending if final_newline and lines else "")
    return (BOM if bom else b"") + text.encode("utf-8")


def changed(old: bytes, new: bytes) -> set[int]:
    """0-based lines an edit replaced; an insertion or deletion fails the caller's subset check."""
    found: set[int] = set()
    for tag, i1, i2, j1, j2 in opcodes(old, new):
        found |= set(range(i1, i2)) if tag == "replace" and i2 - i1 == j2 - j1 else {-1}
    return found


def marker_lines(mark: StatusMark) -> set[int]:
    return {mark.span.line} | ({mark.twin.span.line} if mark.twin else set())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_reads_round_trips_and_validates(parts: tuple[list[str], str, bool, bool]) -> None:
    data = build(parts)
    doc = parse_tasks(data, "/r/task-tracking/TASK_P/tasks.md", "/r")
    assert render_edits(doc, []) == data
    jsonschema.Draft202012Validator(SCHEMA).validate(doc_to_json(doc))
    total = len(doc.source.lines)
    units: list[Batch | Task] = [*doc.batches, *doc.all_tasks()]
    assert all(1 <= unit.line <= total for unit in units)
    assert all(w.line is None or 1 <= w.line <= total for w in doc.warnings)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_status_edits_change_that_unit_only(parts: tuple[list[str], str, bool, bool]) -> None:
    data = build(parts)
    doc = parse_tasks(data, "/r/task-tracking/TASK_P/tasks.md", "/r")
    for index, batch in enumerate(doc.batches):
        wanted = NEXT_STATUS[batch.status]
        new = render_edits(doc, set_batch_status(doc, batch, wanted))
        assert changed(data, new) <= marker_lines(batch.mark)
        after = parse_tasks(new, doc.path, "/r")
        expected = [b.status for b in doc.batches]
        expected[index] = wanted
        assert [b.status for b in after.batches] == expected
        assert [t.status for t in after.all_tasks()] == [t.status for t in doc.all_tasks()]
    for index, task in enumerate(doc.all_tasks()):
        wanted = NEXT_STATUS[task.status]
        new = render_edits(doc, set_task_status(doc, task, wanted))
        assert changed(data, new) <= marker_lines(task.mark)
        after = parse_tasks(new, doc.path, "/r")
        expected = [t.status for t in doc.all_tasks()]
        expected[index] = wanted
        assert [t.status for t in after.all_tasks()] == expected


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document)
def test_commit_edit_records_the_sha(parts: tuple[list[str], str, bool, bool]) -> None:
    data = build(parts)
    doc = parse_tasks(data, "/r/task-tracking/TASK_P/tasks.md", "/r")
    for index, batch in enumerate(doc.batches):
        after = parse_tasks(render_edits(doc, set_batch_commit(doc, batch, "0abc1234")), doc.path, "/r")
        assert after.batches[index].commit == "0abc1234"
        assert [(b.id, b.status) for b in after.batches] == [(b.id, b.status) for b in doc.batches]
