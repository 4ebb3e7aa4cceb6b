"""Running install.py and the hooks as users do, and observing a repository byte for byte."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from tests.support.gitrepo import GitRepo
from tests.support.paths import ROOT, SHARED

_CHECKOUT = {"root": ROOT}
FROZEN = (
    "install.py",
    "requirements.txt",
    "batchgate",
    "hooks",
    "schemas",
    "scripts",
    ".claude/commands",
    ".claude/agents",
)
OURS = ".claude/batchgate/hooks/"
EVENTS = ("SubagentStop", "Stop", "PreToolUse", "PostToolUse", "SessionStart")
REFERENCE_SCHEMA = SHARED / "reference" / "claude-code-settings.schema.json"


@dataclass(frozen=True)
class Ran:
    """Exit code and output of one process."""

    code: int
    stdout: str
    stderr: str


def isolated_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a subprocess: HOME in tmp (never the real ~/.claude), no inherited run flags."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BATCHGATE_", "CLAUDE_"))}
    env.update({"HOME": str(home), "BATCHGATE_VENV": str(home / "no-venv-here"), **extra})
    return env


def freeze_checkout(into: Path) -> Path:
    """Copy what install.py reads, so that colleagues editing the checkout cannot change the bundle mid-test."""
    for rel in FROZEN:
        source = ROOT / rel
        if source.is_dir():
            shutil.copytree(source, into / rel, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / rel)
    _CHECKOUT["root"] = into
    return into


def checkout() -> Path:
    """The batchgate checkout the tests install from (a frozen copy of this one)."""
    return _CHECKOUT["root"]


def install(repo: GitRepo, *args: str, env: dict[str, str] | None = None, no_env: bool = True) -> Ran:
    """`python3 install.py REPO ARGS --no-env` with the test interpreter."""
    argv = [sys.executable, str(checkout() / "install.py"), str(repo.root), *args, *(["--no-env"] if no_env else [])]
    home = repo.root.parent / "home"
    home.mkdir(exist_ok=True)
    done = subprocess.run(argv, env=env or isolated_env(home), capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr)


def visible_files(repo: GitRepo) -> dict[str, tuple[str, int]]:
    """Every tracked file and every untracked file git does not ignore: path -> (sha256, mode)."""
    listed = repo.git("ls-files", "-z", "--cached", "--others", "--exclude-standard")
    result: dict[str, tuple[str, int]] = {}
    for rel in sorted(set(filter(None, listed.split("\0")))):
        path = repo.root / rel
        if path.is_file():
            result[rel] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mode & 0o777)
    return result


def whole_tree(root: Path) -> dict[str, str]:
    """Every file under `root` (ignored ones and the git directory too, but git's own index)."""
    result: dict[str, str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and rel != ".git/index":
            result[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        elif path.is_dir():
            result[rel + "/"] = "dir"
    return result


def settings(repo: GitRepo, rel: str = ".claude/settings.json") -> dict[str, Any]:
    """A settings file, parsed."""
    value: dict[str, Any] = json.loads((repo.root / rel).read_text(encoding="utf-8"))
    return value


def our_handlers(data: dict[str, Any]) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(event, matcher, handler) of each batchgate handler, found independently of the installer's code."""
    found = []
    for event, groups in data.get("hooks", {}).items():
        for group in groups:
            for handler in group["hooks"]:
                if OURS in handler.get("command", ""):
                    found.append((event, group.get("matcher"), handler))
    return found


def assert_schema_valid(data: dict[str, Any]) -> None:
    """Valid against the shipped subset, and against the full reference schema where ../shared exists."""
    shipped = json.loads((ROOT / "schemas" / "claude-settings.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft7Validator(shipped).validate(data)
    if REFERENCE_SCHEMA.is_file():
        reference = json.loads(REFERENCE_SCHEMA.read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(reference).validate(data)


def assert_wired(data: dict[str, Any]) -> None:
    """Exactly one batchgate handler per event, with the contract's matcher and timeout."""
    expected = {
        "SubagentStop": (None, 1800),
        "Stop": (None, 120),
        "PreToolUse": ("Bash|Write|Edit|MultiEdit|NotebookEdit", 30),
        "PostToolUse": ("Bash|Edit|Write|MultiEdit", 60),
        "SessionStart": ("resume|compact", 30),
    }
    found = our_handlers(data)
    assert sorted(e for e, _m, _h in found) == sorted(EVENTS), found
    for event, matcher, handler in found:
        assert (matcher, handler["timeout"]) == expected[event], (event, matcher, handler)
        assert set(handler) == {"type", "command", "timeout"}
        assert handler["command"].startswith('sh "$CLAUDE_PROJECT_DIR/.claude/batchgate/hooks/run.sh" ')


def assert_user_content_kept(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Every user key unchanged; every user group of every event still there, in order, before batchgate's."""
    for key, value in before.items():
        if key != "hooks":
            assert after[key] == value, key
    for event, groups in before.get("hooks", {}).items():
        assert after["hooks"][event][: len(groups)] == groups, event


def run_hook(
    command: str, shell: str, repo: Path, event: str, home: Path, path: str | None = None, cwd: Path | None = None
) -> Ran:
    """A hook command from the settings, the way Claude Code runs it (sh -c / bash -c)."""
    payload = json.dumps({"hook_event_name": event, "cwd": str(repo), "session_id": "test"})
    env = isolated_env(home, CLAUDE_PROJECT_DIR=str(repo))
    if path is not None:
        env["PATH"] = path
    done = subprocess.run(
        [shell, "-c", command],
        input=payload,
        cwd=cwd or repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)
