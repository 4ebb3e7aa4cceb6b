"""The task plan a BatchRepo holds, the content of its files, and its cheap builds.

Data only: batch and task specs, the canonical tasks.md they render to, real
file content for a batch's files, and the two build scripts the tests run
(kept outside the repository, so their logs never change the tree state).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

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
    try:
        compile(path.read_text(encoding="utf-8"), str(path), "exec")
    except SyntaxError as error:
        print(f"{path}:{error.lineno}: SyntaxError: {error.msg}")
        sys.exit(1)
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
