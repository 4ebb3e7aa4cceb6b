"""`batchgate parse PATH [--json]`: the model of one tasks.md."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_OK
from batchgate.model.serialize import doc_to_json
from batchgate.workflow.plan import read_plan


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("parse", help="print the model of one tasks.md")
    parser.add_argument("path", metavar="PATH")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/tasks.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Parse and print."""
    doc = read_plan(args.path)
    if args.json:
        print_json(doc_to_json(doc))
    else:
        from batchgate.report.plan import plan_text  # the text view only: --json, the usual call, skips it

        print_text(plan_text(doc))
    return EXIT_OK
