"""`batchgate doctor`: each check, its fix, the exit codes, and JSON that validates."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tests.install.helpers import install, isolated_env
from tests.support.gitrepo import GitRepo
from tests.support.paths import CLI, ROOT

_VENV_BIN = str(Path(sys.executable).parent)


def doctor(cwd: Path, home: Path, *args: str, path: str | None = None) -> tuple[int, Any, str]:
    """The checkout's `batchgate doctor --json` in `cwd`, with a python3 that has the dependencies on PATH."""
    env = isolated_env(home, PATH=path or os.pathsep.join([_VENV_BIN, os.environ.get("PATH", "")]))
    done = subprocess.run(
        [sys.executable, str(CLI), *args, "doctor", "--json"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    report = json.loads(done.stdout)
    schema = json.loads((ROOT / "schemas/report.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(report)
    return done.returncode, report, done.stderr


def by_name(report: Any) -> dict[str, Any]:
    """Checks keyed by name."""
    return {check["name"]: check for check in report["checks"]}


@pytest.fixture
def installed(repo: GitRepo) -> GitRepo:
    """A repository with batchgate installed and a build tool that exists everywhere (git)."""
    repo.write(".claude/batchgate.yaml", "build:\n  command: git --version\n  timeout_s: 600\n")
    assert install(repo).code == 0
    return repo


def test_a_healthy_installation_passes(installed: GitRepo, home: Path) -> None:
    code, report, _ = doctor(installed.root, home)
    assert [c for c in report["checks"] if c["status"] != "ok"] == []
    assert code == 0 and report["ok"] is True
    names = set(by_name(report))
    assert {"git", "python3", "environment", "build tool", "hook timeout", "installed copy"} <= names
    assert {f"hook {e}" for e in ("SubagentStop", "Stop", "PreToolUse", "PostToolUse", "SessionStart")} <= names


def test_minus_c_points_doctor_at_another_repository(installed: GitRepo, home: Path, tmp_path: Path) -> None:
    code, report, _ = doctor(tmp_path, home, "-C", str(installed.root))
    assert code == 0, report


def test_a_missing_build_tool_fails_with_the_fix(installed: GitRepo, home: Path) -> None:
    installed.write(".claude/batchgate.yaml", "build:\n  command: no-such-build-tool-xyz run\n")
    code, report, _ = doctor(installed.root, home)
    check = by_name(report)["build tool"]
    assert code == 1 and check["status"] == "failed"
    assert "no-such-build-tool-xyz" in check["detail"] and "build.command" in check["fix"]


def test_a_hook_timeout_below_the_build_timeout_fails(installed: GitRepo, home: Path) -> None:
    installed.write(".claude/batchgate.yaml", "build:\n  command: git --version\n  timeout_s: 3600\n")
    code, report, _ = doctor(installed.root, home)
    check = by_name(report)["hook timeout"]
    assert code == 1 and check["status"] == "failed"
    assert "3900" in check["fix"] and ".claude/settings.json" in check["fix"]


def test_a_repository_without_batchgate_gets_the_install_command(repo: GitRepo, home: Path) -> None:
    code, report, _ = doctor(repo.root, home)
    checks = by_name(report)
    assert code == 1
    assert checks["hook Stop"]["status"] == "failed"
    assert f"python3 {ROOT / 'install.py'} {os.path.realpath(repo.root)}" in checks["hook Stop"]["fix"]
    assert checks["installed copy"]["status"] == "warning"


def test_missing_and_edited_installed_files(installed: GitRepo, home: Path) -> None:
    installed.write(".claude/commands/phase-7-completion.md", "edited\n")
    _, report, _ = doctor(installed.root, home)
    assert by_name(report)["installed copy"]["status"] == "warning"
    os.unlink(installed.root / ".claude/batchgate/hooks/run.sh")
    code, report, _ = doctor(installed.root, home)
    checks = by_name(report)
    assert code == 1
    assert checks["installed copy"]["status"] == "failed"
    assert checks["hook Stop"]["status"] == "failed" and "does not exist" in checks["hook Stop"]["detail"]


def test_malformed_settings_are_named_with_line_and_column(installed: GitRepo, home: Path) -> None:
    installed.write(".claude/settings.json", '{\n  "hooks": {,\n}\n')
    code, report, _ = doctor(installed.root, home)
    check = by_name(report)["settings .claude/settings.json"]
    assert code == 1 and check["status"] == "failed" and "line 2 column" in check["detail"]


def test_outside_a_work_tree(tmp_path: Path, home: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    code, report, _ = doctor(plain, home)
    checks = by_name(report)
    assert code == 1
    assert checks["git"]["status"] == "failed"
    assert checks["hooks"]["status"] == "could-not-check"


def test_the_environment_check_gives_the_command_that_creates_it(
    installed: GitRepo, home: Path, bare_path: str
) -> None:
    _, report, _ = doctor(installed.root, home, path=bare_path)
    check = by_name(report)["environment"]
    assert check["status"] == "failed"
    assert "python3 .claude/batchgate/bin/batchgate doctor" in check["fix"]


def test_wiring_by_the_plugin_counts(repo: GitRepo, home: Path) -> None:
    repo.write(".claude/settings.json", json.dumps({"enabledPlugins": {"batchgate@batchgate": True}}))
    _, report, _ = doctor(repo.root, home)
    checks = by_name(report)
    assert checks["hook SubagentStop"]["status"] == "ok" and "plugin" in checks["hook SubagentStop"]["detail"]
    assert checks["installed copy"]["status"] == "ok"


def test_text_output_has_a_fix_line_per_problem(repo: GitRepo, home: Path) -> None:
    env = isolated_env(home)
    done = subprocess.run([sys.executable, str(CLI), "doctor"], cwd=repo.root, env=env, capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert any(line.startswith("FAILED") and "hook Stop" in line for line in lines)
    assert any("fix: install (again): python3" in line for line in lines)
    assert lines[-1].startswith("doctor: ")


@pytest.mark.parametrize(
    ("matcher", "status", "words"),
    [
        pytest.param("Bash", "failed", "Write, Edit, MultiEdit, NotebookEdit calls go unchecked", id="bash-only"),
        pytest.param("Bash|Edit", "failed", "Write, MultiEdit, NotebookEdit calls go unchecked", id="some-tools"),
        pytest.param(
            ".*", "warning", "batchgate expects 'Bash|Write|Edit|MultiEdit|NotebookEdit'", id="match-all-regex"
        ),
    ],
)
def test_a_pretooluse_matcher_that_misses_the_file_tools(
    installed: GitRepo, home: Path, matcher: str, status: str, words: str
) -> None:
    data = json.loads(installed.read(".claude/settings.json"))
    (group,) = data["hooks"]["PreToolUse"]
    group["matcher"] = matcher  # as an install older than the file-tool guard wrote it, or a user's edit
    installed.write(".claude/settings.json", json.dumps(data, indent=2) + "\n")
    _code, report, _ = doctor(installed.root, home)
    check = by_name(report)["hook PreToolUse"]
    assert check["status"] == status and words in check["detail"], check
    assert "reinstall" in check["fix"]
    assert install(installed).code == 0  # installing again puts the matcher back
    _code, report, _ = doctor(installed.root, home)
    assert by_name(report)["hook PreToolUse"]["status"] == "ok"
