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
from tests.support.cli import Result, run_cli
from tests.support.gitrepo import GitRepo

TASK_ID = "T1"
_PENDING = "⏸️ PENDING"

# The build: compiles every .py file under lib/ (no bytecode written into the
# work tree) and appends one line "<cwd>\t<args>" per run to build.log beside it.
BUILD_SCRIPT = """\
import os, pathlib, sys
here = pathlib.Path(__file__).resolve().parent
with open(here / "build.log", "a", encoding="utf-8") as log:
    log.write(os.getcwd() + "\\t" + " ".join(sys.argv[1:]) + "\\n")
for path in sorted(pathlib.Path("lib").rglob("*.py")) if pathlib.Path("lib").is_dir() else []:
    compile(path.read_text(encoding="utf-8"), str(path), "exec")
print("build ok")
"""

# A build that never ends: it starts a child that ignores SIGTERM, writes both
# process ids to pids.txt beside it, and sleeps. argv[1] == "ignore-term" makes
# the parent ignore SIGTERM too.
HANG_SCRIPT = """\
import os, pathlib, signal, subprocess, sys, time
here = pathlib.Path(__file__).resolve().parent
if sys.argv[1:] == ["ignore-term"]:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
child = subprocess.Popen([sys.executable, "-c",
    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"])
(here / "pids.txt").write_text(f"{os.getpid()} {child.pid}\\n", encoding="utf-8")
print("building forever", flush=True)
time.sleep(600)
"""


@dataclass(frozen=True)
class TaskSpec:
    """One task of the plan: id, title, the files it names."""

    id: str
    title: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class BatchSpec:
    """One batch of the plan."""

    id: str
    title: str
    tasks: tuple[TaskSpec, ...]
    assignee: str | None = "backend-developer"
    dependencies: str = "None"

    @property
    def files(self) -> list[str]:
        """Every file of the batch, in plan order."""
        return list(dict.fromkeys(path for task in self.tasks for path in task.files))


DEFAULT_PLAN: tuple[BatchSpec, ...] = (
    BatchSpec(
        "1",
        "Greeting library",
        (
            TaskSpec("1.1", "Add the greeting function", ("lib/greet.py",)),
            TaskSpec("1.2", "Test the greeting", ("tests/test_greet.py",)),
        ),
    ),
    BatchSpec(
        "2", "Command line", (TaskSpec("2.1", "Add the CLI entry point", ("lib/cli.py",)),), dependencies="Batch 1"
    ),
    BatchSpec(
        "3",
        "Web page",
        (TaskSpec("3.1", "Add the page script", ("web/app.js",)),),
        assignee="frontend-developer",
        dependencies="Batch 2",
    ),
)


def render_plan(batches: Sequence[BatchSpec], task_id: str = TASK_ID) -> str:
    """tasks.md text in the canonical form, every batch and task pending."""
    total = sum(len(b.tasks) for b in batches)
    lines = [
        f"# Development Tasks - {task_id}",
        "",
        f"**Total Tasks**: {total} | **Total Batches**: {len(batches)} | **Status**: 0/{len(batches)} batches complete",
    ]
    for batch in batches:
        lines += ["", "---", "", f"## Batch {batch.id}: {batch.title} {_PENDING}", ""]
        if batch.assignee:
            lines.append(f"**Assigned To**: {batch.assignee}")
        lines.append(f"**Dependencies**: {batch.dependencies}")
        for task in batch.tasks:
            files = ", ".join(f"`{path}`" for path in task.files)
            lines += ["", f"### Task {task.id}: {task.title} {_PENDING}", "", f"**File(s)**: {files} **[NEW]**"]
    return "\n".join(lines) + "\n"


def file_content(path: str, version: int = 1) -> str:
    """Real, non-empty content for a batch file (valid Python for .py files)."""
    name = re.sub(r"\W", "_", path)
    if path.endswith(".py"):
        return f'def {name}():\n    """Work for {path}."""\n    return {version}\n'
    return f"// {path}\nexport const {name} = {version};\n"


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
