"""The verification history, `<git dir>/batchgate/history.jsonl` (standard library only).

One JSON object per line, one line per verification (verify, SubagentStop,
complete). Appends are locked and written with a single `write`, so two
writers never interleave. A writer killed mid-line leaves a torn last line:
readers skip it, and the next writer starts on a fresh line. At `MAX_BYTES`
the file is rotated to `history.1.jsonl` (replacing the older one), so the
history never holds more than about twice that. No fsync: a line must
survive its writer being killed (the kernel has it), and a verification costs
no disk flush; a power cut may lose the last lines.
"""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

HISTORY = "history.jsonl"
ROTATED = "history.1.jsonl"
LOCK = "history.lock"
MAX_BYTES = 1 << 20
FORMAT = 1


def history_path(state_dir: str) -> str:
    """The current history file of a state directory."""
    return os.path.join(state_dir, HISTORY)


def append(state_dir: str, record: dict[str, Any], max_bytes: int = MAX_BYTES) -> None:
    """Add one record (a JSON object) as one line, under the history lock; rotate when full."""
    from batchgate.fsutil import file_lock

    line = json.dumps({"format": FORMAT, **record}, ensure_ascii=False, sort_keys=True).replace("\n", " ")
    os.makedirs(state_dir, exist_ok=True)
    path = history_path(state_dir)
    with file_lock(os.path.join(state_dir, LOCK)):
        size = _size(path)
        if size >= max_bytes:
            os.replace(path, os.path.join(state_dir, ROTATED))
            size = 0
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            torn = size > 0 and not _ends_with_newline(fd, size)
            os.write(fd, (("\n" if torn else "") + line + "\n").encode("utf-8"))  # one write: no interleaving
        finally:
            os.close(fd)


def read(state_dir: str) -> list[dict[str, Any]]:
    """Every readable record, oldest first (the rotated file, then the current one)."""
    records: list[dict[str, Any]] = []
    for name in (ROTATED, HISTORY):
        records += _records(os.path.join(state_dir, name))
    return records


def _records(path: str) -> list[dict[str, Any]]:
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError:
        return []
    found = []
    for raw in data.split(b"\n"):
        try:
            value = json.loads(raw)
        except ValueError:  # a torn line, or an empty one
            continue
        if isinstance(value, dict):
            found.append(value)
    return found


def _size(path: str) -> int:
    try:
        return os.stat(path).st_size
    except FileNotFoundError:
        return 0


def _ends_with_newline(fd: int, size: int) -> bool:
    return os.pread(fd, 1, size - 1) == b"\n"
