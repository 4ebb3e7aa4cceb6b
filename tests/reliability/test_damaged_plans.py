"""Damaged real plans are read, and written back without losing a byte (issue 14.2).

Corpus files after random damage (bench/damaged.py: byte flips, truncation,
stray bytes, line-ending swaps, duplicated or deleted lines): `batchgate
parse FILE --json` exits 0 with schema-valid JSON (or refuses a NUL byte as
binary, exit 2, one line), a write with no edits leaves the file
byte-identical, and a status edit changes only its own columns, bytes that
are not UTF-8 included.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from batchgate.cli.main import main as cli_main
from batchgate.model.reader import read_tasks
from batchgate.model.types import Status
from batchgate.model.writer import set_batch_status, update_tasks_file
from bench.damaged import damaged, samples
from tests.reliability.edits_check import assert_only_edited
from tests.reliability.support import scaled
from tests.support.cli import run_cli
from tests.support.paths import CORPUS, ROOT, corpus_files

VALIDATOR = jsonschema.Draft202012Validator(json.loads((ROOT / "schemas" / "tasks.schema.json").read_text("utf-8")))
NEEDS_CORPUS = pytest.mark.skipif(not corpus_files(), reason=f"the shared corpus is absent ({CORPUS})")


def parse_in_process(path: Path) -> tuple[int, str, str]:
    """`batchgate parse PATH --json` through the CLI's own entry point: exit code, stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli_main(["parse", str(path), "--json"])
    return code, out.getvalue(), err.getvalue()


def check_read(code: int, stdout: str, stderr: str, data: bytes) -> None:
    """Exit 0 and schema-valid JSON; or, for a NUL byte, the documented one-line refusal."""
    if b"\x00" in data:
        assert code == 2 and "looks binary" in stderr and "Traceback" not in stderr
        return
    assert code == 0, stderr
    VALIDATOR.validate(json.loads(stdout))


@NEEDS_CORPUS
@settings(max_examples=scaled(60), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(index=st.integers(0, 1000), seed=st.integers(0, 2**32 - 1))
def test_damaged_corpus_file_reads_and_writes_back(
    tmp_path_factory: pytest.TempPathFactory, index: int, seed: int
) -> None:
    files = corpus_files()
    _, data = damaged(files[index % len(files)].read_bytes(), random.Random(seed))
    path = tmp_path_factory.mktemp("damaged") / "tasks.md"
    path.write_bytes(data)
    check_read(*parse_in_process(path), data)
    if b"\x00" in data:
        return
    update_tasks_file(str(path), None, lambda doc: [])
    assert path.read_bytes() == data, "a write with no edits changed the file"
    doc = read_tasks(str(path))
    if doc.batches:
        edits = set_batch_status(doc, doc.batches[-1], Status.FAILED)
        update_tasks_file(str(path), None, lambda now: set_batch_status(now, now.batches[-1], Status.FAILED))
        assert_only_edited(data, path.read_bytes(), edits)


@NEEDS_CORPUS
def test_the_command_itself_reads_damaged_plans(tmp_path: Path) -> None:
    """The real `scripts/batchgate` in a subprocess, on a fixed seeded sample (the bench uses 200)."""
    read = 0
    cases = samples(corpus_files(), 12, seed=14)
    for number, (_, data) in enumerate(cases):
        path = tmp_path / f"{number}.md"
        path.write_bytes(data)
        result = run_cli("parse", str(path), "--json")
        check_read(result.code, result.stdout, result.stderr, data)
        read += result.code == 0
    assert read >= 0.8 * len(cases)
