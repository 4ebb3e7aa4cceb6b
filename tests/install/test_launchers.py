"""One interpreter per command: the launchers start batchgate's environment's Python directly, wherever it lives.

Each environment here is a wrapper `bin/python` that logs its start and runs the test interpreter;
`python3` on PATH is a trap that logs and fails. A command that starts the environment's Python and
nothing else leaves exactly one line in the log.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from batchgate.bootstrap import environment_dir
from tests.install.helpers import checkout, install, isolated_env
from tests.support.gitrepo import GitRepo
from tests.support.paths import ROOT


@dataclass
class Form:
    """A batchgate home to launch from, and the environment its launchers must pick."""

    home: Path
    cwd: Path
    env_dir: Path
    extra: dict[str, str]


def _wrapper(env_dir: Path, log: Path) -> None:
    (env_dir / "bin").mkdir(parents=True)
    python = env_dir / "bin" / "python"
    python.write_text(f'#!/bin/sh\necho "$0" >> "{log}"\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)


def _started(log: Path) -> list[str]:
    """The interpreters a command started, as real paths."""
    return [os.path.realpath(line) if line != "python3" else line for line in log.read_text().splitlines()]


def _trap_path(tmp_path: Path, log: Path) -> str:
    trap = tmp_path / "trap"
    trap.mkdir()
    (trap / "python3").write_text(f'#!/bin/sh\necho python3 >> "{log}"\nexit 97\n', encoding="utf-8")
    (trap / "python3").chmod(0o755)
    return os.pathsep.join([str(trap), os.environ.get("PATH", "")])


def _installed(repo: GitRepo, tmp_path: Path) -> Form:
    assert install(repo).code == 0
    repo.commit("chore: install batchgate")
    return Form(repo.root / ".claude/batchgate", repo.root, repo.root / ".git/batchgate/venv", {})


def _linked_worktree(repo: GitRepo, tmp_path: Path) -> Form:
    _installed(repo, tmp_path)
    linked = tmp_path / "linked"
    repo.git("worktree", "add", "-q", str(linked), "-b", "side")
    return Form(linked / ".claude/batchgate", linked, repo.root / ".git/batchgate/venv", {})


def _copy_of_batchgate(into: Path) -> Path:
    shutil.copytree(checkout(), into, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(ROOT / "pyproject.toml", into / "pyproject.toml")
    return into


def _plugin(repo: GitRepo, tmp_path: Path) -> Form:
    plugin = _copy_of_batchgate(tmp_path / "plugins" / "cache" / "batchgate" / "batchgate" / "0.1.0")
    (plugin / ".git").mkdir()  # a plugin copy made from a git marketplace may carry .git: still a plugin
    data = tmp_path / "data"
    return Form(plugin, repo.root, data / "batchgate" / "venv", {"XDG_DATA_HOME": str(data)})


def _clone_of_batchgate(repo: GitRepo, tmp_path: Path) -> Form:
    clone = _copy_of_batchgate(tmp_path / "batchgate")
    subprocess.run(["git", "init", "-q", str(clone)], check=True)
    return Form(clone, repo.root, clone / ".venv", {})


def _override(repo: GitRepo, tmp_path: Path) -> Form:
    form = _installed(repo, tmp_path)
    chosen = tmp_path / "chosen-venv"
    return Form(form.home, form.cwd, chosen, {"BATCHGATE_VENV": str(chosen)})


FORMS: dict[str, Callable[[GitRepo, Path], Form]] = {
    "installed": _installed,
    "installed-linked-worktree": _linked_worktree,
    "plugin": _plugin,
    "clone-of-batchgate": _clone_of_batchgate,
    "BATCHGATE_VENV": _override,
}


def _environment(tmp_path: Path, form: Form) -> dict[str, str]:
    env = isolated_env(tmp_path / "home", PATH=_trap_path(tmp_path, tmp_path / "log"), **form.extra)
    if "BATCHGATE_VENV" not in form.extra:
        del env["BATCHGATE_VENV"]
    return env


def _cli(form: Form) -> Path:
    return form.home / ("bin" if (form.home / "bin").is_dir() else "scripts") / "batchgate"


@pytest.mark.parametrize("name", FORMS)
def test_the_cli_starts_one_interpreter_the_environments(name: str, repo: GitRepo, tmp_path: Path) -> None:
    form = FORMS[name](repo, tmp_path)
    log = tmp_path / "log"
    _wrapper(form.env_dir, log)
    env = _environment(tmp_path, form)
    done = subprocess.run([str(_cli(form)), "status", "--help"], cwd=form.cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "usage: batchgate status" in done.stdout, done.stderr
    assert _started(log) == [os.path.realpath(form.env_dir / "bin" / "python")]


@pytest.mark.parametrize("name", FORMS)
def test_a_hook_starts_one_interpreter_the_environments(name: str, repo: GitRepo, tmp_path: Path) -> None:
    form = FORMS[name](repo, tmp_path)
    log = tmp_path / "log"
    _wrapper(form.env_dir, log)
    env = {**_environment(tmp_path, form), "CLAUDE_PROJECT_DIR": str(form.cwd)}
    payload = json.dumps({"hook_event_name": "Stop", "cwd": str(form.cwd), "session_id": "s"})
    run_sh = form.home / "hooks" / "run.sh"
    done = subprocess.run(["sh", str(run_sh), "stop"], input=payload, env=env, capture_output=True, text=True)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert _started(log) == [os.path.realpath(form.env_dir / "bin" / "python")]


@pytest.mark.parametrize("name", FORMS)
def test_python_finds_the_environment_where_the_launcher_does(
    name: str, repo: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    form = FORMS[name](repo, tmp_path)
    for variable, value in _environment(tmp_path, form).items():
        monkeypatch.setenv(variable, value)
    if "BATCHGATE_VENV" not in form.extra:
        monkeypatch.delenv("BATCHGATE_VENV", raising=False)
    assert os.path.realpath(environment_dir(str(form.home))) == os.path.realpath(form.env_dir)


def test_without_an_environment_and_without_python3_the_cli_says_so(repo: GitRepo, tmp_path: Path) -> None:
    form = _installed(repo, tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    env = {**isolated_env(tmp_path / "home", PATH=str(empty))}
    done = subprocess.run([str(_cli(form)), "doctor"], cwd=form.cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 3, done
    assert done.stderr.splitlines() == [
        "batchgate: python3 is not on PATH",
        "fix: install Python 3.10 or newer (python3), then run the command again",
    ]


def test_install_creates_the_environment_where_the_installed_launcher_looks(tmp_path: Path) -> None:
    """install.py makes the environment before it writes the archive: the place must not depend on the archive."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    home = repo / ".claude" / "batchgate"  # not there yet, as when install.py starts
    assert os.path.realpath(environment_dir(str(home))) == os.path.realpath(repo / ".git" / "batchgate" / "venv")
