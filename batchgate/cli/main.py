"""Argument parsing and dispatch; errors rendered once, here."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from importlib import import_module
from typing import Any

from batchgate.errors import UsageError, run_guarded

VERBS = (
    "parse",
    "lint",
    "status",
    "next",
    "assign",
    "verify",
    "complete",
    "fail",
    "audit",
    "doctor",
    "brief",
    "run",
    "stats",
)
_SCANNING_VERBS = ("verify", "complete")  # the verbs that read the whole work tree (git status)


def build_parser(argv: Sequence[str] = ()) -> argparse.ArgumentParser:
    """The command line: `batchgate [-C DIR] VERB ...`.

    Only the verb being run is imported (each verb pulls in its own part of
    the engine); `--help` and unknown verbs import them all, for the listing.
    """
    parser = _Parser(
        prog="batchgate",
        description="Verify each batch of a task plan: commit, files, tasks.md, build.",
    )
    parser.add_argument("-C", dest="directory", metavar="DIR", help="run as if started in DIR (like git -C)")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    wanted = _requested_verb(argv)
    for name in (wanted,) if wanted else VERBS:
        import_module(f"batchgate.cli.verb_{name}").register(verbs)
    return parser


class _Formatter(argparse.HelpFormatter):
    """argparse's help layout, told the width (argparse would import shutil for it: ~2 ms a command)."""

    def __init__(self, prog: str) -> None:
        super().__init__(prog, width=_terminal_width() - 2)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help uses `_Formatter`; the verbs' parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _Formatter)
        super().__init__(*args, **kwargs)


def _terminal_width() -> int:
    """What shutil.get_terminal_size() answers: $COLUMNS, else the terminal's width, else 80."""
    try:
        columns = int(os.environ.get("COLUMNS", "0"))
    except ValueError:
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 0
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _leading_directory(argv: Sequence[str]) -> tuple[str, list[str]]:
    """The folder the `-C DIR` before the verb names (the last one, as argparse reads it; else the current
    one), and the words after those options."""
    words, found = list(argv), "."
    while words:
        if words[0] == "-C" and len(words) > 1:
            found, words = words[1], words[2:]
        elif words[0].startswith("-C") and len(words[0]) > 2:
            found, words = words[0][2:], words[1:]
        else:
            break
    return found, words


def _requested_verb(argv: Sequence[str]) -> str | None:
    """The verb in `argv`, when it is a known one (skipping `-C DIR`)."""
    words = _leading_directory(argv)[1]
    return words[0] if words and words[0] in VERBS else None


def main(argv: Sequence[str] | None = None) -> int:
    """Run one verb; return its exit code."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    arguments, passthrough = _split_passthrough(arguments)
    if _requested_verb(arguments) in _SCANNING_VERBS:  # git reads a big tree while the engine imports
        from batchgate.evidence.earlyscan import start_scan

        start_scan(os.path.abspath(_leading_directory(arguments)[0]))
    gc.disable()  # while the verb's modules import: the collector would rescan them for nothing (~5 ms)
    parser = build_parser(arguments)
    gc.freeze()  # and never after: the modules live as long as the process (a first full collection: ~3 ms)
    gc.enable()  # on again for the work itself: `run` lives for hours
    args = parser.parse_args(arguments)
    args.passthrough = passthrough or []

    def work() -> int:
        if args.directory:
            _change_directory(args.directory)
        code: int = args.run(args)
        return code

    return run_guarded(work)


def _split_passthrough(arguments: list[str]) -> tuple[list[str], list[str] | None]:
    """`run ... -- CLAUDE ARGS`: the words after the first bare `--` go to the program `run` starts."""
    if "--" not in arguments or _requested_verb(arguments) != "run":
        return arguments, None
    at = arguments.index("--")
    return arguments[:at], arguments[at + 1 :]


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
