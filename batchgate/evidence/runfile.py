"""The run state, `<git dir>/batchgate/run.json`: its one representation (standard library only).

One active run per work tree: the task, the batch, the base commit at
assignment, the rules it is judged by, block counters. `Run` is the only view
of the file, for the hooks' fast path and the engine alike (a plain class:
`dataclasses` would cost the fast path its import). Every write goes through
`update_run`: locked, atomic, and mirrored in the per-user record
(`runrecord`), so a run state changed by anything but batchgate is noticed.
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

ASSIGNED, VERIFIED, COMPLETE, FAILED = "assigned", "verified", "complete", "failed"
STATES = (ASSIGNED, VERIFIED, COMPLETE, FAILED)
_REQUIRED = "required"

# Every field: its JSON type and its default (`_REQUIRED`: must be present; None: may be null).
FIELDS: dict[str, tuple[type, object]] = {
    **dict.fromkeys(("task_id", "batch_id", "role", "base", "assigned_at", "tasks_path"), (str, _REQUIRED)),
    "agents": (list, _REQUIRED),
    "state": (str, ASSIGNED),
    "retries": (int, 3),
    "subagent_blocks": (int, 0),  # SubagentStop blocks of the batch, gate failures and faults alike: the retry budget
    "stop_blocks": (int, 0),  # the team leader's consecutive Stop blocks (a series ends when a stop is let through)
    "recorded_commits": (list, ()),
    "planned_tasks": (list, ()),  # the batch as assigned: deleting a line from tasks.md does not free the developer
    "planned_files": (list, ()),
    "rules": (dict, None),  # the effective configuration `assign` validated: the run is judged by it alone
    "config_digest": (str, None),  # SHA-256 of .claude/batchgate.yaml at assignment ("" when there was none)
    "protected_at_assign": (dict, ()),  # protected paths already changed in the work tree then: path -> digest
    **dict.fromkeys(("verified_sha", "verified_tree", "last_summary", "ended_at"), (str, None)),
}


class RunFileCorrupt(Exception):
    """run.json exists but cannot be read as a run."""


class Run:
    """One batch's run: assigned → (verified) → complete, or failed.

    Reads like its JSON mapping too (`run.get("agents")`, `run["rules"]`), for code that thinks in the file's names.
    """

    __slots__ = tuple(FIELDS)
    task_id: str
    batch_id: str
    role: str
    agents: list[str]
    base: str
    assigned_at: str
    tasks_path: str
    state: str
    retries: int
    subagent_blocks: int
    stop_blocks: int
    recorded_commits: list[str]
    planned_tasks: list[str]
    planned_files: list[str]
    rules: dict[str, Any] | None
    config_digest: str | None
    protected_at_assign: dict[str, str]
    verified_sha: str | None
    verified_tree: str | None
    last_summary: str | None
    ended_at: str | None

    def __init__(self, **values: Any) -> None:
        """Fields by name; unknown names are ignored (older and newer files still read)."""
        for name, (kind, default) in FIELDS.items():
            if name in values:
                value = values[name]
            elif default == _REQUIRED:
                raise RunFileCorrupt(f"the run file is incomplete: it has no {name}")
            else:
                value = kind(default) if default is not None else None
            setattr(self, name, value)
        self.check()

    def check(self) -> None:
        """RunFileCorrupt when a value has the wrong type: a run that reads must be safe to use."""
        for name, (kind, default) in FIELDS.items():
            value = getattr(self, name)
            if value is None and default is None:
                continue
            if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
                raise RunFileCorrupt(f"the run file's {name} is {type(value).__name__}, not {kind.__name__}")
        if not all(isinstance(agent, str) for agent in self.agents):
            raise RunFileCorrupt("the run file's agents are not all names")
        if self.state not in STATES:
            raise RunFileCorrupt(f"the run file's state {self.state[:40]!r} is not a run state")

    @property
    def active(self) -> bool:
        """Still holding the agents: assigned, not yet completed or failed."""
        return self.state in (ASSIGNED, VERIFIED)

    def to_json(self) -> dict[str, Any]:
        """The run file's content."""
        return {"format": FORMAT, **{name: getattr(self, name) for name in FIELDS}}

    def encode(self) -> bytes:
        """The run file's bytes, as batchgate writes them (and its record digests)."""
        return (json.dumps(self.to_json(), indent=2, sort_keys=True) + "\n").encode()

    def get(self, name: str, default: Any = None) -> Any:
        """A field by its JSON name (`default` for a name the file does not have)."""
        return getattr(self, name) if name in FIELDS else default

    def __getitem__(self, name: str) -> Any:
        if name not in FIELDS:
            raise KeyError(name)
        return getattr(self, name)


def parse_run(data: bytes, where: str = RUN_FILE) -> Run:
    """A run from the run file's bytes. RunFileCorrupt when they are not one."""
    try:
        value = json.loads(data)
    except (ValueError, RecursionError):
        raise RunFileCorrupt(f"{where} is not valid JSON") from None
    if not isinstance(value, dict) or value.get("format") != FORMAT or not isinstance(value.get("task_id"), str):
        raise RunFileCorrupt(f"{where} is not a batchgate run file")
    return Run(**{name: value[name] for name in FIELDS if name in value})


def run_path(state_dir: str) -> str:
    """Where the run file of a state directory is."""
    return os.path.join(state_dir, RUN_FILE)


def read_run_bytes(state_dir: str) -> bytes | None:
    """The run file's bytes, or None when there is none. RunFileCorrupt when it cannot be read."""
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
    return data


class RunRead:
    """What reading the run file found: the run, its bytes, and why it is unusable (if it is)."""

    __slots__ = ("data", "problem", "run")

    def __init__(self, state_dir: str | None) -> None:
        self.run: Run | None = None
        self.data: bytes | None = None
        self.problem: str | None = None
        if not state_dir:
            return
        try:
            self.data = read_run_bytes(state_dir)
            self.run = parse_run(self.data, run_path(state_dir)) if self.data is not None else None
        except RunFileCorrupt as error:
            self.problem = str(error)


def read_run(state_dir: str | None) -> Run | None:
    """The run (active or ended), or None when there is none. RunFileCorrupt when unreadable."""
    found = RunRead(state_dir)
    if found.problem:
        raise RunFileCorrupt(found.problem)
    return found.run


def is_active(run: Run | None) -> bool:
    """A run that still holds the agents."""
    return run is not None and run.active


def update_run(state_dir: str, change: Callable[[Run | None], Run | None], force: bool = False) -> Run | None:
    """Read-modify-write the run file under its lock; `change` returns the new run (None deletes it).

    A run file that is not what batchgate last wrote is never built upon (RunStateChanged), unless `force`:
    the team leader starting afresh (`assign`) or ending the run (`fail`).
    """
    from batchgate.evidence import runrecord
    from batchgate.fsutil import atomic_write, file_lock, remove_stale_temps  # not needed on the read-only fast path

    os.makedirs(state_dir, exist_ok=True)
    with file_lock(os.path.join(state_dir, "run.lock")):
        remove_stale_temps(run_path(state_dir))  # what a writer killed mid-write left
        found = RunRead(state_dir)
        changed = runrecord.integrity_problem(runrecord.read_record(state_dir), found.data, found.problem)
        if changed and not force:
            raise runrecord.RunStateChanged(changed)
        new = change(None if changed else found.run)
        if new is None:
            if found.data is not None or found.problem or changed:
                import contextlib

                with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                    os.unlink(run_path(state_dir))
                runrecord.written(state_dir, None, None)
            return None
        data = new.encode()
        runrecord.writing(state_dir, new, data)
        atomic_write(run_path(state_dir), data)
        runrecord.written(state_dir, new, data)
        return new
