"""`batchgate run` refusing bad input: one or two lines, the documented exit code, nothing written.

Through the real CLI (scripts/batchgate) in real repositories; no Claude Code session starts in
any of these cases (the `claude` given is /bin/false, which would end a session at once).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from batchgate.evidence.runlock import DriverLock
from tests.support.batchrepo import BatchRepo, alive
from tests.support.cli import Result, run_cli
from tests.support.paths import CLI, ROOT

FALSE = shutil.which("false") or "/bin/false"


def install_commands(br: BatchRepo) -> None:
    """The phase commands and agents, as install.py writes them (only what `run` reads)."""
    for name in (
        "commands/phase-6-backend-execution.md",
        "commands/phase-6-frontend-execution.md",
        "agents/backend-developer.md",
        "agents/frontend-developer.md",
    ):
        br.git.write(f".claude/{name}", (ROOT / ".claude" / name).read_text(encoding="utf-8"))
    br.git.commit("chore: batchgate commands", ".claude")


def all_complete(br: BatchRepo) -> None:
    br.plan_path.write_text(br.plan_path.read_text(encoding="utf-8").replace("⏸️ PENDING", "✅ COMPLETE"), "utf-8")
    br.git.commit("chore: done", str(br.plan_path.relative_to(br.root)))


def installed_and_complete(br: BatchRepo) -> None:
    install_commands(br)
    all_complete(br)


def installed_and_busy(br: BatchRepo) -> None:
    install_commands(br)
    another_run(br)


def another_run(br: BatchRepo) -> None:
    br.assign()  # batch 1 of T1 is in progress...
    br.git.write("task-tracking/T2/tasks.md", br.plan_path.read_text(encoding="utf-8"))
    br.git.commit("chore: a second plan", "task-tracking/T2/tasks.md")


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Every file of the work tree and of batchgate's state (not git's own files, not the config cache)."""
    found = {}
    for folder, dirs, files in os.walk(root):
        if Path(folder) == root / ".git":
            dirs[:] = [d for d in dirs if d == "batchgate"]
            files = []
        for name in files:
            path = Path(folder) / name
            if name != "config-cache.json":
                found[str(path)] = (path.stat().st_size, path.stat().st_mtime_ns)
    return found


Arrange = Callable[[BatchRepo], None]
CASES: list[tuple[str, Arrange, list[str], dict[str, str], int, str]] = [
    (
        "no-claude-on-path",
        install_commands,
        ["run", "T1"],
        {"PATH": "/nonexistent", "BATCHGATE_CLAUDE": ""},
        3,
        "`claude` is not on PATH",
    ),
    (
        "claude-option-not-a-program",
        install_commands,
        ["run", "T1", "--claude", "/nonexistent/claude"],
        {},
        3,
        "is not an executable program",
    ),
    (
        "task-without-a-plan",
        install_commands,
        ["run", "T9", "--claude", FALSE],
        {},
        2,
        "task-tracking/T9/tasks.md does not exist",
    ),
    (
        "task-id-not-a-folder-name",
        install_commands,
        ["run", "../T1", "--claude", FALSE],
        {},
        2,
        "not a plain folder name",
    ),
    (
        "no-batch-left",
        installed_and_complete,
        ["run", "T1", "--claude", FALSE],
        {},
        2,
        "no batch of T1 is left to run",
    ),
    (
        "no-frontend-batch-left",
        installed_and_complete,
        ["run", "T1", "--role", "frontend", "--claude", FALSE],
        {},
        2,
        "no frontend batch of T1 is left",
    ),
    (
        "max-batches-0",
        install_commands,
        ["run", "T1", "--max-batches", "0", "--claude", FALSE],
        {},
        2,
        "--max-batches '0' is not a positive whole number",
    ),
    (
        "max-batches-not-a-number",
        install_commands,
        ["run", "T1", "--max-batches", "two", "--claude", FALSE],
        {},
        2,
        "is not a positive whole number",
    ),
    ("unknown-role", install_commands, ["run", "T1", "--role", "qa", "--claude", FALSE], {}, 2, "unknown role 'qa'"),
    (
        "odd-permission-mode",
        install_commands,
        ["run", "T1", "--permission-mode", "a b", "--claude", FALSE],
        {},
        2,
        "is not a mode name",
    ),
    (
        "commands-not-installed",
        lambda br: None,
        ["run", "T1", "--claude", FALSE],
        {},
        3,
        "batchgate's commands are not installed here",
    ),
    (
        "another-task-in-progress",
        installed_and_busy,
        ["run", "T2", "--claude", FALSE],
        {},
        3,
        "batch 1 of T1 (backend) is in progress",
    ),
]


@pytest.mark.parametrize(
    ("arrange", "args", "env", "code", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_refused_with_nothing_written(
    tmp_path: Path, arrange: Arrange, args: list[str], env: dict[str, str], code: int, message: str
) -> None:
    br = BatchRepo.create(tmp_path)
    arrange(br)
    before = snapshot(br.root)
    result = br.cli(*args, env=env)
    assert (result.code, result.stdout) == (code, ""), result
    assert message in result.stderr, result.stderr
    assert 1 <= len(result.stderr.strip().splitlines()) <= 2, result.stderr
    assert snapshot(br.root) == before


def test_not_a_repository_could_not_run(tmp_path: Path) -> None:
    result = run_cli("run", "T1", "--claude", FALSE, cwd=tmp_path)
    assert result.code == 3 and "not" in result.stderr and len(result.stderr.strip().splitlines()) <= 2, result


def test_a_second_run_on_the_same_clone_is_refused_while_one_is_active(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    install_commands(br)
    lock = DriverLock(str(br.root / ".git" / "batchgate"))
    assert lock.acquire()
    try:
        before = snapshot(br.root)
        result = br.cli("run", "T1", "--claude", FALSE)
        assert (
            result.code == 3 and f"another batchgate run is active in this clone (pid {os.getpid()})" in result.stderr
        )
        assert snapshot(br.root) == before
    finally:
        lock.release()
    assert DriverLock(str(br.root / ".git" / "batchgate")).busy() is None, "released with its holder"


def test_a_session_that_never_assigns_stops_the_run_unverified(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    install_commands(br)
    result: Result = br.cli("run", "T1", "--claude", FALSE, "--json")
    assert result.code == 1, result
    data = result.json()
    (batch,) = data["batches"]
    assert (batch["batch"], batch["verdict"], batch["session_exit"]) == ("1", "not-started", 1), batch
    assert data["resume"].endswith(f"batchgate -C {br.root} run T1"), data["resume"]
    assert "Stopped at batch 1 of T1" in result.stderr and "starting a backend session" in result.stderr


FAKE_CLAUDE = """#!/bin/sh
# stands in for claude: starts a child (in its process group), says where it is, waits
sleep 120 &
echo $! > "{pids}"
echo '{{"type": "system", "subtype": "init", "session_id": "s-1"}}'
wait
"""


def test_sigterm_stops_the_sessions_process_group_and_leaves_the_state(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    install_commands(br)
    pids = tmp_path / "child.pid"
    fake = tmp_path / "claude"
    fake.write_text(FAKE_CLAUDE.format(pids=pids), encoding="utf-8")
    fake.chmod(0o755)
    before = snapshot(br.root)
    process = subprocess.Popen(
        [sys.executable, str(CLI), "-C", str(br.root), "run", "T1", "--claude", str(fake)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not (pids.exists() and pids.read_text().strip()) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)
    process.send_signal(signal.SIGTERM)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, (stdout, stderr)
    assert "Interrupted at batch 1 of T1" in stdout and "resume:" in stdout, stdout
    assert not alive(int(pids.read_text())), "the session's child was stopped with it"
    after = snapshot(br.root)
    assert {k: v for k, v in after.items() if not k.endswith("driver.lock")} == before, "no run state was written"
    assert DriverLock(str(br.root / ".git" / "batchgate")).busy() is None
