"""`batchgate lint PATH... [--json]`: structure problems; exit 1 if any is an error."""

from __future__ import annotations

import argparse
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_FAILED, EXIT_OK
from batchgate.report.plan import findings_json, findings_text
from batchgate.workflow.plan import lint_plan


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("lint", help="problems in tasks.md files, with line numbers")
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Lint each file; exit 1 when any has an error."""
    results = [lint_plan(path) for path in args.paths]
    if args.json:
        reports = [findings_json(r.doc.path, r.findings, r.ok) for r in results]
        print_json(
            reports[0]
            if len(reports) == 1
            else {"kind": "lint-many", "ok": all(r.ok for r in results), "reports": reports}
        )
    else:
        for result in results:
            print_text(findings_text(result.doc.path, result.findings))
    return EXIT_OK if all(r.ok for r in results) else EXIT_FAILED
