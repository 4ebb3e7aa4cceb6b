"""`batchgate doctor [--json]`: checks the installation; exit 1 if a check failed, 3 if one could not run."""

from __future__ import annotations

import argparse
import os
from typing import Any

from batchgate.cli.output import print_json, print_text
from batchgate.errors import EXIT_COULD_NOT_CHECK, EXIT_FAILED, EXIT_OK
from batchgate.launcher import engine_home
from batchgate.workflow.doctor import COULD_NOT, FAILED, Check, run_checks

_LABEL = {"ok": "ok", "warning": "warning", "failed": "FAILED", "could-not-check": "could not check"}


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser("doctor", help="check the installation: settings wiring, Python, git, build tool")
    parser.add_argument("--json", action="store_true", help="JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Run every check and report them."""
    checks = run_checks(os.getcwd(), engine_home())
    code = exit_code(checks)
    if args.json:
        print_json({"kind": "doctor", "ok": code == EXIT_OK, "checks": [c.to_json() for c in checks]})
    else:
        print_text(render(checks, code))
    return code


def exit_code(checks: list[Check]) -> int:
    """1 if any check failed, else 3 if any could not run, else 0."""
    if any(c.status == FAILED for c in checks):
        return EXIT_FAILED
    if any(c.status == COULD_NOT for c in checks):
        return EXIT_COULD_NOT_CHECK
    return EXIT_OK


def render(checks: list[Check], code: int) -> str:
    """One line per check, a fix line under each that has one, and a verdict."""
    lines = []
    for check in checks:
        lines.append(f"{_LABEL[check.status]:<15} {check.name}: {check.detail}")
        if check.fix and check.status != "ok":
            lines.append(f"{'':<15}   fix: {check.fix}")
    to_fix = [c for c in checks if c.status in (FAILED, COULD_NOT)]
    lines.append(
        "doctor: all good" if code == EXIT_OK else f"doctor: {len(to_fix)} to fix before batchgate can gate work"
    )
    return "\n".join(lines)
