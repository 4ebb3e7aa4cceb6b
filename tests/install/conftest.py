"""Fixtures for the installer tests: a python3 without batchgate's dependencies, on PATH."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.install.helpers import freeze_checkout


@pytest.fixture(scope="session", autouse=True)
def frozen_checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every installer test installs from one copy of the checkout, taken at the start."""
    return freeze_checkout(tmp_path_factory.mktemp("checkout"))


@pytest.fixture(scope="session")
def bare_path(tmp_path_factory: pytest.TempPathFactory) -> str:
    """PATH whose `python3` is a fresh venv without pip or packages: what a teammate's clone meets."""
    venv = tmp_path_factory.mktemp("bare") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    return os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", "")])


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A HOME for subprocesses (never the real ~/.claude)."""
    path = tmp_path / "home"
    path.mkdir(exist_ok=True)
    return path
