"""`batchgate complete TASK_ID [--batch ID] [--json]`: verify, mark complete with the SHA, say what is next."""

from __future__ import annotations

import argparse
import time
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_OK
from batchgate.report.assignment import completion_json, completion_text
from batchgate.workflow.complete import complete
from batchgate.workflow.history import COMPLETE, record_verification
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("complete", help="verify, then mark the batch complete with its SHA; print the next step")
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--batch", metavar="ID")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Complete; exit like verify when a gate does not pass (tasks.md unchanged then)."""
    ws, started = Workspace.open(), time.monotonic()
    report = complete(ws, args.task_id, args.batch)
    record_verification(ws, report.verification, COMPLETE, started)
    print_json(completion_json(report)) if args.json else print_text(completion_text(report))
    return EXIT_OK if report.ok else report.verification.exit_code
