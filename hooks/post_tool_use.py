#!/usr/bin/env python3
"""Claude Code hook entry point; see batchgate/hooks/post_tool_use.py."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.realpath(__file__))))

from batchgate.hooks.post_tool_use import main

main(os.path.realpath(__file__))
