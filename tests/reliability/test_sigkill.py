"""A writer killed with SIGKILL at random points: the file is always the old or the new version, whole.

A forked child rewrites the file in a loop (tasks.md through
update_tasks_file, a 4 MiB file through fsutil.locked_update so the kill
often lands inside the write, fsync or rename, and run.json through
runfile.update_run); the parent kills it after a random delay. After every
kill: the file is byte-identical to one of the versions, the child really
was killed mid-loop (it did not die of an error), and the only thing left
beside the file is at most one temporary `.<name>.batchgate-*.tmp`, which
the next write removes.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from batchgate import fsutil
from batchgate.evidence.runfile import Run, update_run
from batchgate.model.reader import read_tasks
from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import render_edits, set_batch_status, update_tasks_file
from tests.reliability.support import sample_run, scaled
from tests.support.batchplan import render_plan
from tests.support.paths import ROOT

TRIALS = scaled(120)
SEED = int(os.environ.get("BATCHGATE_RELIABILITY_SEED", "9"))


def kill_during(loop: Callable[[], object], delay: float) -> None:
    """Fork a child running `loop` forever; SIGKILL it after `delay` seconds; it must die of the kill."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 0
        try:
            while True:
                loop()
        except BaseException:
            code = 70
        os._exit(code)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status), f"the writer died on its own (exit {os.WEXITSTATUS(status)}): a write failed"


def leftovers(folder: Path, keep: set[str]) -> list[str]:
    """Names in `folder` other than `keep`; each must be one temporary file of ours."""
    names = sorted(set(os.listdir(folder)) - keep)
    assert all(name.startswith(".") and ".batchgate-" in name and name.endswith(".tmp") for name in names), names
    return names


def toggle(doc: TasksDoc) -> list:  # type: ignore[type-arg]
    batch = doc.batches[0]
    return set_batch_status(doc, batch, Status.PENDING if batch.status == Status.COMPLETE else Status.COMPLETE)


def delays(trials: int) -> list[float]:
    """Random delays (0-40 ms) from a fixed seed, a few of them zero."""
    rng = random.Random(SEED)
    return [0.0 if i % 25 == 0 else rng.uniform(0.0, 0.04) for i in range(trials)]


def test_tasks_md_killed_mid_update(tmp_path: Path) -> None:
    path = tmp_path / "repo" / "task-tracking" / "T1" / "tasks.md"
    path.parent.mkdir(parents=True)
    path.write_text(render_plan(_plan()), encoding="utf-8")
    doc = read_tasks(str(path))
    versions = {path.read_bytes(), render_edits(doc, toggle(doc))}
    left = 0
    for delay in delays(TRIALS):
        kill_during(lambda: update_tasks_file(str(path), None, toggle), delay)
        assert path.read_bytes() in versions, "tasks.md is neither the old nor the new version"
        left += len(leftovers(path.parent, {"tasks.md"}))
        update_tasks_file(str(path), None, toggle)  # the next write sweeps what the killed one left
        assert leftovers(path.parent, {"tasks.md"}) == []
    print(f"tasks.md: {TRIALS} kills, {left} left a temporary file (removed by the next write)")


def test_large_file_killed_inside_write_fsync_rename(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    old, new = b"A" * (4 << 20), b"B" * (4 << 20)
    path.write_bytes(old)

    def flip(data: bytes) -> bytes:
        return new if data[:1] == b"A" else old

    left = 0
    for delay in delays(TRIALS):
        kill_during(lambda: fsutil.locked_update(str(path), flip), delay)
        data = path.read_bytes()
        assert data in (old, new), f"a mix: {len(data)} bytes, {data[:1]!r}...{data[-1:]!r}"
        left += len(leftovers(tmp_path, {"big.md"}))
        fsutil.locked_update(str(path), flip)
        assert leftovers(tmp_path, {"big.md"}) == []
    print(f"4 MiB file: {TRIALS} kills, {left} inside the write (a temporary file left, then removed)")


def test_run_state_killed_mid_update(tmp_path: Path) -> None:
    state = tmp_path / "batchgate"

    def count(run: Run | None) -> Run:
        run = run or sample_run(last_summary="x" * 200_000)
        run.subagent_blocks += 1
        return run

    update_run(str(state), count)
    seen = left = 0
    for delay in delays(TRIALS):
        kill_during(lambda: update_run(str(state), count), delay)
        data = (state / "run.json").read_bytes()
        run = json.loads(data)
        assert data == (json.dumps(run, indent=2, sort_keys=True) + "\n").encode(), "not one whole version"
        assert run["subagent_blocks"] >= seen
        seen = run["subagent_blocks"]
        left += len(leftovers(state, {"run.json", "run.lock"}))
        update_run(str(state), count)
        assert leftovers(state, {"run.json", "run.lock"}) == []
    print(f"run.json: {TRIALS} kills, {left} left a temporary file, {seen} complete writes in between")


def _plan() -> list:  # type: ignore[type-arg]
    from tests.support.batchplan import DEFAULT_PLAN

    return list(DEFAULT_PLAN) * 20  # 60 batches: a plan of realistic size


@pytest.fixture(autouse=True)
def _not_windows() -> None:
    if not hasattr(os, "fork"):
        pytest.skip("needs fork()")
    assert ROOT.is_dir()
