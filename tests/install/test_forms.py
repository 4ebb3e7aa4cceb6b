"""`batchgate doctor` tells the installed form from the plugin, says which is active, and warns when both are."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.install.helpers import checkout, install, isolated_env
from tests.support.gitrepo import GitRepo
from tests.support.paths import ROOT

ENABLED = {"enabledPlugins": {"batchgate@batchgate": True}}


def _plugin_copy(tmp_path: Path) -> Path:
    """A plugin's folder as Claude Code keeps it: the repository's files, no .git."""
    plugin = shutil.copytree(checkout(), tmp_path / "plugin", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / ".claude-plugin", plugin / ".claude-plugin")
    shutil.copy2(ROOT / "pyproject.toml", plugin / "pyproject.toml")
    return plugin


def _doctor(repo: GitRepo, home: Path, cli: Path) -> tuple[int, dict[str, Any]]:
    env = isolated_env(home, BATCHGATE_VENV=sys.prefix)
    done = subprocess.run(
        [sys.executable, str(cli), "doctor", "--json"], cwd=repo.root, env=env, capture_output=True, text=True
    )
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    jsonschema.Draft202012Validator(json.loads((ROOT / "schemas/report.schema.json").read_text())).validate(report)
    return done.returncode, {check["name"]: check for check in report["checks"]}


def _installed(repo: GitRepo, home: Path, tmp_path: Path) -> Path:
    assert install(repo).code == 0
    return repo.root / ".claude/batchgate/bin/batchgate"


def _installed_and_user_plugin(repo: GitRepo, home: Path, tmp_path: Path) -> Path:
    (home / ".claude").mkdir()
    (home / ".claude" / "settings.json").write_text(json.dumps(ENABLED))
    return _installed(repo, home, tmp_path)


def _installed_and_team_plugin(repo: GitRepo, home: Path, tmp_path: Path) -> Path:
    cli = _installed(repo, home, tmp_path)
    data = json.loads(repo.read(".claude/settings.json"))
    repo.write(".claude/settings.json", json.dumps({**data, **ENABLED}))
    return cli


def _plugin_session(repo: GitRepo, home: Path, tmp_path: Path) -> Path:
    return _plugin_copy(tmp_path) / "scripts" / "batchgate"


def _neither(repo: GitRepo, home: Path, tmp_path: Path) -> Path:
    return ROOT / "scripts" / "batchgate"


CASES: list[tuple[str, Callable[[GitRepo, Path, Path], Path], str, str]] = [
    ("installed", _installed, "ok", "installed with install.py"),
    ("installed+user-plugin", _installed_and_user_plugin, "warning", "every hook runs twice"),
    ("installed+team-plugin", _installed_and_team_plugin, "warning", "every hook runs twice"),
    ("plugin-only", _plugin_session, "ok", "the plugin (this batchgate runs from a plugin copy"),
    ("neither", _neither, "failed", "neither installed"),
]


@pytest.mark.parametrize(("setup", "status", "says"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_doctor_names_the_active_form(
    setup: Callable[[GitRepo, Path, Path], Path], status: str, says: str, repo: GitRepo, home: Path, tmp_path: Path
) -> None:
    code, checks = _doctor(repo, home, setup(repo, home, tmp_path))
    assert checks["forms"]["status"] == status and says in checks["forms"]["detail"], checks["forms"]
    if status != "ok":
        assert checks["forms"]["fix"], checks["forms"]
    if status == "failed":
        assert code == 1
    if status == "warning":
        assert "disable the plugin" in checks["forms"]["fix"] and "--uninstall" in checks["forms"]["fix"]


def test_a_plugin_session_passes_the_hook_checks_without_an_install(repo: GitRepo, home: Path, tmp_path: Path) -> None:
    _code, checks = _doctor(repo, home, _plugin_session(repo, home, tmp_path))
    for event in ("SubagentStop", "Stop", "PreToolUse", "PostToolUse", "SessionStart"):
        assert checks[f"hook {event}"]["status"] == "ok", checks[f"hook {event}"]
    assert checks["installed copy"]["status"] == "ok" and "plugin" in checks["installed copy"]["detail"]
    assert not os.path.exists(repo.root / ".claude")
