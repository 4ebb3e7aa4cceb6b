"""The run state file, `<git dir>/batchgate/run.json` (standard library only).

One active run per work tree: the task, the batch, the base commit at
assignment, block counters. The hooks' fast path reads it with `json` alone;
every write is atomic and locked. `batchgate.evidence.runstate` gives the
engine a typed view of the same file.
"""

from __future__ import annotations

import json
import os
import stat

TYPE_CHECKING = False  # importing typing would cost the hooks' fast path ~4 ms
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

RUN_FILE = "run.json"
FORMAT = 1
MAX_BYTES = 1 << 20  # a run file is a few hundred bytes


STATES = ("assigned", "verified", "complete", "failed")
# The JSON type of each field; a run whose values have other types is unusable (checked once, here).
_TYPES: dict[str, type] = {
    **dict.fromkeys(("task_id", "batch_id", "role", "base", "assigned_at", "tasks_path", "state"), str),
    **dict.fromkeys(("retries", "subagent_blocks", "stop_blocks", "fault_blocks"), int),
    **dict.fromkeys(("agents", "recorded_commits", "planned_tasks", "planned_files"), list),
}
_OPTIONAL_TEXT = ("verified_sha", "verified_tree", "last_summary", "ended_at")


class RunFileCorrupt(Exception):
    """run.json exists but cannot be read as a run."""


def check_run(run: dict[str, Any]) -> None:
    """RunFileCorrupt when a value has the wrong type: a run that reads must be safe to use."""
    for name, value in run.items():
        kind = _TYPES.get(name)
        if kind is None:
            wrong = name in _OPTIONAL_TEXT and value is not None and not isinstance(value, str)
        else:
            wrong = not isinstance(value, kind) or (kind is int and isinstance(value, bool))
        if wrong:
            raise RunFileCorrupt(f"the run file's {name} is {type(value).__name__}, not {(kind or str).__name__}")
    if not all(isinstance(agent, str) for agent in run.get("agents") or []):
        raise RunFileCorrupt("the run file's agents are not all names")
    if run.get("state", "assigned") not in STATES:
        raise RunFileCorrupt(f"the run file's state {str(run.get('state'))[:40]!r} is not a run state")


def run_path(state_dir: str) -> str:
    """Where the run file of a state directory is."""
    return os.path.join(state_dir, RUN_FILE)


def read_run(state_dir: str | None) -> dict[str, Any] | None:
    """The active run, or None when there is none. RunFileCorrupt when unreadable."""
    if not state_dir:
        return None
    path = run_path(state_dir)
    try:
        # O_NONBLOCK: a FIFO must not hang the hook; fstat then refuses what is not a plain file (/dev/zero, a folder)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            raise RunFileCorrupt(f"{path} is a symlink to nothing") from None
        return None
    except OSError as error:
        raise RunFileCorrupt(f"cannot read {path}: {error.strerror}") from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise RunFileCorrupt(f"{path} is not a regular file")
    with os.fdopen(fd, "rb") as handle:
        try:
            data = handle.read(MAX_BYTES + 1)
        except OSError as error:
            raise RunFileCorrupt(f"cannot read {path}: {error.strerror}") from None
    if len(data) > MAX_BYTES:
        raise RunFileCorrupt(f"{path} is over {MAX_BYTES // 1024} KiB, too large for a run file")
    try:
        run = json.loads(data)
    except ValueError:
        raise RunFileCorrupt(f"{run_path(state_dir)} is not valid JSON") from None
    if not isinstance(run, dict) or run.get("format") != FORMAT or not isinstance(run.get("task_id"), str):
        raise RunFileCorrupt(f"{run_path(state_dir)} is not a batchgate run file")
    check_run(run)
    return run


def is_active(run: dict[str, Any] | None) -> bool:
    """A run that still holds the agents: assigned, not yet completed or failed."""
    return run is not None and run.get("state") in ("assigned", "verified")


def update_run(
    state_dir: str, change: Callable[[dict[str, Any] | None], dict[str, Any] | None]
) -> dict[str, Any] | None:
    """Read-modify-write the run file under a lock; `change` returns the new run (None deletes it)."""
    from batchgate.fsutil import atomic_write, file_lock, remove_stale_temps  # not needed on the read-only fast path

    os.makedirs(state_dir, exist_ok=True)
    with file_lock(os.path.join(state_dir, "run.lock")):
        remove_stale_temps(run_path(state_dir))  # what a writer killed mid-write left
        try:
            current = read_run(state_dir)
        except RunFileCorrupt:
            current = None
        new = change(current)
        if new is None:
            import contextlib

            with contextlib.suppress(FileNotFoundError):
                os.unlink(run_path(state_dir))
            return None
        new["format"] = FORMAT
        atomic_write(run_path(state_dir), (json.dumps(new, indent=2, sort_keys=True) + "\n").encode())
        return new
