"""The verification history file: append-only, locked, survives a killed writer, rotated when full."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from batchgate.evidence import history
from tests.support.paths import ROOT


def record(n: int, pad: int = 0) -> dict[str, object]:
    return {"task": "T1", "batch": str(n), "ok": n % 2 == 0, "pad": "x" * pad}


def test_each_append_is_one_line_read_back_in_order(tmp_path: Path) -> None:
    for n in range(3):
        history.append(str(tmp_path), record(n))
    lines = (tmp_path / history.HISTORY).read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(json.loads(line)["format"] == history.FORMAT for line in lines)
    assert [r["batch"] for r in history.read(str(tmp_path))] == ["0", "1", "2"]


def test_a_value_with_a_newline_stays_on_one_line(tmp_path: Path) -> None:
    history.append(str(tmp_path), {"task": "T1", "batch": "1", "summary": "two\nlines"})
    assert len((tmp_path / history.HISTORY).read_bytes().splitlines()) == 1
    assert history.read(str(tmp_path))[0]["summary"] == "two\nlines"


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(b'{"task": "T1", "batch": "9", "ok": tr', id="torn-last-line"),
        pytest.param(b'{"task": "T1"', id="torn-short"),
        pytest.param(b"\x00\x00\x00", id="zero-bytes"),
        pytest.param(b"[1, 2]\n", id="not-an-object"),
    ],
)
def test_a_torn_line_is_skipped_and_the_next_append_starts_a_fresh_line(tmp_path: Path, damage: bytes) -> None:
    history.append(str(tmp_path), record(1))
    with open(tmp_path / history.HISTORY, "ab") as handle:
        handle.write(damage)
    assert [r["batch"] for r in history.read(str(tmp_path))] == ["1"]
    history.append(str(tmp_path), record(2))
    assert [r["batch"] for r in history.read(str(tmp_path))] == ["1", "2"]


def test_a_full_file_is_rotated_and_both_are_read(tmp_path: Path) -> None:
    for n in range(5):
        history.append(str(tmp_path), record(n, pad=300), max_bytes=1000)
    current, rotated = tmp_path / history.HISTORY, tmp_path / history.ROTATED
    assert [json.loads(line)["batch"] for line in rotated.read_text(encoding="utf-8").splitlines()] == ["0", "1", "2"]
    assert [json.loads(line)["batch"] for line in current.read_text(encoding="utf-8").splitlines()] == ["3", "4"]
    assert [r["batch"] for r in history.read(str(tmp_path))] == ["0", "1", "2", "3", "4"]


def test_rotation_bounds_the_history(tmp_path: Path) -> None:
    for n in range(60):
        history.append(str(tmp_path), record(n, pad=200), max_bytes=2000)
    total = sum(p.stat().st_size for p in tmp_path.glob("history*.jsonl"))
    assert total < 2 * 2000 + 600, total
    kept = [int(str(r["batch"])) for r in history.read(str(tmp_path))]
    assert kept == sorted(kept) and kept[-1] == 59 and len(kept) < 60


def test_a_missing_history_reads_as_empty(tmp_path: Path) -> None:
    assert history.read(str(tmp_path / "nowhere")) == []


WRITER = """
import sys
sys.path.insert(0, {root!r})
from batchgate.evidence import history
for n in range({count}):
    history.append({state!r}, {{"task": "T1", "batch": sys.argv[1], "n": n, "pad": "y" * 3000}})
"""


def test_concurrent_appenders_keep_every_line(tmp_path: Path) -> None:
    script = WRITER.format(root=str(ROOT), count=50, state=str(tmp_path))
    writers = [subprocess.Popen([sys.executable, "-c", script, str(w)]) for w in range(4)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0, 0, 0]
    records = history.read(str(tmp_path))
    assert len(records) == 200
    for w in range(4):
        assert [r["n"] for r in records if r["batch"] == str(w)] == list(range(50))


def test_a_killed_writer_leaves_the_history_readable(tmp_path: Path) -> None:
    script = WRITER.format(root=str(ROOT), count=100000, state=str(tmp_path))
    writer = subprocess.Popen([sys.executable, "-c", script, "k"])
    path = tmp_path / history.HISTORY
    while not path.exists() or path.stat().st_size < 20000:
        assert writer.poll() is None, "the writer ended early"
    writer.kill()
    writer.wait()
    before = len(history.read(str(tmp_path)))
    assert before > 0
    history.append(str(tmp_path), record(7))
    after = history.read(str(tmp_path))
    assert len(after) == before + 1 and after[-1]["batch"] == "7"
    assert os.path.getsize(path) > 0
