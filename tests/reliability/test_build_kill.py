"""A build that hangs, spawns children, ignores SIGTERM or floods its output: killed whole at the timeout.

The build is a python3 script (run as argv, never by a shell) that starts
`sh -c '… sleep 1000 & sleep 1000 …'` in one of several shapes and never
ends. While it runs, the test records every process of its process group;
after run_command returns (timed out), none of them may be alive and the
group must be empty. One case runs the same through `batchgate verify`
(exit 3, "timed out … and was killed").
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest

from batchgate.evidence.process import run_command
from tests.reliability.support import assert_clean, group_members, real_python3
from tests.support.batchrepo import BatchRepo, alive

SPAWNER = """\
import os, signal, subprocess, sys, time
mode = sys.argv[1]
scripts = {
    "children": "sleep 1000 & sleep 1000 & wait",
    "ignore-term": "trap '' TERM; sleep 1000 & sleep 1000 & wait",
    "deep": "sh -c 'sh -c \\"sleep 1000 & sleep 1000 & wait\\" & wait' & wait",
    "orphans": "(sleep 1000 &) ; (sleep 1000 &) ; sleep 1000",
    "flood": "sleep 1000 & while :; do echo flood flood flood flood; done",
}
if mode == "ignore-term":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
subprocess.Popen(["sh", "-c", scripts[mode]])
print("building", flush=True)
time.sleep(1000)
"""
MODES = {  # mode -> the fewest processes the group holds once it is up
    "children": 4,
    "deep": 5,
    "orphans": 4,
    "flood": 3,
    "ignore-term": 4,
}
TIMEOUT_S = 1.0
T = TypeVar("T")


def watch_group(argv: list[str], work: Callable[[], T]) -> tuple[T, set[int], float]:
    """`work()` in a thread while the group of the process running `argv` is watched: (its result, pids, seconds)."""
    seen: set[int] = set()
    result: list[T] = []

    def run() -> None:
        result.append(work())

    started = time.monotonic()
    thread = threading.Thread(target=run)
    thread.start()
    leader = None
    while thread.is_alive():
        leader = leader or _leader(argv)
        if leader is not None:
            seen.update(group_members(leader))
        time.sleep(0.02)
    thread.join()
    assert result, "the work raised"
    return result[0], seen, time.monotonic() - started


def _leader(argv: list[str]) -> int | None:
    """The pid of the process running `argv` (its own group leader)."""
    import os

    wanted = "\0".join(argv).encode()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    if handle.read().rstrip(b"\0") == wanted:
                        return int(entry)
            except OSError:
                continue
    return None


def assert_gone(seen: set[int]) -> None:
    deadline = time.monotonic() + 2
    while any(alive(pid) for pid in seen) and time.monotonic() < deadline:
        time.sleep(0.05)  # killed processes are reaped by init a moment later
    survivors = [pid for pid in seen if alive(pid)]
    assert survivors == [], f"{len(survivors)} process(es) of the build survived: {survivors}"


@pytest.mark.parametrize("mode", [pytest.param(m, marks=pytest.mark.slow) if m == "ignore-term" else m for m in MODES])
def test_hanging_build_is_killed_whole(tmp_path: Path, mode: str) -> None:
    script = tmp_path / "spawner.py"
    script.write_text(SPAWNER, encoding="utf-8")
    argv = [real_python3(), str(script), mode, str(tmp_path)]
    result, seen, seconds = watch_group(argv, lambda: run_command(argv, str(tmp_path), TIMEOUT_S))
    assert len(seen) >= MODES[mode], f"only {len(seen)} processes seen in the build's group: it did not start"
    assert result.timed_out and result.exit_code is None
    assert_gone(seen)
    grace = 11 if mode == "ignore-term" else 6  # SIGTERM, up to 5 s, then SIGKILL
    assert TIMEOUT_S <= seconds < TIMEOUT_S + grace
    if mode == "flood":
        assert len(result.tail.splitlines()) <= 40 and "flood" in result.tail


def test_hanging_build_through_verify(br: BatchRepo, tmp_path: Path) -> None:
    script = tmp_path / "spawner.py"
    script.write_text(SPAWNER, encoding="utf-8")
    argv = [real_python3(), str(script), "children", str(tmp_path)]
    br.write_config({"build": {"command": argv, "timeout_s": TIMEOUT_S}})
    br.git.commit("chore: a build that hangs")
    br.assign()
    br.honest_work()
    result, seen, _ = watch_group(argv, lambda: br.cli("verify", "T1", "--json"))
    assert_clean(result, 3)
    build = next(g for g in result.json()["gates"] if g["gate"] == "build")
    assert build["verdict"] == "could-not-check" and "timed out" in build["summary"] and "killed" in build["summary"]
    assert len(seen) >= MODES["children"]
    assert_gone(seen)
