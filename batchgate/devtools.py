"""The test command's steps (a surface for contributors, not for users)."""

from __future__ import annotations

import os
import subprocess
import sys

from batchgate.bootstrap import ensure_environment
from batchgate.errors import BatchgateError

PYTEST_NOTHING_COLLECTED = 5


def run_checks(root: str, pytest_args: list[str]) -> int:
    """ruff, mypy, pytest in the project's environment; the first failure's code."""
    requirements = [os.path.join(root, name) for name in ("requirements.txt", "requirements-dev.txt")]
    try:
        python = ensure_environment(root, requirements)
    except BatchgateError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    steps = [
        ("ruff", [python, "-m", "ruff", "check", "."]),
        ("mypy", [python, "-m", "mypy"]),
        ("pytest", [python, "-m", "pytest", *_parallel(pytest_args)]),
    ]
    for name, command in steps:
        print(f"== {name}: {' '.join(command[1:])}", flush=True)
        code = subprocess.run(command, cwd=root, check=False).returncode
        if code == PYTEST_NOTHING_COLLECTED and name == "pytest":
            print("pytest collected no tests: that is a failure, not a pass", file=sys.stderr)
            return 1
        if code != 0:
            print(f"== {name} failed (exit {code})", file=sys.stderr)
            return code
    return 0


def _parallel(pytest_args: list[str]) -> list[str]:
    """Run on every core (pytest-xdist) unless the caller chose otherwise."""
    chosen = any(arg == "-n" or arg.startswith(("-n", "--numprocesses", "-p")) for arg in pytest_args)
    return pytest_args if chosen else ["-n", "auto", *pytest_args]
