"""`batchgate stats [TASK_ID] [--json]`: attempts, blocks and failure reasons from the verification history."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_OK
from batchgate.report.stats import stats_json, stats_text
from batchgate.workflow.stats import stats
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("stats", help="per batch and per gate: attempts, blocks, why, how long (from history)")
    parser.add_argument("task_id", metavar="TASK_ID", nargs="?")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the figures."""
    report = stats(Workspace.open(), args.task_id)
    print_json(stats_json(report)) if args.json else print_text(stats_text(report))
    return EXIT_OK
