"""The reader never crashes: any bytes give a model or an InputError, and InputError only for bad bytes.

Four sources of input: arbitrary Unicode text, arbitrary bytes, plan-like
Markdown assembled from hostile pieces, and corpus files after random
mutations. Any bytes without NUL must parse (bytes that are not UTF-8 read as
U+FFFD, with an `encoding` warning naming the line), lint and serialize to JSON
that validates against schemas/tasks.schema.json; the untouched bytes, damaged
ones included, must come back from a render with no edits. NUL is refused as
binary.
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
from tests.reliability.strategies import is_good_text, is_utf8, markdownish
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
    assert is_good_text(data), "NUL bytes accepted"
    assert render_edits(doc, []) == data, "a render with no edits changed bytes"
    warned = any(w.code == "encoding" for w in doc.warnings)
    assert warned == (not is_utf8(data)), "bytes that are not UTF-8 must be warned about, and only they"
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


REFUSED = {
    "nul-byte": b"## Batch 1: a\n\x00\n",
    "nul-in-a-path": b"### Task 1: a\n\n**File(s)**: `lib/\x00a.py`\n",
    "utf-16": "## Batch 1: a\n".encode("utf-16"),
}


@pytest.mark.parametrize("data", list(REFUSED.values()), ids=list(REFUSED))
def test_nul_bytes_are_refused_with_one_line(data: bytes) -> None:
    assert read_or_refuse(data) == "refused"


DAMAGED = {  # (bytes, the 1-based line of the damage, the bytes the warning names)
    "latin-1": ("## Batch 1: caf\xe9\n".encode("latin-1"), 1, "0xe9"),
    "lone-continuation-byte": (b"## Batch 1: a\x80\n", 1, "0x80"),
    "truncated-emoji": ("## Batch 1: a\n\n### Task 1.1: b ✅".encode()[:-1], 3, "0xe2 0x9c"),
    "overlong-encoding": (b"## Batch 1: \xc0\xaf\n", 1, "0xc0 0xaf"),
    "surrogate-encoded": (b"x\r\n## Batch 1: \xed\xa0\x80\r\n", 2, "0xed 0xa0 0x80"),
}


@pytest.mark.parametrize(("data", "line", "shown"), list(DAMAGED.values()), ids=list(DAMAGED))
def test_bytes_that_are_not_utf8_are_read_and_named(data: bytes, line: int, shown: str) -> None:
    assert read_or_refuse(data) == "parsed"
    doc = parse_tasks(data, PATH, REPO)
    warnings = [w for w in doc.warnings if w.code == "encoding"]
    assert [(w.line, shown in w.message) for w in warnings] == [(line, True)]
    assert doc.batches[0].id == "1" and "\ufffd" in json.dumps(doc_to_json(doc), ensure_ascii=False)
