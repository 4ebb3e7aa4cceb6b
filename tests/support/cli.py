"""Run the real `scripts/batchgate` as a subprocess, the way users and hooks do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.paths import CLI


@dataclass(frozen=True)
class Result:
    """Exit code and output of one command."""

    code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """stdout parsed as JSON."""
        return json.loads(self.stdout)


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None, timeout: float = 120) -> Result:
    """`batchgate ARGS` in `cwd`, with the test interpreter (which has the dependencies)."""
    full_env = {**os.environ, **(env or {})}
    done = subprocess.run(
        [sys.executable, str(CLI), *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout
    )
    return Result(done.returncode, done.stdout, done.stderr)
