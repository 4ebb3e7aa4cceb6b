"""After a batch's session: did the batch pass? Asked of batchgate's run state, tasks.md and git only."""

from __future__ import annotations

from batchgate.errors import BatchgateError
from batchgate.evidence import history
from batchgate.evidence.runstate import COMPLETE, Run
from batchgate.model.types import Batch, Status
from batchgate.report.runsummary import FAILED, IN_PROGRESS, NOT_STARTED, UNVERIFIED, BatchOutcome
from batchgate.report.runview import failing_gates
from batchgate.workflow.workspace import Workspace


def judge(ws: Workspace, task_id: str, outcome: BatchOutcome) -> None:
    """Fill in the outcome's verdict, commit, blocks and failing gates."""
    try:
        batch, run = ws.plan(task_id).batch(outcome.batch_id), ws.run()
    except BatchgateError as error:
        outcome.verdict, outcome.detail = UNVERIFIED, error.message
        return
    mine = run if run is not None and (run.task_id, run.batch_id) == (task_id, outcome.batch_id) else None
    outcome.blocks = mine.subagent_blocks if mine else outcome.blocks
    outcome.commit = _verified_commit(ws, batch, mine)
    if outcome.commit is not None:
        outcome.verdict = "complete"
        return
    outcome.verdict, why = _why_not(batch, mine)
    outcome.detail = "; ".join(part for part in (why, outcome.detail) if part)
    last = _last_verification(ws, task_id, outcome.batch_id)
    if last is not None:
        outcome.failed_gates = failing_gates(last)
        outcome.commit = outcome.commit or (str(last["batch_commit"]) if last.get("batch_commit") else None)


def _verified_commit(ws: Workspace, batch: Batch | None, run: Run | None) -> str | None:
    """The batch's SHA when tasks.md says COMPLETE with the very commit batchgate verified, which git knows."""
    if batch is None or batch.status != Status.COMPLETE or run is None or run.state != COMPLETE:
        return None
    recorded, verified = (batch.commit or "").lower(), (run.verified_sha or "").lower()
    if not recorded or not verified.startswith(recorded) or not _completed_in_history(ws, run, verified):
        return None
    return verified if ws.repo.resolve(verified).sha == verified else None


def _completed_in_history(ws: Workspace, run: Run, sha: str) -> bool:
    """`complete` passed on this very commit for this run (the history's record of it)."""
    return any(
        record.get("asked_by") == "complete"
        and record.get("ok") is True
        and (record.get("task"), record.get("batch"), record.get("assigned_at"))
        == (run.task_id, run.batch_id, run.assigned_at)
        and record.get("batch_commit") == sha
        for record in history.read(ws.state_dir)
    )


def _why_not(batch: Batch | None, run: Run | None) -> tuple[str, str]:
    if batch is None:
        return UNVERIFIED, "the batch is no longer in tasks.md"
    if batch.status == Status.FAILED or (run is not None and run.state == "failed"):
        return FAILED, run.last_summary or "marked FAILED" if run else "marked FAILED in tasks.md"
    if run is not None and run.active:
        return IN_PROGRESS, f"the session ended with the batch still {run.state}, not completed"
    if batch.status == Status.COMPLETE:
        return UNVERIFIED, "tasks.md says COMPLETE, but batchgate did not complete it with a verified commit"
    if run is None:
        return NOT_STARTED, "the session never assigned the batch"
    return UNVERIFIED, f"the batch is {batch.status.value} and its run is {run.state}"


def _last_verification(ws: Workspace, task_id: str, batch_id: str) -> dict[str, object] | None:
    for record in reversed(history.read(ws.state_dir)):
        if record.get("task") == task_id and record.get("batch") == batch_id:
            return record if record.get("ok") is not True else None
    return None
