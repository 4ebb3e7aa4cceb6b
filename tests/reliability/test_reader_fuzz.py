"""The reader never crashes: any bytes give a model or an InputError, and InputError only for bad bytes.

Four sources of input: arbitrary Unicode text, arbitrary bytes, plan-like
Markdown assembled from hostile pieces, and corpus files after random
mutations. Good text (UTF-8, no NUL) must always parse, lint and serialize
to JSON that validates against schemas/tasks.schema.json; the untouched
bytes must come back from a render with no edits.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batchgate.errors import InputError
from batchgate.model.lint import lint
from batchgate.model.reader import parse_tasks
from batchgate.model.serialize import doc_to_json
from batchgate.model.writer import render_edits
from tests.reliability.mutations import corpus_bytes, corpus_mutant
from tests.reliability.strategies import is_good_text, markdownish
from tests.reliability.support import scaled
from tests.support.paths import CORPUS, ROOT

PATH, REPO = "/r/ptah-extension/task-tracking/TASK_F/tasks.md", "/r/ptah-extension"
VALIDATOR = jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / "tasks.schema.json").read_text("utf-8")))
NEEDS_CORPUS = pytest.mark.skipif(not corpus_bytes(), reason=f"the shared corpus is absent ({CORPUS})")
FAST = settings(max_examples=scaled(200), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read_or_refuse(data: bytes) -> str:
    """Parse `data`; 'parsed' or 'refused'. Anything but InputError propagates (and fails the test)."""
    try:
        doc = parse_tasks(data, PATH, REPO)
    except InputError as error:
        assert not is_good_text(data), f"good text refused: {error.message}"
        assert error.message and "\n" not in error.message
        return "refused"
    assert is_good_text(data), "bad bytes accepted"
    assert render_edits(doc, []) == data, "a render with no edits changed bytes"
    lint(doc)
    VALIDATOR.validate(doc_to_json(doc))
    return "parsed"


@FAST
@given(st.text(max_size=400))
def test_any_unicode_text(value: str) -> None:
    read_or_refuse(value.encode("utf-8"))


@FAST
@given(st.binary(max_size=400))
def test_any_bytes(data: bytes) -> None:
    read_or_refuse(data)


@settings(max_examples=scaled(250), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(markdownish())
def test_plan_like_markdown_with_hostile_pieces(data: bytes) -> None:
    assert read_or_refuse(data) == "parsed"


@NEEDS_CORPUS
@settings(max_examples=scaled(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(corpus_mutant())
def test_mutated_corpus_files(mutant: tuple[str, bytes]) -> None:
    read_or_refuse(mutant[1])


BAD = {
    "nul-byte": b"## Batch 1: a\n\x00\n",
    "nul-in-a-path": b"### Task 1: a\n\n**File(s)**: `lib/\x00a.py`\n",
    "latin-1": "## Batch 1: caf\xe9\n".encode("latin-1"),
    "utf-16": "## Batch 1: a\n".encode("utf-16"),
    "lone-continuation-byte": b"## Batch 1: a\x80\n",
    "truncated-emoji": "## Batch 1: a ✅".encode()[:-1],
    "overlong-encoding": b"## Batch 1: \xc0\xaf\n",
    "surrogate-encoded": b"## Batch 1: \xed\xa0\x80\n",
}


@pytest.mark.parametrize("data", list(BAD.values()), ids=list(BAD))
def test_bad_bytes_are_refused_with_one_line(data: bytes) -> None:
    assert read_or_refuse(data) == "refused"
