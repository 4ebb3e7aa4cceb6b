"""The plugin layout, the plugin's hooks.json, pre-commit, the shipped schema subset, pip install."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from batchgate import __version__
from batchgate.installer.bundle import AGENTS
from batchgate.installer.wiring import HOOKS
from tests.install.helpers import REFERENCE_SCHEMA, assert_schema_valid, isolated_env
from tests.support.gitrepo import GitRepo
from tests.support.paths import ROOT


def _pyproject(key: str) -> str:
    """A `key = "value"` line of pyproject.toml (tomllib is 3.11+, batchgate supports 3.10)."""
    found = re.search(rf'^{re.escape(key)} = "([^"]*)"', (ROOT / "pyproject.toml").read_text(encoding="utf-8"), re.M)
    assert found, key
    return found.group(1)


def _json(rel: str) -> Any:
    return json.loads((ROOT / rel).read_text(encoding="utf-8"))


def test_plugin_manifest() -> None:
    plugin = _json(".claude-plugin/plugin.json")
    assert plugin["name"] == "batchgate"
    assert plugin["version"] == __version__ == _pyproject("version")
    assert plugin["commands"] == "./plugin/commands/" and (ROOT / plugin["commands"]).is_dir()
    # Claude Code refuses to install a plugin whose "agents" is a folder: each file, ending in .md
    assert plugin["agents"] == [f"./plugin/agents/{name}.md" for name in AGENTS]
    assert all((ROOT / agent).is_file() for agent in plugin["agents"])
    assert "hooks" not in plugin  # hooks/hooks.json is loaded on its own; naming it again duplicates it
    assert sorted(p.name for p in (ROOT / ".claude-plugin").iterdir()) == ["marketplace.json", "plugin.json"]


def test_plugin_hooks_match_what_install_writes() -> None:
    hooks = _json("hooks/hooks.json")
    assert_schema_valid({"hooks": hooks["hooks"]})
    assert list(hooks["hooks"]) == [spec.event for spec in HOOKS]
    for spec in HOOKS:
        (group,) = hooks["hooks"][spec.event]
        assert group.get("matcher") == spec.matcher
        (handler,) = group["hooks"]
        assert handler == {
            "type": "command",
            "command": f'sh "${{CLAUDE_PLUGIN_ROOT}}/hooks/run.sh" {spec.module}',
            "timeout": spec.timeout,
        }
        assert (ROOT / "hooks" / f"{spec.module}.py").is_file() and (ROOT / "hooks" / "run.sh").is_file()


@pytest.mark.parametrize("shell", ["sh", "bash"])
def test_plugin_hook_commands_run(shell: str, repo: GitRepo, home: Path) -> None:
    for spec in HOOKS:
        (group,) = _json("hooks/hooks.json")["hooks"][spec.event]
        payload = json.dumps({"hook_event_name": spec.event, "cwd": str(repo.root)})
        env = isolated_env(home, CLAUDE_PLUGIN_ROOT=str(ROOT), CLAUDE_PROJECT_DIR=str(repo.root))
        done = subprocess.run(
            [shell, "-c", group["hooks"][0]["command"]],
            input=payload,
            cwd=repo.root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0 and "Traceback" not in done.stderr, (spec.event, done.stderr)


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "batchgate-lint" and hook["entry"] == "batchgate lint" and hook["language"] == "python"
    pattern = re.compile(hook["files"])
    for path in ("task-tracking/TASK_1/tasks.md", "apps/x/task-tracking/T-2/tasks.md"):
        assert pattern.search(path), path
    for path in ("task-tracking/tasks.md", "task-tracking/T/sub/tasks.md", "my-task-tracking/T/tasks.md", "x/tasks.md"):
        assert not pattern.search(path), path
    assert _pyproject("batchgate") == "batchgate.cli.main:console_main"


def test_shipped_settings_schema_is_the_reference_verbatim() -> None:
    shipped = _json("schemas/claude-settings.schema.json")
    jsonschema.Draft7Validator.check_schema(shipped)
    assert "3b6446ad8a077bac56f4a4796c0b7fd88927fc8e" in shipped["$comment"]
    if not REFERENCE_SCHEMA.is_file():
        pytest.skip(
            f"the reference schema is not here ({REFERENCE_SCHEMA}); it exists only beside the project's checkout"
        )
    reference = json.loads(REFERENCE_SCHEMA.read_text(encoding="utf-8"))
    assert shipped["properties"]["hooks"] == reference["properties"]["hooks"]
    for name, definition in shipped["$defs"].items():
        assert definition == reference["$defs"][name]
    assert shipped["additionalProperties"] == reference["additionalProperties"]


@pytest.mark.slow
def test_pip_install_gives_a_working_console_script(tmp_path: Path, home: Path) -> None:
    """`pip install .` into a throwaway venv (from a copy: pip would write build/ into the checkout)."""
    source = tmp_path / "src"
    ignore = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*_cache", "build", "*.egg-info")
    shutil.copytree(ROOT, source, ignore=ignore)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = subprocess.run(
        [str(venv / "bin/python"), "-m", "pip", "install", "-q", str(source)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert pip.returncode == 0, pip.stderr[-2000:]
    plan = tmp_path / "task-tracking" / "T1" / "tasks.md"
    plan.parent.mkdir(parents=True)
    plan.write_text("# Tasks\n\n## Batch 1: one\n\n### Task 1.1: a\n\n**Status**: PENDING\n", encoding="utf-8")
    done = subprocess.run(
        [str(venv / "bin/batchgate"), "lint", str(plan)], capture_output=True, text=True, env=isolated_env(home)
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 1), done.stderr
