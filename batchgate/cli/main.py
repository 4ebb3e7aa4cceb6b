"""Argument parsing and dispatch; errors rendered once, here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from importlib import import_module

from batchgate.errors import UsageError, run_guarded

VERBS = ("parse", "lint", "status", "next", "assign", "verify", "complete", "fail", "audit", "doctor", "brief")


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: `batchgate [-C DIR] VERB ...`."""
    parser = argparse.ArgumentParser(
        prog="batchgate",
        description="Verify each batch of a task plan: commit, files, tasks.md, build.",
    )
    parser.add_argument("-C", dest="directory", metavar="DIR", help="run as if started in DIR (like git -C)")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    for name in VERBS:
        module = _verb_module(name)
        if module is not None:
            module.register(verbs)
    return parser


def _verb_module(name: str):  # type: ignore[no-untyped-def]
    try:
        return import_module(f"batchgate.cli.verb_{name}")
    except ModuleNotFoundError as error:
        if error.name == f"batchgate.cli.verb_{name}":
            return None
        raise


def main(argv: Sequence[str] | None = None) -> int:
    """Run one verb; return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)

    def work() -> int:
        if args.directory:
            _change_directory(args.directory)
        code: int = args.run(args)
        return code

    return run_guarded(work)


def console_main() -> None:
    """Entry point for the `batchgate` console script (pip install)."""
    sys.exit(main())


def _change_directory(directory: str) -> None:
    try:
        os.chdir(directory)
    except OSError as error:
        raise UsageError(
            f"cannot change to {directory}: {error.strerror}", "pass an existing directory to -C"
        ) from None
