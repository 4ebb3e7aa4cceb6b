#!/usr/bin/env python3
"""Run every check batchgate has: ruff, mypy --strict, then pytest.

Creates `.venv` with the pinned dependencies on first run. Arguments are
passed to pytest (`python3 scripts/test.py -k lint -x`).
"""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
sys.path.insert(0, ROOT)

from batchgate.devtools import run_checks  # noqa: E402

sys.exit(run_checks(ROOT, sys.argv[1:]))
