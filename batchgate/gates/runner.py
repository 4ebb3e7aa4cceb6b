"""Run the seven gates in order. A gate that crashes could not check; it never passes."""

from __future__ import annotations

from collections.abc import Callable

from batchgate.gates import build, clean, commit, files, protected, scope, tasksmd
from batchgate.gates.base import GateContext, GateResult, could_not_check

Gate = Callable[[GateContext], GateResult]

# The commit gate finds the batch commit the files, tasks.md, protected and scope gates
# inspect; the build runs last because it is the slowest.
GATES: tuple[tuple[str, Gate], ...] = (
    (commit.NAME, commit.check),
    (files.NAME, files.check),
    (tasksmd.NAME, tasksmd.check),
    (clean.NAME, clean.check),
    (protected.NAME, protected.check),
    (scope.NAME, scope.check),
    (build.NAME, build.check),
)


def run_gates(ctx: GateContext, skip_build: bool = False) -> list[GateResult]:
    """Every gate's result, in order."""
    results = []
    for name, gate in GATES:
        if skip_build and name == build.NAME:
            continue
        results.append(_safely(name, gate, ctx))
    return results


def _safely(name: str, gate: Gate, ctx: GateContext) -> GateResult:
    from batchgate.errors import BatchgateError

    try:
        return gate(ctx)
    except BatchgateError as error:
        return could_not_check(name, error.message, error.fix or "run batchgate doctor")
    except OSError as error:  # the disk, not batchgate: full, read-only, gone
        where = f" ({error.filename})" if error.filename else ""
        return could_not_check(
            name,
            f"the {name} gate could not run: {error.strerror or error}{where}",
            "free disk space and make the repository (and its .git folder) writable",
        )
    except Exception as error:  # a broken gate must not pass a batch, nor crash the report
        return could_not_check(
            name,
            f"the {name} gate crashed: {type(error).__name__}: {error}",
            "this is a bug in batchgate; please report it",
        )
