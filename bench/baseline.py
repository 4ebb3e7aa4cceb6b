"""The baseline: a clean virtual environment holding only the four dependencies, at batchgate's pinned versions.

Made once with the system python3 and pip, and kept in `.cache/bench/` (keyed
by requirements.txt), so later runs start at once.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

IMPORTS = "import git, yaml, mistune, jsonschema"


def baseline_python(checkout: Path, cache: Path) -> Path:
    """The interpreter of the clean environment (created on first use)."""
    requirements = checkout / "requirements.txt"
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:12]
    env = cache / f"baseline-{digest}"
    python = env / "bin" / "python"
    if (env / "ready").exists():
        return python
    shutil.rmtree(env, ignore_errors=True)
    system = shutil.which("python3") or sys.executable
    print(f"bench: creating the baseline environment in {env} (first run only)", file=sys.stderr)
    subprocess.run([system, "-m", "venv", str(env)], check=True, capture_output=True)
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", "-r", str(requirements)]
    subprocess.run(pip, check=True)
    subprocess.run([str(python), "-c", IMPORTS], check=True)
    (env / "ready").write_text(digest, encoding="utf-8")
    return python
