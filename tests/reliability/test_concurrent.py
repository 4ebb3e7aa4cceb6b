"""Several processes updating the same tasks.md (or run.json) at once: no update is lost.

Each worker owns one batch of a shared plan and, started together with the
others, makes ROUNDS read-modify-write updates through update_tasks_file:
a failure note carrying a unique token, its batch's status, its commit, and
the shared progress line. Afterwards every token is in the file exactly
once, each batch says what its worker wrote last, and the progress line
counts what the file says. The same for run.json counters through
update_run (test_concurrent_cli.py: two `complete` commands at once).
"""

from __future__ import annotations

import functools
import multiprocessing
import re
import time
from collections.abc import Callable
from pathlib import Path

from batchgate import fsutil
from batchgate.evidence.runfile import Run, read_run, update_run
from batchgate.model.edits import Edit
from batchgate.model.reader import read_tasks
from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import append_failure_note, progress_edits, set_batch_commit, set_batch_status
from batchgate.model.writer import update_tasks_file as update
from tests.reliability.support import sample_run, scaled
from tests.support.batchplan import BatchSpec, TaskSpec, render_plan

WORKERS, ROUNDS = 4, scaled(20)
FORK = multiprocessing.get_context("fork")


def sha(worker: int, round_: int) -> str:
    return f"{worker + 10:x}{round_:07x}"


def _edits(doc: TasksDoc, worker: int, round_: int) -> list[Edit]:
    batch = doc.batch(str(worker + 1))
    assert batch is not None
    status = Status.COMPLETE if round_ % 2 else Status.IN_PROGRESS
    edits = append_failure_note(doc, batch, f"token w{worker}r{round_}", "now")
    edits += set_batch_status(doc, batch, status) + set_batch_commit(doc, batch, sha(worker, round_))
    others = sum(1 for b in doc.batches if b is not batch and b.status == Status.COMPLETE)
    return edits + progress_edits(doc, others + (status == Status.COMPLETE))


def _unlocked_update(path: str, change: Callable[[bytes], bytes | None]) -> bytes | None:
    """What a writer without the lock would do: read, think for a moment, write (the control experiment)."""
    with open(path, "rb") as handle:
        old = handle.read()
    new = change(old)
    time.sleep(0.002)
    if new is not None:
        fsutil.atomic_write(path, new)
    return new


def _tasks_worker(path: str, locked: bool, worker: int, start: object) -> None:
    if not locked:
        fsutil.locked_update = _unlocked_update  # this child only (forked)
    start.wait()  # type: ignore[attr-defined]
    for round_ in range(ROUNDS):
        update(path, None, functools.partial(_edits, worker=worker, round_=round_))


def _run_worker(state: str, start: object) -> None:
    start.wait()  # type: ignore[attr-defined]
    for _ in range(ROUNDS):
        update_run(state, _count)


def _count(run: Run | None) -> Run:
    run = run or sample_run()
    run.subagent_blocks += 1
    return run


def run_together(target: Callable[..., None], *args: object) -> None:
    """WORKERS processes running `target(*args, [worker,] start)` from the same instant; each must exit 0."""
    start = FORK.Event()
    per_worker = target is _tasks_worker
    workers = [FORK.Process(target=target, args=(*args, *([k] if per_worker else []), start)) for k in range(WORKERS)]
    for process in workers:
        process.start()
    start.set()
    for process in workers:
        process.join(timeout=300)
        assert process.exitcode == 0, f"a worker failed (exit {process.exitcode})"


def shared_plan(tmp_path: Path) -> Path:
    """tasks.md with one batch per worker."""
    plan = [
        BatchSpec(str(k + 1), f"Part {k}", (TaskSpec(f"{k + 1}.1", "Work", (f"p{k}.py",)),)) for k in range(WORKERS)
    ]
    path = tmp_path / "task-tracking" / "T1" / "tasks.md"
    path.parent.mkdir(parents=True)
    path.write_text(render_plan(plan), encoding="utf-8")
    return path


def tokens(path: Path) -> list[str]:
    return sorted(re.findall(r"token (w\d+r\d+)", path.read_text(encoding="utf-8")))


ALL_TOKENS = sorted(f"w{k}r{r}" for k in range(WORKERS) for r in range(ROUNDS))


def test_no_update_to_tasks_md_is_lost(tmp_path: Path) -> None:
    path = shared_plan(tmp_path)
    run_together(_tasks_worker, str(path), True)
    assert tokens(path) == ALL_TOKENS, "an update was lost"
    doc = read_tasks(str(path))
    last = ROUNDS - 1
    assert [b.commit for b in doc.batches] == [sha(k, last) for k in range(WORKERS)]
    status = Status.COMPLETE if last % 2 else Status.IN_PROGRESS
    assert [b.status for b in doc.batches] == [status] * WORKERS
    done = WORKERS if status == Status.COMPLETE else 0
    assert f"**Status**: {done}/{WORKERS} batches complete" in path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["tasks.md"]


def test_the_check_sees_lost_updates_without_the_lock(tmp_path: Path) -> None:
    path = shared_plan(tmp_path)
    run_together(_tasks_worker, str(path), False)
    lost = len(ALL_TOKENS) - len(tokens(path))
    assert lost > 0, "without the lock no update was lost: the test above could not fail"
    print(f"without the lock: {lost} of {len(ALL_TOKENS)} updates lost")


def test_no_run_state_update_is_lost(tmp_path: Path) -> None:
    state = str(tmp_path / "batchgate")
    update_run(state, lambda _run: sample_run())
    run_together(_run_worker, state)
    run = read_run(state)
    assert run is not None and run.subagent_blocks == WORKERS * ROUNDS
