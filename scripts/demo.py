#!/usr/bin/env python3
"""The one-minute tour: a throwaway repository, a cheating developer blocked
by the real hooks, an honest one let through, the batch completed."""

import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
sys.path.insert(0, ROOT)

from batchgate.bootstrap import reexec_in_environment  # noqa: E402

reexec_in_environment(ROOT, [os.path.join(ROOT, "requirements.txt")], [os.path.realpath(__file__), *sys.argv[1:]])

from batchgate.demo import main  # noqa: E402

sys.exit(main(sys.argv[1:]))
