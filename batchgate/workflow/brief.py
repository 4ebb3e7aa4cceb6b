"""`brief`: the slash command's briefing. It never fails: problems become a usage line."""

from __future__ import annotations

import os
import shlex

from batchgate.errors import BatchgateError
from batchgate.report.brief import Briefing
from batchgate.workflow.progress import status
from batchgate.workflow.workspace import Workspace, check_task_id, cli_invocation


def brief(start: str, command: str, arguments: str, role: str) -> Briefing:
    """Briefing for `command` typed with `arguments` (the raw text after the command)."""
    try:
        words = shlex.split(arguments)
    except ValueError:
        words = arguments.split()
    if len(words) != 1:
        problem = "no TASK_ID given" if not words else f"expected one TASK_ID, got {len(words)} words"
        return Briefing(command, None, problem, known_tasks=_known(start))
    task_id = words[0]
    try:
        check_task_id(task_id)
        ws = Workspace.open(start)
        report = status(ws, task_id)
    except BatchgateError as error:
        return Briefing(
            command, task_id, error.message + (f" ({error.fix})" if error.fix else ""), known_tasks=_known(start)
        )
    return Briefing(command, task_id, None, report, role, cli_invocation(ws.root))


def _known(start: str) -> tuple[str, ...]:
    try:
        ws_root = Workspace.open(start).root
        folder = os.path.join(ws_root, "task-tracking")
        return tuple(sorted(n for n in os.listdir(folder) if os.path.isfile(os.path.join(folder, n, "tasks.md"))))
    except (BatchgateError, OSError):
        return ()
