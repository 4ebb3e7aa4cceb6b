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
import subprocess
from pathlib import Path

import pytest

from tests.e2e.claude_cli import _NETWORK_ERRORS, _locked
from tests.support.paths import ROOT

CACHE_DIR = Path(os.environ.get("BATCHGATE_NPM_CACHE", ROOT / ".cache" / "npm-packages"))
INSTALL_TIMEOUT = 600


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
        _npm_install(npm, partial, specs)
        shutil.rmtree(prefix, ignore_errors=True)
        partial.rename(prefix)
        marker.write_text(" ".join(specs) + "\n", encoding="utf-8")
        return prefix


def _npm_install(npm: str, prefix: Path, specs: tuple[str, ...]) -> None:
    argv = [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error", *specs]
    # Fail fast where the registry is unreachable (npm's default backoff waits ~70 s); the user's settings win.
    quick = {"npm_config_fetch_retries": "1", "npm_config_fetch_retry_mintimeout": "2000"}
    env = {**quick, "npm_config_fetch_retry_maxtimeout": "5000", **os.environ, "npm_config_update_notifier": "false"}
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm registry unreachable: `npm install {' '.join(specs)}` timed out after {INSTALL_TIMEOUT} s")
    if done.returncode == 0:
        return
    output = (done.stderr + done.stdout).strip()
    if _NETWORK_ERRORS.search(output):
        lines = [line for line in output.splitlines() if _NETWORK_ERRORS.search(line)]
        pytest.skip(f"npm registry unreachable, cannot install {' '.join(specs)}: {' | '.join(lines[:2])}")
    pytest.fail(f"`npm install {' '.join(specs)}` failed (exit {done.returncode}):\n{output[-4000:]}")
