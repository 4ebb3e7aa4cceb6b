"""`assign`: check the prerequisites, mark the batch in progress, record the base, build the prompt."""

from __future__ import annotations

import datetime as dt

from batchgate.config import Config, config_digest, config_rules
from batchgate.errors import CouldNotCheck
from batchgate.evidence.runstate import Run, save_run
from batchgate.model.lint import lint
from batchgate.model.roles import agents_for, batches_of, role_of
from batchgate.model.types import Batch, Status, TasksDoc
from batchgate.model.writer import set_batch_status, update_tasks_file
from batchgate.protect import protecting_glob
from batchgate.report.assignment import AssignmentReport, Prerequisite
from batchgate.workflow.progress import next_batch, unmet_dependencies
from batchgate.workflow.prompt import developer_prompt
from batchgate.workflow.workspace import Workspace, cli_invocation

ASSIGNABLE = frozenset({Status.PENDING, Status.IN_PROGRESS})


def assign(ws: Workspace, task_id: str, batch_id: str | None, role: str) -> AssignmentReport:
    """Assign the next (or the given) batch of `role` to its developer."""
    result = AssignmentReport(task_id, role)
    path = ws.tasks_path(task_id)
    doc = _plan_or_none(ws, task_id, result)
    if doc is None:
        return result
    batch = _choose(ws, doc, task_id, batch_id, role, result)
    if batch is None or not all(p.met for p in result.prerequisites):
        return result
    head = ws.repo.head()
    if head is None:
        raise CouldNotCheck(
            "the repository has no commits yet, so there is no base to verify against", "make an initial commit"
        )
    current = ws.run(fresh_if_corrupt=True)
    resumed = current is not None and current.active and (current.task_id, current.batch_id) == (task_id, batch.id)
    if not resumed:  # a new run is judged by the configuration as it is now, recorded with it
        ws.config = ws.file_config()
    agent = agents_for(role, ws.config)[0]
    written = update_tasks_file(path, ws.root, lambda d: _mark(d, batch.id, agent))
    run = current if resumed and current else _new_run(ws, task_id, batch, role, head, path)
    result.run = save_run(ws.state_dir, run)
    assigned = written.batch(batch.id) or batch
    result.batch_id = assigned.id
    result.resumed = resumed
    result.prompt = developer_prompt(task_id, assigned, agent, ws.relative(path), cli_invocation(ws.root))
    return result


def _plan_or_none(ws: Workspace, task_id: str, result: AssignmentReport) -> TasksDoc | None:
    import os

    exists = os.path.isfile(ws.tasks_path(task_id))
    result.prerequisites.append(Prerequisite(f"task-tracking/{task_id}/tasks.md exists", exists))
    return ws.plan(task_id) if exists else None


def _choose(
    ws: Workspace, doc: TasksDoc, task_id: str, batch_id: str | None, role: str, result: AssignmentReport
) -> Batch | None:
    own = batches_of(doc, role, ws.config)
    label = role.capitalize()
    result.prerequisites.append(
        Prerequisite(f"{label} tasks exist in tasks.md", bool(own), f"{len(own)} {role} batch(es)")
    )
    if not own:
        return None
    batch = (
        doc.batch(batch_id) if batch_id else next_batch(doc, task_id, role, ws.config, ws.run(fresh_if_corrupt=True))
    )
    found = batch is not None
    result.prerequisites.append(
        Prerequisite(
            f"Next {role} batch identified", found, f"batch {batch.id}" if batch else f"no batch {batch_id or 'left'}"
        )
    )
    if batch is None:
        return None
    allowed = ASSIGNABLE | ({Status.FAILED, Status.BLOCKED} if batch_id else frozenset())
    result.prerequisites.append(
        Prerequisite("Batch status is PENDING or IN PROGRESS", batch.status in allowed, batch.status.value)
    )
    if batch_id and role_of(batch, ws.config) != role:
        result.prerequisites.append(
            Prerequisite(f"Batch {batch.id} is a {role} batch", False, f"it is assigned to {batch.assignee}")
        )
    unmet = unmet_dependencies(doc, batch)
    result.prerequisites.append(Prerequisite("Dependencies are complete", not unmet, ", ".join(unmet)))
    result.prerequisites.append(_structure(doc, batch))
    result.prerequisites.append(_no_other_run(ws, task_id, batch))
    return batch


def _structure(doc: TasksDoc, batch: Batch) -> Prerequisite:
    errors = [
        f for f in lint(doc) if f.severity == "error" and f.line is not None and batch.line <= f.line <= batch.end_line
    ]
    detail = "; ".join(f"line {f.line}: {f.message}" for f in errors[:3])
    return Prerequisite(f"Batch {batch.id} passes lint (tasks, files inside the repository)", not errors, detail)


def _no_other_run(ws: Workspace, task_id: str, batch: Batch) -> Prerequisite:
    run = ws.run(fresh_if_corrupt=True)
    busy = run is not None and run.active and (run.task_id, run.batch_id) != (task_id, batch.id)
    detail = f"batch {run.batch_id} of {run.task_id} is still {run.state}" if busy and run else ""
    return Prerequisite("No other batch is in progress (one batch at a time)", not busy, detail)


def _mark(doc: TasksDoc, batch_id: str, agent: str) -> list:  # type: ignore[type-arg]
    batch = doc.batch(batch_id)
    return set_batch_status(doc, batch, Status.IN_PROGRESS, agent) if batch else []


def _new_run(ws: Workspace, task_id: str, batch: Batch, role: str, head: str, path: str) -> Run:
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return Run(
        task_id=task_id,
        batch_id=batch.id,
        role=role,
        agents=agents_for(role, ws.config),
        base=head,
        assigned_at=now,
        tasks_path=ws.relative(path),
        retries=ws.config.retries,
        planned_tasks=[task.id for task in batch.tasks],
        planned_files=list(dict.fromkeys(ref.path for task in batch.tasks for ref in task.files if ref.path)),
        rules=config_rules(ws.config),
        config_digest=config_digest(ws.root),
        protected_at_assign=_protected_changes(ws, ws.config),
    )


def _protected_changes(ws: Workspace, config: Config) -> dict[str, str]:
    """Protected paths already changed in the work tree at assignment, with their content: not the batch's doing."""
    from batchgate.gates.protected import content_digest

    paths = [c.path for c in ws.repo.working_changes()]
    return {
        path: content_digest(ws.root, path)
        for path in paths
        if protecting_glob(path, config.protect, config.bookkeeping) is not None
    }
