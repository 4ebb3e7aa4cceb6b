"""A project repository with batchgate installed by `install.py`, a small plan and a cheap build.

`Installed.create(claude)` runs `python3 install.py <project> --no-env`, writes
`task-tracking/T1/tasks.md` (two backend batches) and `.claude/batchgate.yaml`, and commits it all,
as a user would before typing `/phase-6-backend-execution T1`.

The CLI gets `BATCHGATE_VENV` pointing at this interpreter's environment, so the installed hooks
and launcher decide with the test venv's dependencies instead of creating an environment of their
own. The `python3` the hook commands and the launcher start with is this venv's base interpreter
(a symlink put first on PATH): no dependencies, as on a user's machine, so the real re-exec into
the environment is exercised; the same Python version as the venv, so its requirements stamp
matches; and no version-manager shim, which costs about 0.2 s a hook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from batchgate.model.reader import read_tasks
from batchgate.model.types import Batch, Status, TasksDoc
from tests.e2e.conftest import ClaudeSession
from tests.e2e.fake_anthropic import Script
from tests.e2e.run_result import ClaudeRun
from tests.support.batchplan import DEFAULT_PLAN, BatchSpec, render_plan
from tests.support.paths import ROOT

TASK_ID = "T1"
PLAN: tuple[BatchSpec, ...] = DEFAULT_PLAN[:2]  # the two backend batches
BATCH = PLAN[0]
COMMAND = "/phase-6-backend-execution"
_T = TypeVar("_T", bound="Installed")


def body_of(markdown: Path) -> str:
    """A command or agent file without its frontmatter."""
    text = markdown.read_text(encoding="utf-8")
    return text.split("---\n", 2)[2] if text.startswith("---\n") else text


def first_line(text: str) -> str:
    """The first non-blank line."""
    return next(line.strip() for line in text.splitlines() if line.strip())


@dataclass
class Installed:
    """The session's project after `install.py`, and what the tests read back from it."""

    claude: ClaudeSession
    base: str
    bin_dir: Path

    @classmethod
    def create(cls, claude: ClaudeSession, retries: int | None = None, plan: tuple[BatchSpec, ...] = PLAN) -> Installed:
        """Install batchgate, write `plan` and the config, commit; `retries` goes into the config."""
        return cls.prepare(claude, retries, install=True, plan=plan)

    @classmethod
    def prepare(
        cls: type[_T], claude: ClaudeSession, retries: int | None, install: bool, plan: tuple[BatchSpec, ...] = PLAN
    ) -> _T:
        """(Install batchgate,) write `plan` and the config, commit."""
        root = claude.repo.root
        if install:
            done = subprocess.run(
                [sys.executable, str(ROOT / "install.py"), str(root), "--no-env"], capture_output=True, text=True
            )
            assert done.returncode == 0, f"install.py failed:\n{done.stdout}\n{done.stderr}"
        config: dict[str, Any] = {"build": {"command": ["python3", "-m", "py_compile", *BATCH.files]}}
        if retries is not None:
            config["retries"] = retries
        claude.repo.write(".claude/batchgate.yaml", json.dumps(config, indent=2) + "\n")
        claude.repo.write(".gitignore", "__pycache__/\n")
        claude.repo.write(f"task-tracking/{TASK_ID}/tasks.md", render_plan(plan, TASK_ID))
        bin_dir = claude.runner.home.parent / "bin"
        bin_dir.mkdir(exist_ok=True)
        (bin_dir / "python3").symlink_to(os.path.realpath(sys.executable))
        return cls(claude, claude.repo.commit("chore: install batchgate, plan T1"), bin_dir)

    @property
    def root(self) -> Path:
        """The project's work tree."""
        return self.claude.repo.root

    @property
    def env(self) -> dict[str, str]:
        """What the CLI (and so every hook and tool command) gets on top of the harness's environment."""
        return {"BATCHGATE_VENV": sys.prefix, "PATH": f"{self.bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}

    def run(self, prompt: str, script: Script, bypass: bool = True) -> ClaudeRun:
        """`claude -p PROMPT` in the project, answered by `script`."""
        return self.claude.run(prompt, script, bypass=bypass, env=self.env)

    @property
    def command_body(self) -> str:
        """The installed slash command's body, as Claude Code should send it (before substitution)."""
        return body_of(self.root / ".claude" / "commands" / f"{COMMAND[1:]}.md")

    @property
    def developer_marker(self) -> str:
        """The first line of the installed backend-developer agent's prompt: how its requests are told apart."""
        return first_line(body_of(self.root / ".claude" / "agents" / "backend-developer.md"))

    @property
    def tasks_path(self) -> Path:
        """task-tracking/T1/tasks.md."""
        return self.root / "task-tracking" / TASK_ID / "tasks.md"

    def plan(self) -> TasksDoc:
        """tasks.md as batchgate's own reader sees it now."""
        return read_tasks(str(self.tasks_path), str(self.root))

    def batch(self, batch_id: str = BATCH.id) -> Batch:
        """One batch of the plan as it stands on disk."""
        found = self.plan().batch(batch_id)
        assert found is not None, self.tasks_path.read_text(encoding="utf-8")
        return found

    def heading(self, batch_id: str = BATCH.id) -> str:
        """The batch's heading line in tasks.md (where its status marker is written)."""
        return self.tasks_path.read_text(encoding="utf-8").splitlines()[self.batch(batch_id).line - 1]

    def task_statuses(self, batch_id: str = BATCH.id) -> list[Status]:
        """The status of each task of the batch, in order."""
        return [task.status for task in self.batch(batch_id).tasks]

    def run_state(self) -> dict[str, Any]:
        """.git/batchgate/run.json ({} when there is none)."""
        path = self.root / ".git" / "batchgate" / "run.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}

    def commits_since_base(self) -> list[tuple[str, str]]:
        """(full SHA, subject) of each commit made after the set-up commit, newest first."""
        out = self.claude.repo.git("log", "--format=%H %s", f"{self.base}..HEAD")
        return [(line.split(" ", 1)[0], line.split(" ", 1)[1]) for line in out.splitlines() if line]

    def files_of(self, sha: str) -> list[str]:
        """The paths one commit changed."""
        return sorted(self.claude.repo.git("show", "--format=", "--name-only", sha).splitlines())
