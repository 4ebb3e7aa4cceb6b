"""A teammate clones a repository after the install was committed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.install.helpers import install, isolated_env, our_handlers, run_hook, settings
from tests.support.gitrepo import GitRepo
from tests.support.paths import ROOT


def _clone(repo: GitRepo, tmp_path: Path) -> GitRepo:
    install(repo)
    repo.commit("chore: install batchgate")
    target = tmp_path / "teammate"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(target)], check=True)
    return GitRepo(target)


def _doctor(clone: GitRepo, python: str, env: dict[str, str]) -> tuple[int, dict[str, Any], str]:
    launcher = clone.root / ".claude/batchgate/bin/batchgate"
    done = subprocess.run(
        [python, str(launcher), "doctor", "--json"],
        cwd=clone.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    schema = json.loads((ROOT / "schemas/report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    return done.returncode, report, done.stderr


def test_hooks_run_in_a_fresh_clone(repo: GitRepo, tmp_path: Path, home: Path, bare_path: str) -> None:
    clone = _clone(repo, tmp_path)
    assert not (clone.root / ".git/batchgate").exists()
    for event, _m, handler in our_handlers(settings(clone)):
        done = run_hook(handler["command"], "sh", clone.root, event, home, path=bare_path)
        assert done.code == 0 and "Traceback" not in done.stderr, (event, done.stderr)
    assert clone.git("status", "--porcelain") == ""


def test_doctor_in_a_fresh_clone_says_what_to_finish(repo: GitRepo, tmp_path: Path, home: Path, bare_path: str) -> None:
    clone = _clone(repo, tmp_path)
    env = isolated_env(home, PATH=bare_path)
    code, report, _stderr = _doctor(clone, sys.executable, env)
    checks = {c["name"]: c for c in report["checks"]}
    assert code == 1 and report["ok"] is False
    assert checks["environment"]["status"] == "failed"
    assert "python3 .claude/batchgate/bin/batchgate doctor" in checks["environment"]["fix"]
    for name in ("git", "hook SubagentStop", "hook Stop", "hook PreToolUse", "hook PostToolUse", "hook SessionStart"):
        assert checks[name]["status"] == "ok", checks[name]
    assert checks["installed copy"]["status"] == "ok"
    assert all(c["fix"] for c in report["checks"] if c["status"] in ("failed", "could-not-check"))


def test_committed_files_name_no_path_of_the_installing_machine(repo: GitRepo, tmp_path: Path) -> None:
    clone = _clone(repo, tmp_path)
    found = subprocess.run(["git", "grep", "-l", "-F", str(tmp_path)], cwd=clone.root, capture_output=True, text=True)
    assert found.stdout == ""


@pytest.mark.slow
def test_teammate_finishes_the_set_up_with_one_command(
    repo: GitRepo, tmp_path: Path, home: Path, bare_path: str
) -> None:
    """Really creates the environment with pip (into a BATCHGATE_VENV in tmp)."""
    clone = _clone(repo, tmp_path)
    env = isolated_env(home, PATH=bare_path, BATCHGATE_VENV=str(tmp_path / "venv"))
    code, report, stderr = _doctor(clone, "python3", env)
    assert "setting up its Python environment" in stderr
    checks = {c["name"]: c for c in report["checks"]}
    assert checks["environment"]["status"] == "ok", checks["environment"]
    failed = [c for c in report["checks"] if c["status"] in ("failed", "could-not-check")]
    assert all(c["fix"] for c in failed)
    assert code == (1 if failed else 0)
    for event, _m, handler in our_handlers(settings(clone)):
        done = run_hook(handler["command"], "bash", clone.root, event, home, path=bare_path)
        assert done.code == 0 and "Traceback" not in done.stderr, (event, done.stderr)
