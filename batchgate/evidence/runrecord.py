"""The per-user record of a work tree's run state, out of the work tree's and the git dir's reach (stdlib only).

`<user state dir>/runs/<clone>-<work tree>.json` (keyed by the paths of the
git common dir and of the work tree's git dir) holds what batchgate last
wrote to run.json (its SHA-256), whether a run holds agents, which ones, the
retry budget, and the blocks counted while the run state could not be
trusted. Deleting or rewriting `.git/batchgate/` therefore no longer
frees a gated agent: it must also find and forge this record.

A write updates the record around the run file's rename: first both digests
(old and new) are accepted, then only the new one, so a writer killed
between the two steps is never mistaken for tampering.
"""

from __future__ import annotations

import json
import os

from batchgate.evidence.gitdir import common_dir
from batchgate.userdirs import user_state_dir

TYPE_CHECKING = False  # importing typing would cost the hooks' fast path ~4 ms
if TYPE_CHECKING:
    from contextlib import AbstractContextManager
    from typing import Any

    from batchgate.evidence.runfile import Run, RunRead

FORMAT = 1
CHANGED = "the run state was changed outside batchgate"


class RunStateChanged(Exception):
    """run.json is missing, unreadable or not what batchgate last wrote, while the record says otherwise."""


def record_path(state_dir: str) -> str:
    """Where the record of the work tree whose state dir is `state_dir` lives."""
    git_dir = os.path.realpath(os.path.dirname(state_dir))
    name = f"{_key(common_dir(git_dir))}-{_key(git_dir)}.json"
    return os.path.join(user_state_dir(), "runs", name)


def _key(text: str) -> str:
    """FNV-1a, 64 bits: a short stable file name without importing hashlib (the record names its path too)."""
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8", "surrogateescape"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


def read_record(state_dir: str | None) -> dict[str, Any] | None:
    """The record of this work tree, or None when no run was ever assigned in it (or it cannot be read)."""
    if not state_dir:
        return None
    record = _load(record_path(state_dir))
    if not isinstance(record, dict) or record.get("git_dir") != os.path.realpath(os.path.dirname(state_dir)):
        return None
    return record


def _load(path: str) -> object:
    """A record file's JSON, or None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return json.loads(handle.read(1 << 16))
    except (OSError, ValueError, RecursionError):
        return None


def is_holding(record: dict[str, Any] | None) -> bool:
    """The record says a run holds agents in this work tree."""
    return bool(record and record.get("active") is True)


def held_agents(record: dict[str, Any] | None) -> list[object]:
    """The agents the record says are held (none when no run is active)."""
    agents = record.get("agents") if record and is_holding(record) else None
    return agents if isinstance(agents, list) else []


def digest(data: bytes) -> str:
    """SHA-256 of the run file's bytes."""
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _gone(record: dict[str, Any]) -> bool:
    where = record.get("git_dir")
    return isinstance(where, str) and not os.path.isdir(where)


def integrity_problem(record: dict[str, Any] | None, data: bytes | None, unreadable: str | None = None) -> str | None:
    """Why the run file is not what batchgate last wrote, or None (also when there is no record to compare)."""
    if record is None:
        return None
    digests = record.get("digests")
    known = digests if isinstance(digests, list) else []
    if unreadable:
        return f"{CHANGED}: {unreadable}"
    if data is None:
        return f"{CHANGED}: run.json is missing (deleted?)" if is_holding(record) else None
    if digest(data) not in known:
        return f"{CHANGED}: run.json is not what batchgate last wrote"
    return None


def confirmed_problem(
    state_dir: str, record: dict[str, Any] | None, data: bytes | None, unreadable: str | None
) -> tuple[dict[str, Any] | None, str | None]:
    """`integrity_problem` of what a hook read; one found is read again and confirmed (`checked_read`)."""
    problem = integrity_problem(record, data, unreadable)
    if problem is None:
        return record, None
    _found, record, problem = checked_read(state_dir)
    return record, problem


def checked_read(state_dir: str) -> tuple[RunRead, dict[str, Any] | None, str | None]:
    """The run file, the record, and `integrity_problem` of the two.

    A problem is confirmed under the run's lock, which every writer holds from before the record
    changes until after: a read that fell between a write's two steps is not mistaken for tampering.
    """
    from batchgate.evidence.runfile import RunRead

    found, record = RunRead(state_dir), read_record(state_dir)
    problem = integrity_problem(record, found.data, found.problem)
    if problem and os.path.isdir(state_dir):
        from batchgate.fsutil import file_lock

        with file_lock(os.path.join(state_dir, "run.lock")):
            found, record = RunRead(state_dir), read_record(state_dir)
            problem = integrity_problem(record, found.data, found.problem)
    return found, record, problem


def writing(state_dir: str, run: Run, data: bytes) -> None:
    """Before the run file is replaced: accept the new bytes as well as the old."""
    with _locked(state_dir):
        record = read_record(state_dir) or {}
        old = [d for d in record.get("digests") or [] if isinstance(d, str)][:1]
        fresh = record.get("assigned_at") != run.assigned_at
        _save(state_dir, _describe(record, run, [digest(data), *old]))
    if fresh:
        prune_records()


def prune_records() -> int:
    """Remove the records of ended runs whose work tree is gone (a deleted clone); how many.

    Runs on each new assignment. A record that still holds agents stays, even for a git dir not
    found now (a drive not mounted): losing it would let a gated agent there go as never assigned.
    """
    import contextlib  # here: the hooks' fast path imports this module without it

    folder, removed = os.path.join(user_state_dir(), "runs"), 0
    try:
        names = [n for n in os.listdir(folder) if n.endswith(".json")]
    except OSError:
        return 0
    for name in names:
        path = os.path.join(folder, name)
        record = _load(path)
        if isinstance(record, dict) and _gone(record) and not is_holding(record):
            for stale in (path, path + ".lock"):
                with contextlib.suppress(OSError):
                    os.remove(stale)
            removed += 1
    return removed


def written(state_dir: str, run: Run | None, data: bytes | None) -> None:
    """After the run file was replaced (or deleted): accept only what is there now."""
    with _locked(state_dir):
        record = read_record(state_dir) or {}
        if run is None or data is None:
            record.update(active=False, digests=[])
            _save(state_dir, record)
        else:
            _save(state_dir, _describe(record, run, [digest(data)]))


def _describe(record: dict[str, Any], run: Run, digests: list[str]) -> dict[str, Any]:
    fresh = record.get("assigned_at") != run.assigned_at
    return {
        **record,
        "active": run.active,
        "task_id": run.task_id,
        "batch_id": run.batch_id,
        "base": run.base,
        "assigned_at": run.assigned_at,
        "agents": list(run.agents),
        "retries": run.retries,
        "digests": digests,
        "blocks": 0 if fresh else _count(record, "blocks"),
        "leader_blocks": 0 if fresh else _count(record, "leader_blocks"),
    }


def count_block(state_dir: str, key: str = "blocks", reset: bool = False) -> int:
    """Add one to (or `reset`) a count of blocks made while the run state could not be trusted; the new count.

    `blocks`: the gated agents' (SubagentStop, bounded by the retry budget); `leader_blocks`: the team
    leader's consecutive ones (Stop, bounded below Claude Code's cap).
    """
    with _locked(state_dir):
        record = read_record(state_dir)
        if record is None:
            return 0 if reset else 1
        record[key] = 0 if reset else _count(record, key) + 1
        _save(state_dir, record)
        return int(record[key])


def _locked(state_dir: str) -> AbstractContextManager[None]:
    """The lock every writer of the record holds (beside it: the run's own lock may be gone with its folder)."""
    from batchgate.fsutil import file_lock

    return file_lock(record_path(state_dir) + ".lock")


def _count(record: dict[str, Any], key: str) -> int:
    blocks = record.get(key)
    return blocks if isinstance(blocks, int) and not isinstance(blocks, bool) else 0


def _save(state_dir: str, record: dict[str, Any]) -> None:
    """Replace the record (under `_locked`; what a writer killed mid-write left goes first)."""
    from batchgate.fsutil import atomic_write, remove_stale_temps

    path = record_path(state_dir)
    os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
    remove_stale_temps(path)
    record.update(format=FORMAT, git_dir=os.path.realpath(os.path.dirname(state_dir)))
    atomic_write(path, (json.dumps(record, indent=2, sort_keys=True) + "\n").encode())
