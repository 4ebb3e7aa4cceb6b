"""The `!` blocks of each command, run as Claude Code runs them, in an installed fixture repo.

Claude Code replaces $ARGUMENTS with the typed text, runs the block with
bash in the project directory and puts its output into the first message.
A block that exits non-zero would cancel the command silently, so every
block must exit 0 and say what is wrong instead.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.commands.markdown import COMMANDS, injected_blocks, split
from tests.support.gitrepo import GitRepo
from tests.support.paths import ROOT

GOLDEN = Path(__file__).parent / "golden"
PLAN = """# Development Tasks - TASK_DEMO

## Batch 1: Greeting ⏸️ PENDING

**Assigned To**: backend-developer

### Task 1.1: Add greet ⏸️ PENDING

**File(s)**: `lib/greet.py` **[NEW]**

## Batch 2: Page ⏸️ PENDING

**Assigned To**: frontend-developer
**Dependencies**: Batch 1

### Task 2.1: Add the page ⏸️ PENDING

**File(s)**: `web/page.html` **[NEW]**
"""


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    repo = GitRepo.create(tmp_path_factory.mktemp("commands") / "repo")
    repo.write("task-tracking/TASK_DEMO/tasks.md", PLAN)
    repo.write("task-tracking/OTHER/tasks.md", PLAN.replace("TASK_DEMO", "OTHER"))
    repo.commit("chore: plan")
    done = subprocess.run(
        [sys.executable, str(ROOT / "install.py"), str(repo.root), "--no-env"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return repo


def run_block(repo: GitRepo, block: str, arguments: str) -> subprocess.CompletedProcess[str]:
    """Substitute $ARGUMENTS like Claude Code, run with bash in the project directory."""
    env = {**os.environ, "BATCHGATE_VENV": sys.prefix, "HOME": str(repo.root.parent)}
    env.pop("CLAUDE_PROJECT_DIR", None)
    return subprocess.run(
        ["bash", "-c", block.replace("$ARGUMENTS", arguments)],
        cwd=repo.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def normalized(text: str, repo: GitRepo) -> str:
    text = text.replace(str(repo.root), "<repo>")
    text = re.sub(r"\b[0-9a-f]{7,40}\b", "<sha>", text)
    return re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "<time>", text)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.stem)
def test_state_injected_for_a_fixture_repo_matches_golden(path: Path, installed: GitRepo) -> None:
    _meta, body = split(path)
    [block] = injected_blocks(body)
    done = run_block(installed, block, "TASK_DEMO")
    assert done.returncode == 0 and done.stderr == ""
    text = normalized(done.stdout, installed)
    golden = GOLDEN / f"{path.stem}.txt"
    if os.environ.get("BATCHGATE_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"differs from {golden} (BATCHGATE_UPDATE_GOLDEN=1 rewrites it)"


BAD_ARGUMENTS = [
    pytest.param("", "no TASK_ID given", id="empty"),
    pytest.param("../etc", "not a plain folder name", id="dot-dot"),
    pytest.param("a/b", "not a plain folder name", id="slash"),
    pytest.param("TASK_DEMO extra", "expected one TASK_ID", id="two-words"),
    pytest.param("NO_SUCH_TASK", "does not exist", id="unknown-task"),
    pytest.param("x'; touch INJECTED; echo '", "not a plain folder name", id="quote-injection"),
    pytest.param("$(touch INJECTED)", "expected one TASK_ID", id="substitution"),
]


@pytest.mark.parametrize(("arguments", "says"), BAD_ARGUMENTS)
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.stem)
def test_bad_arguments_reach_the_model_as_a_usage_line(
    path: Path, installed: GitRepo, arguments: str, says: str
) -> None:
    _meta, body = split(path)
    [block] = injected_blocks(body)
    done = run_block(installed, block, arguments)
    assert done.returncode == 0, "a failing inline command cancels the slash command silently"
    assert says in done.stdout and f"Usage: /{path.stem} TASK_ID" in done.stdout
    assert "Task plans here: OTHER, TASK_DEMO" in done.stdout
    assert not (installed.root / "INJECTED").exists(), "the arguments reached a shell"
