"""Errors as values: what is wrong, how to fix it, and the exit code.

Raised where bad input is met, rendered once by the surface (CLI, hook,
installer) as one or two lines. A traceback reaching a user is a bug.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

EXIT_OK = 0
EXIT_FAILED = 1  # a gate failed, or lint found an error
EXIT_USAGE = 2  # usage error or bad input
EXIT_COULD_NOT_CHECK = 3  # a gate could not run


class BatchgateError(Exception):
    """A problem the user can fix; `fix` says how."""

    exit_code = EXIT_USAGE

    def __init__(self, message: str, fix: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix

    def render(self) -> str:
        """The one or two lines a person reads."""
        text = f"batchgate: {self.message}"
        if self.fix:
            text += f"\n  fix: {self.fix}"
        return text


class UsageError(BatchgateError):
    """The command line itself is wrong."""


class InputError(BatchgateError):
    """A file or payload batchgate was given cannot be used."""


class CouldNotCheck(BatchgateError):
    """A check could not run at all: never a pass, never a failure."""

    exit_code = EXIT_COULD_NOT_CHECK


def run_guarded(call: Callable[[], int], component: str = "batchgate") -> int:
    """Run a surface's work; render any error once, as one or two lines, and return its exit code."""
    try:
        return call()
    except BatchgateError as error:
        print(error.render(), file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("batchgate: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the one place an unexpected failure becomes a message
        print(f"batchgate: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        print(f"  fix: this is a bug in {component}; please report it with the command you ran", file=sys.stderr)
        return EXIT_COULD_NOT_CHECK
