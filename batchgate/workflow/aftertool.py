"""After a tool ran: lint an edited tasks.md; record a commit made during the run."""

from __future__ import annotations

import os

from batchgate.errors import BatchgateError
from batchgate.evidence.runstate import change_run
from batchgate.model.lint import lint
from batchgate.model.reader import read_tasks
from batchgate.workflow.workspace import Workspace, cli_invocation

_SHOWN = 15


def lint_summary(path: str) -> str | None:
    """The lint findings of a tasks.md, as context for Claude (None when clean)."""
    try:
        doc = read_tasks(path)
    except BatchgateError as error:
        return f"batchgate: {path} cannot be read after this edit: {error.message}"
    findings = lint(doc)
    if not findings:
        return None
    errors = sum(1 for f in findings if f.severity == "error")
    name = f"{os.path.basename(os.path.dirname(path))}/tasks.md"
    lines = [f"batchgate lint of {name}: {errors} error(s), {len(findings) - errors} warning(s)"]
    lines += [f"  line {f.line or '-'}: {f.severity}: {f.message}" for f in findings[:_SHOWN]]
    if len(findings) > _SHOWN:
        lines.append(f"  … {len(findings) - _SHOWN} more: run `batchgate lint {path}`")
    return "\n".join(lines)


def record_commit(project_dir: str) -> str | None:
    """Remember the commit just made during the run; tell Claude how to record it in tasks.md."""
    ws = Workspace.open(project_dir)
    run = ws.run()
    head = ws.repo.head()
    if run is None or not run.active or head is None or head == run.base or head in run.recorded_commits:
        return None

    def remember(current):  # type: ignore[no-untyped-def]
        current.recorded_commits = [*current.recorded_commits, head][-20:]
        return current

    change_run(ws.state_dir, remember)
    cli = cli_invocation(ws.root)
    return (
        f"batchgate: commit {head[:7]} recorded for batch {run.batch_id} of {run.task_id}. If it is the batch commit, "
        f"record it in tasks.md under the Batch {run.batch_id} heading as **Git Commit**: `{head[:7]}`, "
        "mark the batch's "
        f"tasks IMPLEMENTED, then run `{cli} verify {run.task_id}`."
    )
