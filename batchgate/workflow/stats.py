"""`stats`: the verification history of this clone, folded per batch and per gate."""

from __future__ import annotations

from batchgate.evidence import history
from batchgate.report.stats import StatsReport, aggregate
from batchgate.workflow.workspace import Workspace, check_task_id


def stats(ws: Workspace, task_id: str | None) -> StatsReport:
    """Figures from `<git dir>/batchgate/history.jsonl` (and its rotated predecessor)."""
    if task_id is not None:
        check_task_id(task_id)
    return aggregate(history.read(ws.state_dir), task_id)
