"""`batchgate assign TASK_ID [--batch ID] [--role R] [--json]`: prerequisites, IN PROGRESS, base, prompt."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_FAILED, EXIT_OK
from batchgate.report.assignment import assignment_json, assignment_text
from batchgate.workflow.assign import assign
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("assign", help="assign the next batch: prerequisites, IN PROGRESS, base commit, prompt")
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--batch", metavar="ID", help="this batch instead of the next one")
    parser.add_argument("--role", choices=("backend", "frontend"), default="backend")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Assign and print the checklist and prompt; exit 1 when a prerequisite is unmet."""
    report = assign(Workspace.open(), args.task_id, args.batch, args.role)
    print_json(assignment_json(report)) if args.json else print_text(assignment_text(report))
    return EXIT_OK if report.ok else EXIT_FAILED
