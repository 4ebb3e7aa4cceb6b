"""TasksMdGate: tasks.md says the batch is done, and records the batch commit's SHA."""

from __future__ import annotations

from batchgate.gates.base import GateContext, GateResult, could_not_check, failed, passed
from batchgate.model.types import DONE_STATUSES

NAME = "tasks.md"


def check(ctx: GateContext) -> GateResult:
    """Run the gate (after the commit gate)."""
    batch = ctx.batch
    problems = [
        f"Task {t.id} is {t.status.value} (tasks.md line {t.line})"
        for t in batch.tasks
        if t.status not in DONE_STATUSES
    ]
    recorded = batch.commit
    if recorded and ctx.repo.resolve(recorded).problem == "unknown" and ctx.repo.is_shallow():
        return could_not_check(
            NAME,
            f"the recorded SHA {recorded} is not in this shallow clone (older history is missing)",
            "fetch the missing history (git fetch --unshallow), then verify again",
        )
    problems += [
        f"Task {task_id} was removed from tasks.md after the batch was assigned" for task_id in ctx.dropped_tasks()
    ]
    if not recorded:
        problems.append(f"no commit SHA is recorded for batch {batch.id} (heading at line {batch.line})")
    else:
        problems += _sha_problems(ctx, recorded)
    if problems:
        return failed(NAME, f"tasks.md is not up to date for batch {batch.id}", problems, _fix(ctx))
    if ctx.batch_commit is None:
        return could_not_check(
            NAME, f"tasks.md records {recorded}, but there is no batch commit to compare it with", "see the commit gate"
        )
    return passed(NAME, f"all {len(batch.tasks)} task(s) done; {recorded} is the batch commit")


def _sha_problems(ctx: GateContext, recorded: str) -> list[str]:
    resolution = ctx.repo.resolve(recorded)
    if resolution.problem == "ambiguous":
        return [f"the recorded SHA {recorded} is ambiguous in this repository: write more digits"]
    if resolution.sha is None:
        return [f"the recorded SHA {recorded} names no commit in this repository"]
    head = ctx.repo.head()
    if head is None or not ctx.repo.is_ancestor(resolution.sha, head):
        return [f"the recorded SHA {recorded} is not reachable from HEAD (another branch?)"]
    commit = ctx.batch_commit
    if commit is None or resolution.sha == commit.sha:
        return []
    if ctx.base and ctx.repo.is_ancestor(resolution.sha, ctx.base):
        return [
            f"the recorded SHA {recorded} was made before the batch was assigned; the batch commit is {commit.short}"
        ]
    return [f"the recorded SHA {recorded} is not the batch commit {commit.short}"]


def _fix(ctx: GateContext) -> str:
    sha = ctx.batch_commit.short if ctx.batch_commit else "<batch commit SHA>"
    return (
        f"mark every task of batch {ctx.batch.id} IMPLEMENTED (or COMPLETE)"
        f" and record **Git Commit**: `{sha}` under its heading in tasks.md"
    )
