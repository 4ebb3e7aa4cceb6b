"""`verify`: run every gate on a batch and remember a pass in the run state."""

from __future__ import annotations

from typing import NamedTuple

from batchgate.config import CONFIG_PATH, config_digest
from batchgate.errors import EXIT_FAILED, BatchgateError, UsageError
from batchgate.evidence.runstate import ASSIGNED, FAILED, VERIFIED, Run, change_run
from batchgate.gates.base import GateContext
from batchgate.gates.runner import run_gates
from batchgate.model.roles import role_warnings
from batchgate.model.types import Batch, TasksDoc
from batchgate.report.verification import VerificationReport
from batchgate.workflow.workspace import Workspace


class BatchFailed(BatchgateError):
    """The run's batch already failed (the retry budget ran out, or `fail` was run)."""

    exit_code = EXIT_FAILED


class Target(NamedTuple):
    """The batch a command acts on, and the run it belongs to (if any)."""

    doc: TasksDoc
    batch: Batch
    run: Run | None


def target_batch(ws: Workspace, task_id: str, batch_id: str | None) -> Target:
    """`--batch`, else the active run's batch (even if tasks.md already says complete)."""
    doc = ws.plan(task_id)
    run = ws.run()
    run_here = run if run is not None and run.task_id == task_id else None
    wanted = batch_id or (run_here.batch_id if run_here and run_here.active else None)
    if wanted is None and run_here is not None and run_here.state == FAILED:
        raise BatchFailed(
            f"batch {run_here.batch_id} of {task_id} was marked FAILED by batchgate: "
            f"{run_here.last_summary or 'see tasks.md'}",
            f"escalate to the user with the failing gates (batchgate status {task_id}); after a fix, "
            f"re-assign it with: batchgate assign {task_id} --batch {run_here.batch_id}",
        )
    if wanted is None:
        raise UsageError(
            f"no batch of {task_id} is in progress",
            f"pass --batch ID, or assign one first (batchgate assign {task_id})",
        )
    batch = doc.batch(wanted)
    if batch is None:
        ids = ", ".join(b.id for b in doc.batches) or "none"
        raise UsageError(f"{task_id} has no batch {wanted}", f"pick one of: {ids}")
    matching = run_here if run_here and run_here.batch_id.upper() == batch.id.upper() else None
    return Target(doc, batch, matching)


def verify(ws: Workspace, task_id: str, batch_id: str | None, record: bool = True) -> VerificationReport:
    """Every gate's verdict on the batch; a pass marks the run verified."""
    ws.repo.prefetch_worktree()  # git scans the work tree while the plan is read and parsed
    target = target_batch(ws, task_id, batch_id)
    return verify_target(ws, task_id, target, record)


def verify_target(ws: Workspace, task_id: str, target: Target, record: bool = True) -> VerificationReport:
    """Run the gates on an already chosen batch."""
    run = target.run
    ctx = GateContext(ws.repo, ws.config, target.doc, target.batch, run.base if run else None, ws.state_dir)
    if run is not None:
        ctx.planned_tasks, ctx.planned_files = tuple(run.planned_tasks), tuple(run.planned_files)
        ctx.protected_at_assign = dict(run.protected_at_assign)
    results = run_gates(ctx)
    notes = ws.repo.state_notes() + [
        w for w in role_warnings(target.doc, ws.config) if f"batch {target.batch.id} " in w
    ]
    notes += ctx.notes + _rules_notes(ws, run)
    report = VerificationReport(
        task_id,
        target.batch.id,
        target.batch.title,
        tuple(results),
        ctx.batch_commit.sha if ctx.batch_commit else None,
        tuple(notes),
    )
    if record and target.run is not None and target.run.active:
        change_run(ws.state_dir, lambda run: _record(run, report))
    return report


def _rules_notes(ws: Workspace, run: Run | None) -> list[str]:
    """Say so when the configuration file changed after assignment: the run keeps the rules it was assigned."""
    if run is None or run.rules is None or run.config_digest is None:
        return []
    if config_digest(ws.root) == run.config_digest:
        return []
    return [
        f"{CONFIG_PATH} changed after batch {run.batch_id} was assigned; this run is judged by the rules recorded "
        "then, not by the file. To change the rules for this batch, fail it and assign again"
    ]


def _record(run: Run, report: VerificationReport) -> Run:
    run.state = VERIFIED if report.ok else ASSIGNED
    run.verified_sha = report.batch_commit if report.ok else None
    run.last_summary = report.verdict
    return run
