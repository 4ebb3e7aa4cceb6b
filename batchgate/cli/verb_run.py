"""`batchgate run TASK_ID [--role R] [--max-batches N] [--claude PATH] [--permission-mode MODE] [--json] [-- ARGS]`.

One headless Claude Code session per batch until the plan is done or a batch
does not pass. Exit 0 every batch asked for is COMPLETE; 1 a batch did not
pass; 2 usage or bad input; 3 could not run (no `claude`, not a repository,
another run active); 130 / 143 interrupted (the session is stopped, the run
state left as it was).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import signal
import sys
from collections.abc import Iterator
from typing import Any

from batchgate.cli.output import print_json
from batchgate.errors import CouldNotCheck, UsageError
from batchgate.evidence.runlock import DriverLock
from batchgate.report.runsummary import summary_json, summary_text
from batchgate.report.runview import LiveBlock, PlainLines
from batchgate.workflow.session import find_claude
from batchgate.workflow.unattended import ROLES, Interrupted, RunRequest, drive, planned_batches
from batchgate.workflow.workspace import Workspace, check_task_id


def register(verbs: Any) -> None:
    """Add the verb to the command line."""
    parser = verbs.add_parser(
        "run",
        help="run the plan unattended: one headless Claude Code session per batch, stop at the first that fails",
    )
    parser.add_argument("task_id", metavar="TASK_ID")
    parser.add_argument("--role", default="all", help="backend, frontend or all (default: all, backend first)")
    parser.add_argument("--max-batches", metavar="N", help="stop after N batches")
    parser.add_argument("--claude", metavar="PATH", help="the claude executable (default: $BATCHGATE_CLAUDE, PATH)")
    parser.add_argument("--permission-mode", metavar="MODE", help="Claude Code's permission mode (default: default)")
    parser.add_argument("--json", action="store_true", help="the summary as JSON (schemas/report.schema.json)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Check the request, take the clone's run lock, drive the sessions, print the summary."""
    request = _request(args)
    ws = Workspace.open()
    lock = DriverLock(ws.state_dir)
    holder = lock.busy()
    if holder is not None:
        raise _busy(holder, args.task_id)
    planned_batches(ws, request)  # refuses bad input before anything is written
    if not lock.acquire():
        raise _busy(lock.busy() or "?", args.task_id)
    stream = sys.stderr if args.json else sys.stdout
    view = LiveBlock(stream) if stream.isatty() else PlainLines(stream)
    try:
        with _interrupts():
            summary = drive(ws, request, view)
    finally:
        lock.release()
    print_json(summary_json(summary)) if args.json else None
    stream.write(summary_text(summary) + "\n")
    return summary.exit_code


def _request(args: argparse.Namespace) -> RunRequest:
    check_task_id(args.task_id)
    if args.role not in ROLES:
        raise UsageError(f"unknown role {args.role[:40]!r}", "pass --role backend, --role frontend or --role all")
    limit = None
    if args.max_batches is not None:
        if not re.fullmatch(r"[0-9]{1,6}", args.max_batches) or int(args.max_batches) < 1:
            raise UsageError(f"--max-batches {args.max_batches[:20]!r} is not a positive whole number", "pass N ≥ 1")
        limit = int(args.max_batches)
    mode = args.permission_mode
    if mode is not None and not re.fullmatch(r"[A-Za-z]{1,40}", mode):
        raise UsageError(f"--permission-mode {mode[:40]!r} is not a mode name", "e.g. default, acceptEdits")
    return RunRequest(args.task_id, args.role, limit, find_claude(args.claude), mode, tuple(args.passthrough))


def _busy(holder: str, task_id: str) -> CouldNotCheck:
    return CouldNotCheck(
        f"another batchgate run is active in this clone (pid {holder})",
        f"wait for it to end, or stop it (kill -INT {holder}); then batchgate run {task_id}",
    )


@contextlib.contextmanager
def _interrupts() -> Iterator[None]:
    """Ctrl-C and SIGTERM become `Interrupted`, which stops the session and ends the run."""

    def handler(signum: int, frame: object) -> None:
        raise Interrupted(signum)

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)
