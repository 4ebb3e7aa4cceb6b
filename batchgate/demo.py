"""The demo (README command 1): a one-minute tour through the real hooks.

It builds a throwaway repository with a sample plan and a small real build
(Python's unittest), installs batchgate into it with install.py, and then
plays the developer and the team leader. Every verdict shown comes from the
real hook scripts, fed the JSON Claude Code sends, and from the real CLI.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Sequence

CHECKOUT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TASK = "TASK_DEMO"
PLAN = """# Development Tasks - TASK_DEMO

**Total Tasks**: 3 | **Total Batches**: 2 | **Status**: 0/2 batches complete

---

## Batch 1: Greeting library ⏸️ PENDING

**Assigned To**: backend-developer
**Dependencies**: None

### Task 1.1: Add the greeting function ⏸️ PENDING

**File(s)**: `lib/greet.py` **[NEW]**

### Task 1.2: Test the greeting ⏸️ PENDING

**File(s)**: `tests/test_greet.py` **[NEW]**

---

## Batch 2: Command line ⏸️ PENDING

**Assigned To**: backend-developer
**Dependencies**: Batch 1

### Task 2.1: Add the command-line entry point ⏸️ PENDING

**File(s)**: `lib/cli.py` **[NEW]**
"""
CONFIG = 'build:\n  command: ["python3", "-m", "unittest", "discover", "-s", "tests", "-t", "."]\n  timeout_s: 60\n'
GREET = 'def greet(name: str) -> str:\n    """Say hello."""\n    return f"Hello, {name}!"\n'
TEST = (
    "import unittest\n\nfrom lib.greet import greet\n\n\n"
    "class GreetTest(unittest.TestCase):\n    def test_greets(self) -> None:\n"
    '        self.assertEqual(greet("Ada"), "Hello, Ada!")\n'
)
MESSAGE = (
    "feat(lib): batch 1 - greeting library\n\n- Task 1.1: Add the greeting function\n- Task 1.2: Test the greeting\n"
)


class Tour:
    """The throwaway repository and the steps of the tour."""

    def __init__(self, root: str) -> None:
        self.root = root
        inherited = {k: v for k, v in os.environ.items() if k not in ("BATCHGATE_REEXEC", "BATCHGATE_IN_ENV")}
        self.env = {**inherited, "BATCHGATE_VENV": sys.prefix, "CLAUDE_PROJECT_DIR": root}
        # batchgate's per-user records of this throwaway repository go away with it
        self.env["XDG_STATE_HOME"] = os.path.join(root, ".git", "demo-user-state")
        self.env.update(GIT_AUTHOR_NAME="Demo Developer", GIT_AUTHOR_EMAIL="dev@example.com")
        self.env.update(GIT_COMMITTER_NAME="Demo Developer", GIT_COMMITTER_EMAIL="dev@example.com")

    def run(self, argv: Sequence[str], stdin: str = "") -> subprocess.CompletedProcess[str]:
        """A command in the repository, the way a developer or Claude Code runs it."""
        return subprocess.run(
            list(argv), cwd=self.root, env=self.env, input=stdin, capture_output=True, text=True, check=False
        )

    def git(self, *args: str) -> str:
        """git, as the developer types it."""
        return self.run(["git", *args]).stdout.strip()

    def write(self, relative: str, text: str) -> None:
        """A file the developer writes."""
        path = os.path.join(self.root, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(text)

    def batchgate(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The installed CLI."""
        return self.run([sys.executable, ".claude/batchgate/bin/batchgate", *args])

    def hook(self, event: str, payload: dict[str, object]) -> dict[str, object]:
        """One installed hook, given the JSON Claude Code would send; its JSON answer ({} = allow)."""
        launcher = os.path.join(".claude", "batchgate", "hooks", "run.sh")
        full = {"session_id": "demo", "transcript_path": "", "cwd": self.root, **payload}
        done = self.run(["sh", launcher, event], json.dumps(full))  # as the installed hook command runs it
        answer: dict[str, object] = json.loads(done.stdout) if done.stdout.strip() else {}
        return answer


def say(title: str, text: str = "") -> None:
    """One step of the tour."""
    print(f"\n== {title}")
    if text:
        print(textwrap.indent(text.rstrip(), "   "))


def verdict(answer: dict[str, object]) -> str:
    """What a hook decided, in one line and its reason."""
    specific = answer.get("hookSpecificOutput")
    if isinstance(specific, dict) and specific.get("permissionDecision") == "deny":
        return f"DENIED: {specific.get('permissionDecisionReason')}"
    if answer.get("decision") == "block":
        return f"BLOCKED:\n{answer.get('reason')}"
    note = answer.get("systemMessage")
    return "allowed" + (f" ({note})" if note else "")


def setup(tour: Tour) -> None:
    """The repository, the plan, the build, and install.py."""
    tour.git("init", "-q", "-b", "main")
    tour.write(f"task-tracking/{TASK}/tasks.md", PLAN)
    tour.write(".claude/batchgate.yaml", CONFIG)
    tour.write("lib/__init__.py", "")
    tour.git("add", "-A")
    tour.git("commit", "-q", "-m", "chore: plan and project skeleton")
    done = tour.run([sys.executable, os.path.join(CHECKOUT, "install.py"), tour.root, "--no-env"])
    if done.returncode != 0:
        raise SystemExit(f"install.py failed: {done.stderr.strip()}")
    tour.git("add", "-A")
    tour.git("commit", "-q", "-m", "chore: install batchgate")
    say("A throwaway repository with a 2-batch plan; batchgate installed into it", done.stdout.strip().splitlines()[-1])


def assign(tour: Tour) -> None:
    """The team leader assigns batch 1."""
    done = tour.batchgate("assign", TASK)
    prompt = done.stdout.split("----- developer prompt -----")[-1].split("----- end of prompt -----")[0]
    say("Team leader: batchgate assign TASK_DEMO  (prerequisites checked, batch 1 IN PROGRESS)", prompt[:700] + "\n…")


def cheat(tour: Tour) -> None:
    """The developer claims success without committing, then tries to skip the hooks."""
    tour.write("lib/greet.py", GREET)
    stop = {
        "hook_event_name": "SubagentStop",
        "agent_type": "backend-developer",
        "agent_id": "dev1",
        "stop_hook_active": False,
    }
    stop["last_assistant_message"] = "Batch 1 done! All files created and committed."
    say(
        "Cheating developer: writes one file, commits nothing, says 'done' and stops",
        verdict(tour.hook("subagent_stop", stop)),
    )
    command = {"command": "git add -A && git commit --no-verify -m 'wip'"}
    bypass: dict[str, object] = {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": command}
    say("Cheating developer: git commit --no-verify", verdict(tour.hook("pre_tool_use", bypass)))
    leader: dict[str, object] = {"hook_event_name": "Stop", "stop_hook_active": False, "background_tasks": []}
    say("Team leader tries to end its turn with the batch unverified", verdict(tour.hook("stop", leader)))


def honest(tour: Tour) -> None:
    """The developer does the whole batch, one commit, tasks.md updated."""
    tour.write("tests/__init__.py", "")
    tour.write("tests/test_greet.py", TEST)
    tour.git("add", "lib/greet.py", "tests/__init__.py", "tests/test_greet.py")
    tour.git("commit", "-q", "-m", MESSAGE)
    sha = tour.git("rev-parse", "--short", "HEAD")
    path = os.path.join(tour.root, "task-tracking", TASK, "tasks.md")
    with open(path, encoding="utf-8") as handle:
        plan = handle.read()
    plan = plan.replace(
        "### Task 1.1: Add the greeting function ⏸️ PENDING", "### Task 1.1: Add the greeting function 🔄 IMPLEMENTED"
    )
    plan = plan.replace("### Task 1.2: Test the greeting ⏸️ PENDING", "### Task 1.2: Test the greeting 🔄 IMPLEMENTED")
    plan = plan.replace("**Dependencies**: None", f"**Dependencies**: None\n**Git Commit**: `{sha}`", 1)
    tour.write(f"task-tracking/{TASK}/tasks.md", plan)
    stop = {
        "hook_event_name": "SubagentStop",
        "agent_type": "backend-developer",
        "agent_id": "dev1",
        "stop_hook_active": True,
    }
    stop["last_assistant_message"] = f"Batch 1 complete: commit {sha}."
    done = f"one commit {sha} ({MESSAGE.splitlines()[0]}), tasks IMPLEMENTED, SHA recorded\n"
    say(
        "Honest developer: both tasks, one commit, tasks.md updated, stops",
        done + verdict(tour.hook("subagent_stop", stop)),
    )


def complete(tour: Tour) -> None:
    """The team leader completes the batch; the next step follows."""
    done = tour.batchgate("complete", TASK)
    say(f"Team leader: batchgate complete TASK_DEMO  (exit {done.returncode})", done.stdout)
    leader: dict[str, object] = {"hook_event_name": "Stop", "stop_hook_active": False, "background_tasks": []}
    say("Team leader ends its turn", verdict(tour.hook("stop", leader)))


def main(argv: list[str]) -> int:
    """Run the tour in a temporary folder (kept with --keep)."""
    keep = "--keep" in argv
    root = tempfile.mkdtemp(prefix="batchgate-demo-")
    tour = Tour(os.path.join(root, "repo"))
    os.makedirs(tour.root)
    try:
        for step in (setup, assign, cheat, honest, complete):
            step(tour)
    finally:
        if keep:
            print(f"\n(kept: {tour.root})")
        else:
            subprocess.run(["rm", "-rf", root], check=False)
    print("\nEvery verdict above came from the installed hook scripts and the batchgate CLI, run for real.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
