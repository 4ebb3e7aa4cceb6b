"""CommitGate: exactly one batch commit since the batch was assigned, in the agreed form.

A commit that only touches bookkeeping paths (the tasks.md update) is not a
batch commit. Merges are not batch commits either.
"""

from __future__ import annotations

import re

from batchgate.errors import CouldNotCheck
from batchgate.evidence.git import CommitInfo
from batchgate.gates.base import GateContext, GateResult, could_not_check, failed, passed

NAME = "commit"


def find_batch_commits(ctx: GateContext) -> tuple[list[CommitInfo], list[str]]:
    """The batch commits since the base, and notes on the commits passed over."""
    head = ctx.repo.head()
    if head is None:
        return [], ["the repository has no commits"]
    if ctx.base is None:
        return _by_record(ctx), ["no assignment is recorded for this batch: the commit recorded in tasks.md is checked"]
    commits, notes = [], []
    for commit in ctx.repo.commits_between(ctx.base, head):
        if len(commit.parents) > 1:
            notes.append(f"{commit.short} is a merge, not a batch commit")
            continue
        paths = [change.path for change in ctx.repo.changes(commit)]
        if all(ctx.is_bookkeeping(path) for path in paths):  # an empty commit touches no work either
            notes.append(f"{commit.short} only updates bookkeeping ({', '.join(paths[:3]) or 'no files'})")
            continue
        commits.append(commit)
    return commits, notes


def _by_record(ctx: GateContext) -> list[CommitInfo]:
    recorded = ctx.batch.commit
    if not recorded:
        return []
    resolution = ctx.repo.resolve(recorded)
    if resolution.problem == "unknown" and ctx.repo.is_shallow():
        raise CouldNotCheck(
            f"the recorded SHA {recorded} is not in this shallow clone (older history is missing)",
            "fetch the missing history (git fetch --unshallow), then verify again",
        )
    head = ctx.repo.head()
    if resolution.sha is None or head is None or not ctx.repo.is_ancestor(resolution.sha, head):
        return []
    return [ctx.repo.commit(resolution.sha)]


def check(ctx: GateContext) -> GateResult:
    """Run the gate; on success, `ctx.batch_commit` is the batch commit."""
    if ctx.repo.head() is None:
        return could_not_check(
            NAME, "the repository has no commits yet", "make an initial commit, then assign the batch"
        )
    base_problem = _base_problem(ctx)
    if base_problem is not None:
        return base_problem
    commits, notes = find_batch_commits(ctx)
    batch = ctx.batch
    if not commits:
        since = f" since the batch was assigned (base {ctx.base[:7]})" if ctx.base else ""
        return failed(NAME, f"no batch commit{since}", notes, _commit_fix(ctx))
    limit = ctx.config.commit.max_per_batch
    if len(commits) > limit:
        listed = [f"{c.short} {c.subject}" for c in commits]
        return failed(
            NAME,
            f"{len(commits)} batch commits for batch {batch.id}; at most {limit} allowed",
            listed + notes,
            f"squash them into one commit: git reset --soft {ctx.base[:7] if ctx.base else '<base>'} && git commit",
        )
    commit = commits[-1]
    ctx.batch_commit = commit
    ctx.batch_changes = ctx.repo.changes(commit)
    problems = _message_problems(ctx, commit)
    if problems:
        return failed(NAME, f"batch commit {commit.short} is not in the agreed form", problems, _amend_fix(ctx))
    return passed(NAME, f"batch commit {commit.short}: {commit.subject}", *notes)


def _base_problem(ctx: GateContext) -> GateResult | None:
    """The base recorded at assignment must still exist and be in HEAD's history."""
    head = ctx.repo.head()
    if ctx.base is None or head is None:
        return None
    again = f"assign the batch again (batchgate assign {ctx.doc.task_id or 'TASK_ID'} --batch {ctx.batch.id})"
    resolution = ctx.repo.resolve(ctx.base)
    if resolution.sha is None:
        return could_not_check(
            NAME,
            f"the base commit {ctx.base[:7]} recorded when the batch was assigned is {resolution.problem} here",
            f"{again} to record a new base",
        )
    if not ctx.repo.is_ancestor(resolution.sha, head):
        return failed(
            NAME,
            f"HEAD no longer contains the base commit {ctx.base[:7]} recorded when the batch was assigned",
            ["the branch was switched, reset or rewritten after the assignment"],
            f"switch back to the branch the batch was assigned on and commit there; to start over, {again}",
        )
    return None


def _message_problems(ctx: GateContext, commit: CommitInfo) -> list[str]:
    problems = []
    pattern = ctx.config.commit.subject.replace("{batch}", re.escape(ctx.batch.id))
    if not re.search(pattern, commit.subject, re.IGNORECASE):
        problems.append(f"subject {commit.subject!r} does not match {pattern!r}")
    if ctx.config.commit.require_task_ids:
        missing = [task.id for task in ctx.batch.tasks if not _names_task(commit.message, task.id)]
        if missing:
            problems.append(f"the message does not name task(s) {', '.join(missing)}")
    return problems


def _names_task(message: str, task_id: str) -> bool:
    """`1.1` is named by "Task 1.1:" but not by "1.10" or "11.1"."""
    return re.search(rf"(?<![\w.]){re.escape(task_id)}(?![\w]|\.\d)", message, re.IGNORECASE) is not None


def _commit_fix(ctx: GateContext) -> str:
    batch = ctx.batch
    tasks = "; ".join(f"Task {t.id}: {t.title}" for t in batch.tasks[:6])
    return (
        f"stage the batch's files and make ONE commit: git commit -m 'feat(scope): batch {batch.id} - <summary>'"
        f" with the tasks listed in the body ({tasks})"
    )


def _amend_fix(ctx: GateContext) -> str:
    ids = ", ".join(f"Task {t.id}" for t in ctx.batch.tasks)
    return f"reword the commit (git commit --amend) to 'type(scope): batch {ctx.batch.id} - <summary>' naming {ids}"
