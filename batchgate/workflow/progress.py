"""Where a task stands: each batch, the active run, the next batch or the next command."""

from __future__ import annotations

from batchgate.config import Config
from batchgate.evidence.runstate import Run
from batchgate.launcher import slash_command
from batchgate.model.roles import (
    BACKEND,
    FINISHED,
    FRONTEND,
    OTHER,
    batches_of,
    remaining,
    role_of,
    role_warnings,
    tasks_done,
)
from batchgate.model.types import Batch, Status, TasksDoc
from batchgate.report.progress import BatchLine, Counts, NextStep, StatusReport
from batchgate.workflow.workspace import Workspace

COMMANDS = {BACKEND: "phase-6-backend-execution", FRONTEND: "phase-6-frontend-execution"}
COMPLETION = "phase-7-completion"  # typed as launcher.slash_command() says: a plugin's are namespaced


def status(ws: Workspace, task_id: str) -> StatusReport:
    """The `status` report."""
    doc = ws.plan(task_id)
    run = ws.run()
    here = run if run is not None and run.task_id == task_id else None
    return StatusReport(
        task_id,
        ws.relative(doc.path),
        tuple(batch_line(b, ws.config) for b in doc.batches),
        {role: counts(doc, role, ws.config) for role in (BACKEND, FRONTEND)},
        here,
        next_step(doc, task_id, BACKEND, ws.config, here),
        tuple(role_warnings(doc, ws.config)),
    )


def batch_line(batch: Batch, config: Config) -> BatchLine:
    """A batch as reports show it."""
    return BatchLine(
        batch.id,
        batch.title,
        batch.status.value,
        role_of(batch, config),
        batch.assignee,
        batch.commit,
        tuple(t.id for t in batch.tasks),
        tasks_done(batch),
        batch.line,
    )


def counts(doc: TasksDoc, role: str, config: Config) -> Counts:
    """Progress of one role."""
    batches = batches_of(doc, role, config)
    done = [b for b in batches if b.status in FINISHED]
    return Counts(len(done), len(batches), sum(len(b.tasks) for b in done), sum(len(b.tasks) for b in batches))


def next_batch(doc: TasksDoc, task_id: str, role: str, config: Config, run: Run | None) -> Batch | None:
    """The batch the role's developer works on next (the active run's, else the first unfinished)."""
    if run is not None and run.active and run.task_id == task_id and run.role == role:
        batch = doc.batch(run.batch_id)
        if batch is not None:
            return batch
    left = remaining(doc, role, config)
    return left[0] if left else None


def next_step(doc: TasksDoc, task_id: str, role: str, config: Config, run: Run | None) -> NextStep:
    """What comes next for the role (the seed's "intelligent next step")."""
    batch = next_batch(doc, task_id, role, config, run)
    if batch is not None:
        active = run is not None and run.active and run.task_id == task_id and run.batch_id == batch.id
        blocked = not active and batch.status in (Status.FAILED, Status.BLOCKED)
        if active and run is not None:
            why = f"batch {batch.id} is in progress (assigned {run.assigned_at})"
        else:
            why = f"batch {batch.id} is {batch.status.value}" + (
                "; fix it, then re-assign it with --batch" if blocked else ""
            )
        return NextStep(role, batch_line(batch, config), f"{slash_command(COMMANDS[role])} {task_id}", why, blocked)
    if not doc.batches:  # "all batches are complete" would be vacuously true
        why = "tasks.md has no batches yet; write the plan in batches first (phase 5, decomposition)"
        return NextStep(role, None, f"{slash_command(COMMANDS[role])} {task_id}", why, True)
    other = FRONTEND if role == BACKEND else BACKEND
    if remaining(doc, other, config):
        return NextStep(
            role,
            None,
            f"{slash_command(COMMANDS[other])} {task_id}",
            f"all {role} batches are complete; {other} batches remain",
        )
    completion = f"{slash_command(COMPLETION)} {task_id}"
    left = remaining(doc, OTHER, config)
    if left:  # phase 7 needs every batch complete: name what is left, and stop short of it
        return NextStep(role, batch_line(left[0], config), completion, _others_left(left), True)
    return NextStep(role, None, completion, "all batches are complete")


# What to do about a batch no developer here runs, by its status; the seed escalates failures to the user.
_WHAT_TO_DO = {
    Status.FAILED: "ask the user for guidance; once it is resolved, mark it ✅ COMPLETE (or ⏭️ SKIPPED) in tasks.md",
    Status.BLOCKED: "ask the user for guidance; once it is unblocked and done, mark it ✅ COMPLETE in tasks.md",
    Status.IMPLEMENTED: "verify it ({who}), then mark it ✅ COMPLETE in tasks.md",
}
_DEFAULT_TO_DO = "have it done ({who}), then mark it ✅ COMPLETE (or ⏭️ SKIPPED) in tasks.md"


def _others_left(left: list[Batch]) -> str:
    """Each unfinished batch that no backend or frontend developer runs, and what to do about it."""
    parts = []
    for batch in left:
        todo = _WHAT_TO_DO.get(batch.status, _DEFAULT_TO_DO).format(who=f"it is assigned to {batch.assignee}")
        parts.append(f"batch {batch.id} ({batch.title}), {batch.status.value}, not a backend or frontend batch: {todo}")
    return "; ".join(parts) + "; all batches must show ✅ COMPLETE before phase 7"


def unmet_dependencies(doc: TasksDoc, batch: Batch) -> list[str]:
    """The batches `batch` depends on that are not complete, described."""
    unmet = []
    for dependency in batch.dependencies:
        other = doc.batch(dependency)
        if other is None:
            unmet.append(f"batch {dependency} (not in tasks.md)")
        elif other.status not in FINISHED:
            unmet.append(f"batch {dependency} ({other.status.value})")
    return unmet
