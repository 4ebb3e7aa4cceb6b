"""`batchgate audit TASK_ID... | --all [--json]`: recorded SHAs resolve, are reachable, touched the files."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_COULD_NOT_CHECK, EXIT_FAILED, EXIT_OK, UsageError
from batchgate.report.audit import OK, PROBLEM, audit_json, audit_text, audit_verdict
from batchgate.workflow.audit import audit
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("audit", help="check the recorded history of past batches")
    parser.add_argument("task_ids", nargs="*", metavar="TASK_ID")
    parser.add_argument("--all", action="store_true", help="every plan under task-tracking/")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Audit and print; exit 1 on a problem, 3 when something could not be checked."""
    if not args.task_ids and not args.all:
        raise UsageError("audit needs TASK_ID(s) or --all", "batchgate audit TASK_2025_001, or batchgate audit --all")
    results = audit(Workspace.open(), args.task_ids, args.all)
    print_json(audit_json(results)) if args.json else print_text(audit_text(results))
    verdict = audit_verdict(results)
    return EXIT_OK if verdict == OK else (EXIT_FAILED if verdict == PROBLEM else EXIT_COULD_NOT_CHECK)
