"""A repository with a task plan, a cheap real build and the moves a developer makes.

The one helper the gate and workflow tests build their scenarios with:
`BatchRepo.create(tmp_path)` gives a git repository holding
`task-tracking/T1/tasks.md` (two backend batches and one frontend batch), a
`.claude/batchgate.yaml` whose build is a small python3 script kept outside
the repository, and one initial commit. Its methods are the steps of the
workflow: `assign()`, `do_task_work()`, `commit_batch()`, `mark_implemented()`,
`record_sha()`, `verify()`, and `cli()` for the real command line.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from batchgate.gates.base import GateResult, Verdict
from batchgate.report.assignment import AssignmentReport
from batchgate.report.verification import VerificationReport
from batchgate.workflow.assign import assign
from batchgate.workflow.verify import verify
from batchgate.workflow.workspace import Workspace
from tests.support.batchplan import (
    BUILD_SCRIPT,
    DEFAULT_PLAN,
    HANG_SCRIPT,
    TASK_ID,
    BatchSpec,
    TaskSpec,
    file_content,
    render_plan,
)
from tests.support.cli import Result, run_cli
from tests.support.gitrepo import GitRepo

__all__ = ["BatchRepo", "BatchSpec", "TaskSpec", "alive", "file_content", "gate", "said", "schema_errors", "verdicts"]


@dataclass
class BatchRepo:
    """A repository set up for one task plan, and the developer's moves on it."""

    git: GitRepo
    tools: Path
    home: Path
    plan: tuple[BatchSpec, ...]
    task_id: str = TASK_ID
    config: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(
        cls,
        tmp_path: Path,
        plan: Sequence[BatchSpec] = DEFAULT_PLAN,
        config: dict[str, Any] | None = None,
        files: dict[str, str] | None = None,
        task_id: str = TASK_ID,
    ) -> BatchRepo:
        """A repository with the plan, a config (default: the cheap build), `files`, and one commit."""
        tools = tmp_path / "tools"
        tools.mkdir(parents=True, exist_ok=True)
        (tools / "build.py").write_text(BUILD_SCRIPT, encoding="utf-8")
        (tools / "hang.py").write_text(HANG_SCRIPT, encoding="utf-8")
        home = tmp_path / "home"
        home.mkdir(exist_ok=True)
        repo = cls(GitRepo.create(tmp_path / "repo"), tools, home, tuple(plan), task_id)
        repo.git.write("README.md", "# demo\n")
        repo.git.write(f"task-tracking/{task_id}/tasks.md", render_plan(plan, task_id))
        for path, content in (files or {}).items():
            repo.git.write(path, content)
        repo.write_config(config if config is not None else {"build": repo.build_config()})
        repo.git.commit("chore: initial commit")
        return repo

    # -- set-up --------------------------------------------------------------

    @property
    def root(self) -> Path:
        """The work tree."""
        return self.git.root

    @property
    def plan_path(self) -> Path:
        """task-tracking/<TASK_ID>/tasks.md."""
        return self.root / "task-tracking" / self.task_id / "tasks.md"

    def build_config(self, *args: str, timeout_s: float = 60) -> dict[str, Any]:
        """`build:` running the cheap build script (extra argv such as "{project}" appended)."""
        return {"command": ["python3", str(self.tools / "build.py"), *args], "timeout_s": timeout_s}

    def configure_build(self, build: dict[str, Any]) -> None:
        """Commit a configuration whose `build` section is `build`."""
        self.write_config({"build": build})
        self.git.commit("chore: build config", ".claude/batchgate.yaml")

    def write_config(self, config: dict[str, Any] | str) -> None:
        """Write .claude/batchgate.yaml (a mapping is written as JSON, which YAML reads)."""
        if isinstance(config, dict):
            self.config = config
        text = config if isinstance(config, str) else json.dumps(config, indent=2) + "\n"
        self.git.write(".claude/batchgate.yaml", text)

    def batch(self, batch_id: str = "1") -> BatchSpec:
        """The plan's batch `batch_id`."""
        return next(b for b in self.plan if b.id == batch_id)

    def builds(self) -> list[tuple[str, str]]:
        """Every run of the cheap build so far: (working directory, arguments)."""
        log = self.tools / "build.log"
        if not log.exists():
            return []
        rows = [line.split("\t", 1) for line in log.read_text(encoding="utf-8").splitlines()]
        return [(row[0], row[1] if len(row) > 1 else "") for row in rows]

    # -- the developer's and team leader's moves -----------------------------

    def workspace(self) -> Workspace:
        """The repository as the engine opens it."""
        return Workspace.open(str(self.root))

    def assign(self, batch: str | None = None, role: str = "backend") -> AssignmentReport:
        """`assign` in-process; asserts it succeeded."""
        report = assign(self.workspace(), self.task_id, batch, role)
        assert report.ok, [(p.text, p.met, p.detail) for p in report.prerequisites]
        return report

    def do_task_work(self, batch: str = "1", version: int = 1, only: Sequence[str] | None = None) -> list[str]:
        """Write real content into the batch's files (or `only` these); the paths written."""
        paths = list(only) if only is not None else self.batch(batch).files
        for path in paths:
            self.git.write(path, file_content(path, version))
        return paths

    def commit_message(self, batch: str = "1") -> str:
        """The agreed batch commit message: `feat(scope): batch N - …` with every task in the body."""
        spec = self.batch(batch)
        body = "\n".join(f"- Task {task.id}: {task.title}" for task in spec.tasks)
        return f"feat(demo): batch {spec.id} - {spec.title.lower()}\n\n{body}\n"

    def commit_batch(self, message: str | None = None, batch: str = "1", paths: Sequence[str] | None = None) -> str:
        """Commit the batch's files (or `paths`) with `message` (default: the agreed one); the SHA."""
        return self.git.commit(message or self.commit_message(batch), *(paths or self.batch(batch).files))

    def mark_implemented(self, batch: str = "1", tasks: Sequence[str] | None = None) -> None:
        """Mark the batch's tasks (or `tasks`) IMPLEMENTED in tasks.md, as the developer does."""
        text = self.plan_path.read_text(encoding="utf-8")
        for task_id in tasks if tasks is not None else [t.id for t in self.batch(batch).tasks]:
            pattern = re.compile(rf"^(### Task {re.escape(task_id)}: .*?) (?:⏸️ PENDING|🔄 IN PROGRESS.*)$", re.M)
            text, count = pattern.subn(r"\1 🔄 IMPLEMENTED", text)
            assert count == 1, f"task {task_id} heading not found"
        self.plan_path.write_text(text, encoding="utf-8")

    def record_sha(self, sha: str, batch: str = "1") -> None:
        """Write `**Git Commit**: `sha`` under the batch's heading (replacing one written before)."""
        text = self.plan_path.read_text(encoding="utf-8")
        start = re.search(rf"^## Batch {re.escape(batch)}: .*$", text, re.M)
        assert start is not None, f"batch {batch} heading not found"
        end = text.find("\n### ", start.end())
        section = text[start.end() : end]
        line = f"**Git Commit**: `{sha}`"
        if "**Git Commit**:" in section:
            section = re.sub(r"^\*\*Git Commit\*\*: .*$", line, section, count=1, flags=re.M)
        else:
            section = re.sub(r"^(\*\*Dependencies\*\*: .*)$", rf"\1\n{line}", section, count=1, flags=re.M)
        self.plan_path.write_text(text[: start.end()] + section + text[end:], encoding="utf-8")

    def honest_work(self, batch: str = "1") -> str:
        """Everything an honest developer does for a batch: work, ONE commit, tasks.md updated. The SHA."""
        self.do_task_work(batch)
        sha = self.commit_batch(batch=batch)
        self.mark_implemented(batch)
        self.record_sha(sha[:7], batch)
        return sha

    def verify(self, batch: str | None = None) -> VerificationReport:
        """`verify` in-process; asserts no gate crashed."""
        report = verify(self.workspace(), self.task_id, batch)
        crashed = [r.summary for r in report.results if "crashed" in r.summary]
        assert not crashed, crashed
        return report

    # -- the real command line ----------------------------------------------

    def cli(self, *args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Result:
        """`batchgate -C <repo> ARGS` through scripts/batchgate; asserts no traceback."""
        prefix = () if cwd is not None else ("-C", str(self.root))
        result = run_cli(*prefix, *args, cwd=cwd or self.home, env={"HOME": str(self.home), **(env or {})})
        assert_no_traceback(result)
        return result


def assert_no_traceback(result: Result) -> None:
    """A Python traceback reaching the user is a bug."""
    for stream in (result.stderr, result.stdout):
        assert "Traceback (most recent call last)" not in stream, stream
        assert "internal error" not in stream, stream


def gate(report: VerificationReport, name: str) -> GateResult:
    """The result of gate `name` in a report."""
    return next(r for r in report.results if r.gate == name)


def verdicts(report: VerificationReport) -> dict[str, Verdict]:
    """gate name -> verdict."""
    return {r.gate: r.verdict for r in report.results}


def said(result: GateResult) -> str:
    """Everything a gate said (summary, evidence, fix), lower-cased, for substring checks."""
    return "\n".join([result.summary, *result.evidence, result.fix or ""]).lower()


def alive(pid: int) -> bool:
    """True while process `pid` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            state = handle.read().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True
    return state not in ("Z", "X")


def schema_errors(data: Any, schema_name: str = "report.schema.json") -> list[str]:
    """Why `data` does not validate against schemas/<schema_name> (empty when it does)."""
    import jsonschema

    schema = json.loads((Path(__file__).resolve().parents[2] / "schemas" / schema_name).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(data)]
