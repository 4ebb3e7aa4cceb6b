#!/usr/bin/env python3
"""Install batchgate into a git repository (or out again).

    python3 install.py TARGET [--scope project|local] [--dry-run] [--uninstall] [--upgrade] [--force] [--no-env]

Standard library only: it runs with the system python3 before any
environment exists. The work is done by batchgate/installer/.
"""

from __future__ import annotations

import argparse
import os
import sys

CHECKOUT = os.path.dirname(os.path.realpath(__file__))
sys.path.insert(0, CHECKOUT)

from batchgate.errors import EXIT_OK, BatchgateError, run_guarded  # noqa: E402
from batchgate.installer.run import Options, run  # noqa: E402


def parse(argv: list[str]) -> Options:
    """The command line."""
    parser = argparse.ArgumentParser(
        prog="install.py", description="Install batchgate's commands, agents and hooks into a git repository."
    )
    parser.add_argument("target", metavar="TARGET", help="the root folder of the git repository")
    parser.add_argument(
        "--scope",
        choices=("project", "local"),
        help="hooks in .claude/settings.json (project, default) or settings.local.json",
    )
    parser.add_argument("--dry-run", action="store_true", help="print the plan and the settings diff; write nothing")
    parser.add_argument("--uninstall", action="store_true", help="remove what the install wrote; restore the settings")
    parser.add_argument(
        "--upgrade", action="store_true", help="replace an older installed version (edited files are kept)"
    )
    parser.add_argument(
        "--force", action="store_true", help="also replace files you edited or wrote (backed up outside the work tree)"
    )
    parser.add_argument(
        "--no-env", action="store_true", help="do not create the Python environment now (made on first use)"
    )
    args = parser.parse_args(argv)
    return Options(args.target, args.scope, args.dry_run, args.uninstall, args.upgrade, args.force, args.no_env)


def main(argv: list[str]) -> int:
    """Run the installer; print its lines, or the one error."""
    options = parse(argv)

    def work() -> int:
        try:
            lines = run(options, CHECKOUT)
        except BatchgateError as error:
            if not options.dry_run:
                raise
            # CONTRACT §5: a dry run exits 0 and writes nothing; what the real run would do is the plan.
            print(f"dry run: the install would be refused (exit {error.exit_code}):\n{error.render()}")
            return EXIT_OK
        try:
            print("\n".join(lines))
        except BrokenPipeError:  # `install.py ... | head`
            sys.stderr.close()
        return EXIT_OK

    return run_guarded(work, "the installer")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
