"""install.py without --no-env: the hooks' environment is created at once; a pip failure changes nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.install.helpers import install, isolated_env, visible_files, whole_tree
from tests.support.gitrepo import GitRepo


@pytest.mark.slow
def test_install_creates_the_environment(repo: GitRepo, tmp_path: Path, home: Path) -> None:
    venv = tmp_path / "venv"
    done = install(repo, env=isolated_env(home, BATCHGATE_VENV=str(venv)), no_env=False)
    assert done.code == 0, done.stderr
    assert f"environment: ready in {venv}" in done.stdout
    python = venv / "bin" / "python"
    imports = subprocess.run([str(python), "-c", "import mistune, git, yaml, jsonschema"], check=False)
    assert imports.returncode == 0
    first = visible_files(repo)
    assert install(repo, env=isolated_env(home, BATCHGATE_VENV=str(venv)), no_env=False).code == 0
    assert visible_files(repo) == first
    assert not any(str(venv) in (repo.root / rel).read_text(errors="replace") for rel in first)


@pytest.mark.slow
def test_a_pip_failure_exits_3_and_writes_nothing_in_the_work_tree(repo: GitRepo, tmp_path: Path, home: Path) -> None:
    empty = tmp_path / "no-wheels"
    empty.mkdir()
    env = isolated_env(
        home,
        BATCHGATE_VENV=str(tmp_path / "venv"),
        PIP_CONFIG_FILE="/dev/null",
        PIP_NO_INDEX="1",
        PIP_FIND_LINKS=str(empty),
    )
    before = {k: v for k, v in whole_tree(repo.root).items() if not k.startswith(".git/")}
    done = install(repo, env=env, no_env=False)
    assert done.code == 3, done.stderr
    assert "could not install batchgate's dependencies" in done.stderr and "fix:" in done.stderr
    assert {k: v for k, v in whole_tree(repo.root).items() if not k.startswith(".git/")} == before


def test_no_env_leaves_the_environment_to_first_use(repo: GitRepo, home: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    assert install(repo, env=isolated_env(home, BATCHGATE_VENV=str(venv))).code == 0
    assert not venv.exists()
    manifest = json.loads(repo.read(".claude/batchgate/manifest.json"))
    assert ".claude/batchgate/requirements.txt" in manifest["files"]  # bin/batchgate creates it on first use
