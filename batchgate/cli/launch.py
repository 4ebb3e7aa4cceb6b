"""Start the CLI: make sure the engine's dependencies are importable, then run."""

from __future__ import annotations

import os
import sys

from batchgate.bootstrap import reexec_in_environment
from batchgate.errors import BatchgateError


def launch(home: str, script: str, argv: list[str]) -> None:
    """Re-run inside batchgate's environment if needed, then dispatch `argv`."""
    try:
        reexec_in_environment(home, [os.path.join(home, "requirements.txt")], [script, *argv])
    except BatchgateError as error:
        print(error.render(), file=sys.stderr)
        sys.exit(error.exit_code)
    from batchgate.cli.main import main

    sys.exit(main(argv))
