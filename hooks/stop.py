#!/usr/bin/env python3
"""Claude Code hook entry point; see batchgate/hooks/stop.py."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))

from batchgate.hooks.stop import main

main(os.path.realpath(__file__))
