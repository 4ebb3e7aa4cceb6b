"""Build results keyed by (argv, tree state): an unchanged tree is never rebuilt."""

from __future__ import annotations

import hashlib
import json
import os
from typing import Any, NamedTuple

from batchgate.fsutil import atomic_write, file_lock, remove_stale_temps

_FILE = "build-cache.json"
_KEEP = 64


class BuildRecord(NamedTuple):
    """One finished build: its exit code, output tail and when."""

    exit_code: int
    tail: str
    seconds: float
    at: str


def cache_key(argv: list[str], tree: str) -> str:
    """The key for a build of `argv` on the tree state `tree`."""
    return hashlib.sha256(json.dumps([argv, tree]).encode()).hexdigest()


def lookup(directory: str, key: str) -> BuildRecord | None:
    """A cached result, if this exact build ran on this exact tree."""
    entry = _read(directory).get(key)
    if not isinstance(entry, dict):
        return None
    try:
        return BuildRecord(int(entry["exit_code"]), str(entry["tail"]), float(entry["seconds"]), str(entry["at"]))
    except (KeyError, TypeError, ValueError):
        return None


def store(directory: str, key: str, record: BuildRecord) -> None:
    """Remember a result (the oldest entries make room)."""
    os.makedirs(directory, exist_ok=True)
    with file_lock(os.path.join(directory, "build-cache.lock")):
        remove_stale_temps(os.path.join(directory, _FILE))
        entries = _read(directory)
        entries.pop(key, None)
        entries[key] = record._asdict()
        trimmed = dict(list(entries.items())[-_KEEP:])
        atomic_write(os.path.join(directory, _FILE), json.dumps(trimmed, indent=1).encode())


def _read(directory: str) -> dict[str, Any]:
    try:
        with open(os.path.join(directory, _FILE), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
