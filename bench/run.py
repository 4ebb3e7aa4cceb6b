#!/usr/bin/env python3
"""batchgate's benchmarks: every figure a ratio to a baseline measured in the same run.

    python3 bench/run.py            (creates .venv on first run, like the test command)

The machines are noisy, so nothing here is a pass/fail assertion: it prints
a table for the README. Absolute times are shown for context only.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from batchgate.bootstrap import reexec_in_environment  # noqa: E402

reexec_in_environment(str(ROOT), [str(ROOT / "requirements.txt")], [str(Path(__file__).resolve()), *sys.argv[1:]])

from bench.scenarios import all_rows  # noqa: E402


def main() -> int:
    """Measure and print the table."""
    with tempfile.TemporaryDirectory(prefix="batchgate-bench-") as scratch:
        os.environ["XDG_STATE_HOME"] = os.path.join(scratch, "state")  # batchgate's per-user records: not the real ones
        rows = all_rows(Path(scratch))
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'ratio':>7}  {'target':>8}  detail")
    for name, ratio, target, detail in rows:
        print(f"{name:<{width}}  {ratio:>7.2f}  {target:>8}  {detail}")
    return 0


if __name__ == "__main__":
    # Measure as on a user's machine: Python caches compiled modules (.pyc). With
    # PYTHONDONTWRITEBYTECODE set (any value), batchgate's own modules would be compiled
    # from source on every start while the dependencies' caches, made by pip, still load.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    sys.exit(main())
