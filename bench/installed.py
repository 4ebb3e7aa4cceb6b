"""batchgate as a user has it: installed with install.py, called through the launcher and the hook commands.

Nothing here knows where the installed engine lives: the launcher is the
documented `.claude/batchgate/bin/batchgate`, the hooks are the commands
written in the installed `.claude/settings.json`.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.fixtures import PLAN, generated_repo, git

LAUNCHER = ".claude/batchgate/bin/batchgate"
# The build the batch runs when not cached (python3 as a user's build would start it).
BUILD = ["python3", "-c", "import time; time.sleep(0.5)"]


@dataclass(frozen=True)
class Installed:
    """A repository with batchgate installed and batch 1 of BENCH honestly done and recorded."""

    root: Path
    env: dict[str, str]

    @property
    def launcher(self) -> str:
        """The command a user (or Claude Code's Bash tool) runs."""
        return str(self.root / LAUNCHER)

    def cli(self, *args: str) -> str:
        """A shell command line running the launcher with `args`."""
        return shlex.join([self.launcher, *args])

    def hook(self, event: str) -> str:
        """The hook command for `event`, exactly as written in the installed settings.json."""
        settings = json.loads((self.root / ".claude" / "settings.json").read_text(encoding="utf-8"))
        for group in settings["hooks"][event]:
            for hook in group["hooks"]:
                if "batchgate" in hook["command"]:
                    return str(hook["command"])
        raise LookupError(f"no batchgate hook for {event} in settings.json")

    def run(self, command: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        """Run a command line as Claude Code does: through the shell, in the project."""
        return subprocess.run(
            ["sh", "-c", command], input=stdin, cwd=self.root, env=self.env, capture_output=True, check=False
        )


def bench_env(scratch: Path, root: Path) -> dict[str, str]:
    """The environment of every measured process: no inherited batchgate/Claude variables, state in scratch."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BATCHGATE_", "CLAUDE_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure with the bytecode cache, as on a user's machine
    env.update(
        {
            "CLAUDE_PROJECT_DIR": str(root),
            "XDG_STATE_HOME": str(scratch / "xdg-state"),
            "XDG_DATA_HOME": str(scratch / "xdg-data"),
        }
    )
    return env


def install_batch_repo(
    checkout: Path, scratch: Path, name: str, files: int, commits: int, shared_env: Path | None
) -> Installed:
    """A generated repository with batchgate installed from `checkout`, batch 1 assigned, done, recorded, verified."""
    root = generated_repo(scratch / name, files, commits)
    (root / "task-tracking" / "BENCH").mkdir(parents=True)
    (root / "task-tracking" / "BENCH" / "tasks.md").write_text(PLAN, encoding="utf-8")
    (root / ".claude").mkdir(exist_ok=True)
    (root / ".claude" / "batchgate.yaml").write_text(json.dumps({"build": {"command": BUILD}}), encoding="utf-8")
    env = bench_env(scratch, root)
    _install(checkout, root, env, shared_env)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "chore: plan and batchgate")
    repo = Installed(root, env)
    _must(repo.run(repo.cli("assign", "BENCH")), "assign")
    (root / "lib").mkdir()
    (root / "lib" / "mod.py").write_text("VALUE = 1\n", encoding="utf-8")
    git(root, "add", "lib/mod.py")
    git(root, "commit", "-q", "-m", "feat(lib): batch 1 - add the module\n\n- Task 1.1: Add the module")
    sha = git(root, "rev-parse", "--short", "HEAD").strip()
    plan = PLAN.replace("### Task 1.1: Add the module ⏸️ PENDING", "### Task 1.1: Add the module 🔄 IMPLEMENTED")
    plan = plan.replace(
        "**Assigned To**: backend-developer", f"**Assigned To**: backend-developer\n**Git Commit**: `{sha}`"
    )
    (root / "task-tracking" / "BENCH" / "tasks.md").write_text(plan, encoding="utf-8")
    _must(repo.run(repo.cli("verify", "BENCH")), "the first verify (it runs the build once)")
    return repo


def environment_of(repo: Installed) -> Path | None:
    """The per-clone environment the installed launcher made, if this installed form keeps one in .git."""
    env = repo.root / ".git" / "batchgate" / "venv"
    return env if env.is_dir() else None


def _install(checkout: Path, root: Path, env: dict[str, str], shared_env: Path | None) -> None:
    """install.py; a second repository reuses the first one's environment instead of installing it again."""
    command = [shutil.which("python3") or sys.executable, str(checkout / "install.py"), str(root)]
    if shared_env is not None:
        (root / ".git" / "batchgate").mkdir(parents=True, exist_ok=True)
        os.symlink(shared_env, root / ".git" / "batchgate" / "venv")
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"install.py failed: {done.stderr.decode(errors='replace').strip()}")


def _must(done: subprocess.CompletedProcess[bytes], what: str) -> None:
    if done.returncode != 0:
        out = (done.stdout + done.stderr).decode(errors="replace").strip()
        raise RuntimeError(f"bench set-up: {what} failed (exit {done.returncode}):\n{out[-2000:]}")
