"""`batchgate fail TASK_ID --reason TEXT [--batch ID] [--json]`: document, mark failed, end the run."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_OK, UsageError
from batchgate.report.assignment import failure_json
from batchgate.workflow.fail import fail_batch
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("fail", help="document a failure in tasks.md, mark the batch failed, end the run")
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--reason", required=True, metavar="TEXT")
    parser.add_argument("--batch", metavar="ID")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Record the failure."""
    if not args.reason.strip():
        raise UsageError("--reason is empty", "say in a few words why the batch failed")
    doc = fail_batch(Workspace.open(), args.task_id, args.batch, args.reason)
    failed = next((b for b in doc.batches if b.status.value == "failed"), None)
    batch_id = args.batch or (failed.id if failed else "?")
    if args.json:
        print_json(failure_json(args.task_id, batch_id, args.reason))
    else:
        print_text(
            f"Batch {batch_id} of {args.task_id} marked FAILED; the reason is in tasks.md. Escalate to the user."
        )
    return EXIT_OK
