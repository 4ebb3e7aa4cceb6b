"""`batchgate brief COMMAND [--role R] < ARGUMENTS`: the slash command's first-turn briefing.

Reads the command's raw arguments on stdin (so they never pass through a
shell) and always exits 0: an inline command that fails would cancel the
slash command silently, so a bad TASK_ID must reach the model as a usage line.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from batchgate.cli.output import print_text
from batchgate.errors import EXIT_OK
from batchgate.report.brief import briefing_text
from batchgate.workflow.brief import brief


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("brief", help="the slash commands' briefing (arguments on stdin; always exits 0)")
    parser.add_argument("command", metavar="COMMAND", help="the slash command, e.g. /phase-6-backend-execution")
    parser.add_argument("--role", choices=("backend", "frontend", "completion"), default="backend")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the briefing."""
    arguments = sys.stdin.read(4096) if not sys.stdin.isatty() else ""
    print_text(briefing_text(brief(".", args.command, arguments.strip(), args.role)))
    return EXIT_OK
