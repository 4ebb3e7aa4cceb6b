"""`batchgate run` with the real Claude Code CLI: one headless session per batch, verdicts from batchgate's state.

The plan has two backend batches and one frontend batch. The model is scripted
(tests/e2e/runbook.py); the sessions, hooks, git, build and `batchgate run` itself are real,
started the way a user starts them (the installed launcher, the default permission mode).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from batchgate.model.types import Status
from tests.e2e import home_guard
from tests.e2e.cli_env import cli_env
from tests.e2e.conftest import ClaudeSession
from tests.e2e.installed import TASK_ID, Installed
from tests.e2e.runbook import RunBook, honest, never_commits, sleeps
from tests.support.batchplan import DEFAULT_PLAN

pytestmark = pytest.mark.e2e


@dataclass
class Ran:
    """What `batchgate run` printed and returned."""

    code: int
    stdout: str
    stderr: str
    script_errors: list[str]

    def __str__(self) -> str:
        errors = "\n".join(self.script_errors)[-3000:]
        return f"exit {self.code}\n--- stdout\n{self.stdout[-6000:]}\n--- stderr\n{self.stderr[-3000:]}\n{errors}"


def setup(claude: ClaudeSession, retries: int | None = None) -> Installed:
    project = Installed.create(claude, retries=retries, plan=DEFAULT_PLAN)
    config = json.loads((project.root / ".claude" / "batchgate.yaml").read_text(encoding="utf-8"))
    config["build"] = {"command": ["python3", "-c", "pass"]}
    claude.repo.write(".claude/batchgate.yaml", json.dumps(config) + "\n")
    project.base = claude.repo.commit("chore: a build every batch can run")
    return project


def env_for(claude: ClaudeSession, project: Installed) -> dict[str, str]:
    return cli_env(claude.runner.home, claude.api.base_url, project.env)


def command(claude: ClaudeSession, project: Installed, *args: str) -> list[str]:
    """The installed launcher with ARGS; `run` gets the pinned CLI as --claude."""
    launcher = str(project.root / ".claude" / "batchgate" / "bin" / "batchgate")
    if args[:1] == ("run",):
        return [launcher, "run", "--claude", str(claude.runner.executable), *args[1:]]
    return [launcher, *args]


def batchgate(claude: ClaudeSession, project: Installed, *args: str, timeout: float = 240) -> Ran:
    """`.claude/batchgate/bin/batchgate ARGS` in the project, off a terminal, with the CLI's environment."""
    guard = home_guard.fingerprint()
    done = subprocess.run(
        command(claude, project, *args),
        cwd=project.root,
        env=env_for(claude, project),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert not home_guard.changes(guard, home_guard.fingerprint()), "the real ~/.claude was touched"
    return Ran(done.returncode, done.stdout, done.stderr, list(claude.api.errors))


def sessions(ran: Ran) -> list[str]:
    return [line for line in ran.stdout.splitlines() if "starting a" in line and "session" in line]


def session_ids(claude: ClaudeSession) -> set[str]:
    """The distinct Claude Code sessions that sent the team leader's requests."""
    return {
        json.loads(request.body["metadata"]["user_id"])["session_id"]
        for request in claude.api.messages
        if not request.is_subagent
    }


def stats(claude: ClaudeSession, project: Installed) -> dict[str, dict[str, object]]:
    ran = batchgate(claude, project, "stats", TASK_ID, "--json")
    assert ran.code == 0, str(ran)
    return {entry["batch"]: entry for entry in json.loads(ran.stdout)["batches"]}


def test_an_honest_plan_runs_to_the_end_one_session_per_batch(claude: ClaudeSession) -> None:
    project = setup(claude)
    claude.api.script = RunBook(TASK_ID, DEFAULT_PLAN, honest(str(project.root), str(project.tasks_path)))

    ran = batchgate(claude, project, "run", TASK_ID)

    assert ran.code == 0, str(ran)
    assert len(sessions(ran)) == 3, str(ran)
    assert "Next: /phase-7-completion T1" in ran.stdout, str(ran)
    commits = project.commits_since_base()
    assert len(commits) == 3, commits
    for spec, (sha, _subject) in zip(DEFAULT_PLAN, reversed(commits), strict=True):
        batch = project.batch(spec.id)
        assert batch.status == Status.COMPLETE and batch.commit and sha.startswith(batch.commit), batch
        assert project.files_of(sha) == sorted(spec.files)
    assert len(session_ids(claude)) == 3, "a fresh session per batch"
    figures = stats(claude, project)
    assert [(b["attempts"], b["blocks"], b["passed_first_time"]) for b in figures.values()] == [(1, 0, True)] * 3


def test_a_developer_that_never_commits_stops_the_run_at_its_batch(claude: ClaudeSession) -> None:
    project = setup(claude, retries=1)
    script = RunBook(TASK_ID, DEFAULT_PLAN, honest(str(project.root), str(project.tasks_path)), {"2": never_commits})
    claude.api.script = script

    ran = batchgate(claude, project, "run", TASK_ID)

    assert ran.code == 1, str(ran)
    assert len(sessions(ran)) == 2, "batch 3 never started"
    assert "Stopped at batch 2 of T1" in ran.stdout and "FAILED" in ran.stdout, str(ran)
    assert "failed gate: commit: no batch commit" in ran.stdout, str(ran)
    transcript = next(line for line in ran.stdout.splitlines() if "transcript:" in line).split("transcript:")[1]
    assert Path(transcript.strip()).is_file(), transcript
    resume = next(line for line in ran.stdout.splitlines() if "resume:" in line)
    assert f"assign {TASK_ID} --batch 2 --role backend && .claude/batchgate/bin/batchgate run {TASK_ID}" in resume
    assert project.batch("1").status == Status.COMPLETE
    assert project.batch("2").status == Status.FAILED
    assert project.batch("3").status == Status.PENDING
    assert not any("frontend-developer" in r.agent_prompt for r in claude.api.messages), "no frontend session"
    figures = stats(claude, project)
    assert (figures["1"]["attempts"], figures["1"]["blocks"]) == (1, 0)
    batch2 = figures["2"]
    assert (batch2["attempts"], batch2["blocks"], batch2["passed_first_time"], batch2["failed_by_budget"]) == (
        2,
        1,
        False,
        True,
    ), batch2
    gates = {g["gate"]: g for g in json.loads(batchgate(claude, project, "stats", "--json").stdout)["gates"]}
    assert gates["commit"]["blocks"] == 1 and gates["commit"]["reasons"].get("no commit") == 2, gates


def test_max_batches_stops_after_that_many(claude: ClaudeSession) -> None:
    project = setup(claude)
    claude.api.script = RunBook(TASK_ID, DEFAULT_PLAN, honest(str(project.root), str(project.tasks_path)))

    ran = batchgate(claude, project, "run", TASK_ID, "--max-batches", "1", "--json")

    assert ran.code == 0, str(ran)
    summary = json.loads(ran.stdout)
    assert [(b["batch"], b["verdict"]) for b in summary["batches"]] == [("1", "complete")], summary
    assert summary["next"] == "/phase-6-backend-execution T1", summary
    assert [project.batch(b).status for b in "123"] == [Status.COMPLETE, Status.PENDING, Status.PENDING]


def test_sigint_during_a_batch_stops_the_session_and_leaves_the_state(claude: ClaudeSession, tmp_path: Path) -> None:
    project = setup(claude)
    pid_file = tmp_path / "developer-shell.pid"
    claude.api.script = RunBook(TASK_ID, DEFAULT_PLAN, sleeps(str(pid_file)))
    process = subprocess.Popen(
        command(claude, project, "run", TASK_ID),
        cwd=project.root,
        env=env_for(claude, project),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not pid_file.exists() and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert pid_file.exists(), process.communicate(timeout=30)
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    ran = Ran(process.returncode, stdout, stderr, list(claude.api.errors))

    assert ran.code == 130, str(ran)
    assert "Interrupted at batch 1 of T1" in ran.stdout and f"resume: cd {project.root}" in ran.stdout, str(ran)
    shell = int(pid_file.read_text(encoding="utf-8").strip())
    assert not _alive(shell), "the developer's command was stopped with the session"
    state = project.run_state()
    assert state["state"] == "assigned", "the run state is left as it was"
    assert project.batch("1").status == Status.IN_PROGRESS

    claude.api.script = RunBook(TASK_ID, DEFAULT_PLAN, honest(str(project.root), str(project.tasks_path)))
    resumed = batchgate(claude, project, "run", TASK_ID, "--max-batches", "1")
    assert resumed.code == 0, str(resumed)
    assert project.batch("1").status == Status.COMPLETE, "the resumed run finished the interrupted batch"
    assert project.run_state()["base"] == state["base"], "the same run, resumed (base commit kept)"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
