"""`batchgate status TASK_ID [--json]`: batches, statuses, commits, the active run."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_OK
from batchgate.report.progress import status_json, status_text
from batchgate.workflow.progress import status
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("status", help="batches, statuses, commits and the active run of a task")
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print where the task stands."""
    report = status(Workspace.open(), args.task_id)
    print_json(status_json(report)) if args.json else print_text(status_text(report))
    return EXIT_OK
