"""The run state, typed: which batch is being worked on, since which commit.

Stored by `runfile` (standard library, shared with the hooks' fast path)
under the work tree's git directory, so it is per clone and per worktree.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field
from typing import Any

from batchgate.errors import CouldNotCheck
from batchgate.evidence.runfile import RunFileCorrupt, check_run, read_run, update_run

ASSIGNED, VERIFIED, COMPLETE, FAILED = "assigned", "verified", "complete", "failed"


@dataclass
class Run:
    """One batch's run: assigned → (verified) → complete, or failed."""

    task_id: str
    batch_id: str
    role: str
    agents: list[str]
    base: str
    assigned_at: str
    tasks_path: str
    state: str = ASSIGNED
    retries: int = 3
    subagent_blocks: int = 0
    stop_blocks: int = 0
    fault_blocks: int = 0
    recorded_commits: list[str] = field(default_factory=list)
    planned_tasks: list[str] = field(default_factory=list)  # the batch as assigned: deleting a line does not
    planned_files: list[str] = field(default_factory=list)  # free the developer from it
    verified_sha: str | None = None
    verified_tree: str | None = None
    last_summary: str | None = None
    ended_at: str | None = None

    @property
    def active(self) -> bool:
        """Still holding the agents."""
        return self.state in (ASSIGNED, VERIFIED)

    def to_json(self) -> dict[str, Any]:
        """The run file's content."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Run:
        """A run from the run file (unknown keys ignored, so older files still read)."""
        known = {name: data[name] for name in cls.__dataclass_fields__ if name in data}
        check_run(known)
        try:
            return cls(**known)
        except TypeError as error:
            raise RunFileCorrupt(f"the run file is incomplete: {error}") from None


def state_dir(git_dir: str) -> str:
    """`<git dir>/batchgate`: run state, build cache, scratch files."""
    return os.path.join(git_dir, "batchgate")


def load_run(directory: str) -> Run | None:
    """The current run (active or ended), or None."""
    data = read_run(directory)
    return Run.from_json(data) if data is not None else None


def save_run(directory: str, run: Run) -> Run:
    """Replace the run file with `run`."""
    _update(directory, lambda _old: run.to_json())
    return run


def change_run(directory: str, change: Any) -> Run | None:
    """Read-modify-write the run under its lock; `change(run)` mutates and returns it."""

    def apply(data: dict[str, Any] | None) -> dict[str, Any] | None:
        if data is None:
            return None
        run = change(Run.from_json(data))
        return run.to_json() if run is not None else None

    result = _update(directory, apply)
    return Run.from_json(result) if result is not None else None


def _update(directory: str, change: Any) -> dict[str, Any] | None:
    """`update_run`; a disk that refuses the write (full, read-only) could not record, and says so."""
    try:
        return update_run(directory, change)
    except OSError as error:
        raise CouldNotCheck(
            f"cannot write the run state in {directory}: {error.strerror or error}; it is unchanged",
            "free disk space and make the repository's .git folder writable, then run the command again",
        ) from None
