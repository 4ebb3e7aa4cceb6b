"""The engine's access to the run state: `Run` (from `runfile`) loaded with its integrity checked.

Stored by `runfile` under the work tree's git directory, so it is per clone
and per worktree; checked against the per-user record (`runrecord`), so a
run state changed by anything but batchgate is refused, never judged.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from batchgate.errors import CouldNotCheck
from batchgate.evidence.runfile import (
    ASSIGNED,
    COMPLETE,
    FAILED,
    VERIFIED,
    Run,
    RunFileCorrupt,
    RunRead,
    update_run,
)
from batchgate.evidence.runrecord import RunStateChanged, checked_read, read_record

__all__ = ["ASSIGNED", "COMPLETE", "FAILED", "VERIFIED", "Run", "RunFileCorrupt", "RunStateChanged"]


def state_dir(git_dir: str) -> str:
    """`<git dir>/batchgate`: run state, build cache, scratch files."""
    return os.path.join(git_dir, "batchgate")


def load_run(directory: str, trusted: bool = True) -> Run | None:
    """The current run (active or ended), or None.

    RunStateChanged when the record says batchgate wrote something else (with `trusted`, the default);
    RunFileCorrupt when the file cannot be read as a run.
    """
    if trusted:
        found, _record, problem = checked_read(directory)
        if problem:
            raise RunStateChanged(problem)
    else:
        found = RunRead(directory)
    if found.problem:
        raise RunFileCorrupt(found.problem)
    return found.run


def held_batch(directory: str) -> tuple[str, str, str] | None:
    """(task, batch, base) of the run the per-user record says is active, whatever run.json says now."""
    record = read_record(directory)
    if record is None or record.get("active") is not True:
        return None
    task, batch, base = record.get("task_id"), record.get("batch_id"), record.get("base")
    if isinstance(task, str) and isinstance(batch, str) and isinstance(base, str):
        return task, batch, base
    return None


def save_run(directory: str, run: Run) -> Run:
    """Replace the run file with `run`: the team leader starts afresh, whatever was there."""
    _update(directory, lambda _old: run, force=True)
    return run


def change_run(directory: str, change: Callable[[Run], Run | None], force: bool = False) -> Run | None:
    """Read-modify-write the run under its lock; `change(run)` mutates and returns it."""
    return _update(directory, lambda run: change(run) if run is not None else None, force)


def _update(directory: str, change: Callable[[Run | None], Run | None], force: bool = False) -> Run | None:
    """`update_run`; a run state changed outside batchgate, or a disk that refuses the write (full,
    read-only), could not record, and says so."""
    try:
        return update_run(directory, change, force)
    except RunStateChanged as error:  # changed since the caller read it: refused like any untrusted read
        raise CouldNotCheck(
            str(error),
            'the team leader ends the run (batchgate fail TASK_ID --reason "...") and assigns the batch again',
        ) from None
    except OSError as error:
        raise CouldNotCheck(
            f"cannot write the run state in {directory}: {error.strerror or error}; it is unchanged",
            "free disk space and make the repository's .git folder writable, then run the command again",
        ) from None
