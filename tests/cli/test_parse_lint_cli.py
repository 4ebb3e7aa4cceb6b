"""Bad input through the real CLI (`parse` and `lint`): a one- or two-line message, the contract's exit
code (2 for bad input), never a traceback."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.cli import Result, run_cli

MiB = 1024 * 1024
CHUNK = b"## Batch 1: Padding \xe2\x9c\x85 COMPLETE\n\n### Task 1.1: x\n\n**File**: `a.ts`\n\n"


def missing(tmp: Path) -> Path:
    return tmp / "task-tracking" / "TASK_X" / "tasks.md"


def directory(tmp: Path) -> Path:
    (tmp / "task-tracking" / "TASK_X").mkdir(parents=True)
    return tmp / "task-tracking" / "TASK_X"


def written(data: bytes) -> Callable[[Path], Path]:
    def make(tmp: Path) -> Path:
        path = tmp / "tasks.md"
        path.write_bytes(data)
        return path

    return make


def fifo(tmp: Path) -> Path:
    path = tmp / "tasks.md"
    os.mkfifo(path)
    return path


def huge(tmp: Path) -> Path:
    path = tmp / "tasks.md"
    with path.open("wb") as handle:
        for _ in range(50 * MiB // (len(CHUNK) * 1000) + 1):
            handle.write(CHUNK * 1000)
    assert path.stat().st_size >= 50 * MiB
    return path


BAD = [
    pytest.param(missing, "does not exist", id="missing"),
    pytest.param(directory, "is a directory", id="directory"),
    pytest.param(written(b"# P\n\x00\x01\x02binary"), "looks binary", id="nul-bytes"),
    pytest.param(written(b"\xff\xfe#\x00 \x00P\x00"), "looks binary", id="utf-16"),
    pytest.param(fifo, "not a regular file", id="fifo"),
    pytest.param(huge, "batchgate reads plans up to 8 MiB", id="50MB"),
    pytest.param(written(CHUNK * (8 * MiB // len(CHUNK) + 1)), "up to 8 MiB", id="just-over-8MiB"),
]


def assert_clean_failure(result: Result, needle: str) -> None:
    assert result.code == 2, (result.code, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert 1 <= len(lines) <= 2, lines
    assert lines[0].startswith("batchgate: ") and needle in lines[0], lines
    assert result.stdout == ""


@pytest.mark.parametrize("verb", ["parse", "lint"])
@pytest.mark.parametrize(("make", "needle"), BAD)
def test_bad_input_is_one_message_and_exit_2(
    tmp_path: Path, verb: str, make: Callable[[Path], Path], needle: str
) -> None:
    path = make(tmp_path)
    assert_clean_failure(run_cli(verb, str(path), "--json", timeout=60), needle)


def test_bytes_that_are_not_utf8_are_read_with_a_warning(tmp_path: Path) -> None:
    path = written(b"# P\n\n## Batch 1: caf\xe9\n")(tmp_path)
    parsed = run_cli("parse", str(path), "--json")
    assert parsed.code == 0, parsed.stderr
    assert parsed.json()["batches"][0]["title"] == "caf\ufffd"
    linted = run_cli("lint", str(path))
    assert "tasks.md:3: warning: byte 0xe9 is not UTF-8" in linted.stdout, linted.stdout
    assert path.read_bytes() == b"# P\n\n## Batch 1: caf\xe9\n"


@pytest.mark.parametrize(
    "data", [pytest.param(b"", id="empty"), pytest.param(b"# Notes\n\nNothing planned.\n", id="no-batches")]
)
def test_file_with_nothing_to_read_is_a_warning(tmp_path: Path, data: bytes) -> None:
    path = written(data)(tmp_path)
    parsed = run_cli("parse", str(path))
    assert (parsed.code, parsed.stderr) == (0, "")
    assert "no batches and no tasks found" in parsed.stdout
    linted = run_cli("lint", str(path), "--json")
    assert linted.code == 0 and "Traceback" not in linted.stderr
    assert [(f["line"], f["code"]) for f in linted.json()["findings"]] == [(None, "empty")]
    text = run_cli("lint", str(path))
    assert text.stdout.splitlines()[0].startswith(f"{path}: warning: no batches and no tasks found")


def test_lint_of_several_files_stops_at_a_missing_one(tmp_path: Path) -> None:
    good = written(b"# P\n\n## Batch 1: A \xe2\x9c\x85 COMPLETE\n\n### Task 1.1: x \xe2\x9c\x85 COMPLETE\n")(tmp_path)
    assert_clean_failure(run_cli("lint", str(good), str(missing(tmp_path))), "does not exist")


def test_bad_C_directory_is_a_usage_error(tmp_path: Path) -> None:
    assert_clean_failure(run_cli("-C", str(tmp_path / "nope"), "parse", "tasks.md"), "cannot change to")


def test_relative_path_is_read_from_the_C_directory(tmp_path: Path) -> None:
    written(b"# P\n\n## Batch 1: A \xe2\x9c\x85 COMPLETE\n\n### Task 1.1: x \xe2\x9c\x85 COMPLETE\n")(tmp_path)
    result = run_cli("-C", str(tmp_path), "parse", "tasks.md", "--json")
    assert result.code == 0, result.stderr
    assert [b["id"] for b in result.json()["batches"]] == ["1"]


def test_unreadable_file_is_bad_input(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads a file without read permission; the check cannot be made as root")
    path = written(b"# P\n")(tmp_path)
    path.chmod(0)
    try:
        assert_clean_failure(run_cli("parse", str(path)), "cannot read")
    finally:
        path.chmod(0o644)
