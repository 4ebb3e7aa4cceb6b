"""Pinned npm packages for the tests (nx, typescript): installed once into `.cache/`, like the Claude Code CLI.

`install_packages(name, specs)` returns an install prefix holding `node_modules`,
`package.json` and `package-lock.json`, installing it first (under an flock, so
pytest-xdist workers share one copy) if this checkout has none yet. It skips the
calling test with the reason where npm is missing or the registry cannot be
reached; any other install failure fails loudly.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.e2e.claude_cli import _locked, npm_install
from tests.support.paths import ROOT

CACHE_DIR = Path(os.environ.get("BATCHGATE_NPM_CACHE", ROOT / ".cache" / "npm-packages"))


def install_packages(name: str, specs: tuple[str, ...]) -> Path:
    """The prefix with `specs` installed (`name` names the set: change it when the pins change)."""
    prefix = CACHE_DIR / name
    marker = prefix / ".installed"
    with _locked(CACHE_DIR / ".install.lock"):
        if marker.is_file() and (prefix / "node_modules").is_dir():
            return prefix
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip(f"npm is not on PATH: cannot install {' '.join(specs)}")
        partial = CACHE_DIR / f"{name}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        partial.mkdir(parents=True)
        (partial / "package.json").write_text('{"name": "batchgate-test-workspace", "private": true}\n')
        npm_install(npm, partial, specs)
        shutil.rmtree(prefix, ignore_errors=True)
        partial.rename(prefix)
        marker.write_text(" ".join(specs) + "\n", encoding="utf-8")
        return prefix
