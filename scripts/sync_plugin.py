#!/usr/bin/env python3
"""Write the plugin's commands and agents (plugin/) from the installed ones (.claude/); see installer/plugin.py."""

import os
import sys

CHECKOUT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
sys.path.insert(0, CHECKOUT)

from batchgate.fsutil import atomic_write  # noqa: E402
from batchgate.installer.plugin import plugin_files  # noqa: E402

for item in plugin_files(CHECKOUT):
    path = os.path.join(CHECKOUT, *item.path.split("/"))
    os.makedirs(os.path.dirname(path), exist_ok=True)
    atomic_write(path, item.data)
    print(f"wrote {item.path}")
