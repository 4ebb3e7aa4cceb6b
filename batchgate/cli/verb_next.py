"""`batchgate next TASK_ID [--role backend|frontend] [--json]`: the next batch, or the next command."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_OK
from batchgate.report.progress import next_json, next_text
from batchgate.workflow.progress import next_step
from batchgate.workflow.workspace import Workspace


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("next", help="the next batch for a developer, or the next command")
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--role", choices=("backend", "frontend"), default="backend")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Print the next step."""
    ws = Workspace.open()
    step = next_step(ws.plan(args.task_id), args.task_id, args.role, ws.config, ws.run())
    print_json(next_json(step, args.task_id)) if args.json else print_text(next_text(step))
    return EXIT_OK
