"""`batchgate verify TASK_ID [--batch ID] [--json]`: every gate on the batch; exit 0/1/3."""

from __future__ import annotations

import argparse
import time
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.report.verification import report_json, report_text
from batchgate.workflow.history import VERIFY, record_verification
from batchgate.workflow.verify import verify
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("verify", help="run every gate on a batch (default: the active run's)")
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--batch", metavar="ID")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Verify and print the report."""
    ws, started = Workspace.open(), time.monotonic()
    report = verify(ws, args.task_id, args.batch)
    record_verification(ws, report, VERIFY, started)
    print_json(report_json(report)) if args.json else print_text(report_text(report))
    return report.exit_code
