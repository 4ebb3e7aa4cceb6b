"""What the reliability tests share: the scale of a run, the real python3, and the checks every run gets.

`BATCHGATE_RELIABILITY_SCALE=N` multiplies every case count (Hypothesis
examples, kill trials, concurrent rounds, hook payloads) by N; the default 1
keeps `pytest tests/reliability -n 2` under ~90 s on two cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from batchgate.evidence.runfile import Run
from tests.support.cli import Result
from tests.support.paths import ROOT

SCALE = max(1, int(os.environ.get("BATCHGATE_RELIABILITY_SCALE", "1") or "1"))
EXIT_CODES = frozenset({0, 1, 2, 3})  # CONTRACT.md §2
PWNED = "PWNED"


def scaled(count: int) -> int:
    """`count` cases, times the scale."""
    return count * SCALE


def real_python3() -> str:
    """The interpreter `python3` on PATH really is (a version manager's shim costs 200 ms a start)."""
    try:
        done = subprocess.run(
            ["python3", "-c", "import sys; print(sys.executable)"], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return sys.executable
    found = done.stdout.strip()
    return found if done.returncode == 0 and found else sys.executable


def assert_clean(result: Result, *codes: int) -> None:
    """A documented exit code (one of `codes` when given), no traceback, no internal error."""
    shown = f"exit {result.code}\nstdout: {result.stdout[-2000:]}\nstderr: {result.stderr[-2000:]}"
    for stream in (result.stdout, result.stderr):
        assert "Traceback (most recent call last)" not in stream, shown
        assert "internal error" not in stream, shown
    assert result.code in (codes or EXIT_CODES), shown
    if result.code == 2:
        assert result.stderr.strip().startswith("batchgate:"), shown


def pwned_files(*folders: Path) -> list[Path]:
    """Every file named PWNED under `folders` (recursively), in this checkout, the cwd and /tmp (top level)."""
    found = [path for folder in folders for path in folder.rglob(PWNED)]
    for folder in (ROOT, Path.cwd(), Path("/tmp"), Path("/")):
        if (folder / PWNED).exists():
            found.append(folder / PWNED)
    return found


def group_members(pgid: int) -> list[int]:
    """Live processes (not zombies) whose process group is `pgid` (Linux /proc)."""
    members = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def sample_run(**fields: Any) -> Run:
    """A run of batch 1 of T1, as `assign` would record it (`fields` override)."""
    base = {"task_id": "T1", "batch_id": "1", "role": "backend", "agents": ["backend-developer"], "base": "0" * 40}
    base.update(assigned_at="2026-01-01T00:00:00Z", tasks_path="task-tracking/T1/tasks.md")
    return Run(**{**base, **fields})
