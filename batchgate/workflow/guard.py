"""What the PreToolUse guard checks with git: protected commits and the one-commit rule.

Protected: every commit made before the batch was assigned (the base and
its history, recorded in earlier batches) and the verified batch commit.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from batchgate.errors import BatchgateError
from batchgate.evidence.git import GitEvidence, open_repository
from batchgate.evidence.runstate import VERIFIED, Run
from batchgate.gates.base import GateContext
from batchgate.gates.commit import find_batch_commits
from batchgate.shell.gitcommand import GitInvocation
from batchgate.workflow.workspace import Workspace

_FLOW = ("--continue", "--abort", "--skip", "--quit", "--edit-todo", "--show-current-patch")


def guard_git(project_dir: str, invocations: Sequence[GitInvocation]) -> str | None:
    """Why these git commands must not run during the active batch, or None."""
    ws = Workspace.open(project_dir)
    run = ws.run()
    if run is None or not run.active:
        return None
    for invocation in invocations:
        if not _same_repository(ws, project_dir, invocation.directory):
            continue
        problem = _check(ws, run, invocation)
        if problem:
            return f"batchgate: {problem}"
    return None


def _same_repository(ws: Workspace, project_dir: str, directory: str | None) -> bool:
    if not directory:
        return True
    try:
        other = open_repository(os.path.join(project_dir, directory))
    except BatchgateError:
        return False
    return os.path.realpath(other.root) == os.path.realpath(ws.root)


def _check(ws: Workspace, run: Run, invocation: GitInvocation) -> str | None:
    repo = ws.repo
    verified = run.verified_sha if run.state == VERIFIED else None
    if invocation.amend:
        return _amend_problem(repo, run, verified)
    if invocation.rewrites_history:
        return _rewrite_problem(repo, run, verified, invocation)
    if invocation.is_commit:
        return _second_commit_problem(ws, run, invocation)
    return None


def _amend_problem(repo: GitEvidence, run: Run, verified: str | None) -> str | None:
    head = repo.head()
    if head is None:
        return None
    if head == verified:
        return (
            f"{head[:7]} is the verified commit of batch {run.batch_id}; amending it would undo the verification. "
            "Leave it as it is and tell the team leader."
        )
    if head == run.base or not repo.is_ancestor(run.base, head):
        return (
            f"git commit --amend would rewrite {head[:7]}, made before batch {run.batch_id} was assigned. "
            "Make a new commit for the batch instead."
        )
    return None


def _rewrite_problem(repo: GitEvidence, run: Run, verified: str | None, invocation: GitInvocation) -> str | None:
    name = invocation.subcommand or "git"
    if name not in ("reset", "rebase"):
        return f"`git {name}` rewrites history while batch {run.batch_id} is in progress; not allowed during a run."
    if name == "rebase" and invocation.has(*_FLOW):
        return None
    target = _first_revision(invocation)
    if target is None:
        if name == "reset":
            return None  # unstaging, or resetting to HEAD: nothing is rewritten
        return "a rebase without an upstream may rewrite commits from before the batch; name one: git rebase -i <base>"
    if invocation.has("--root"):
        return f"git rebase --root rewrites every commit, including those before batch {run.batch_id}."
    return _target_problem(repo, run, verified, name, target)


def _target_problem(repo: GitEvidence, run: Run, verified: str | None, name: str, target: str) -> str | None:
    resolved = repo.resolve(target).sha
    if resolved is None:
        return None  # git itself will refuse an unknown revision
    if not repo.is_ancestor(run.base, resolved):
        return (
            f"git {name} {target} reaches before batch {run.batch_id}'s base {run.base[:7]}: "
            "commits recorded for earlier batches would be rewritten."
        )
    if verified and not repo.is_ancestor(verified, resolved):
        return f"git {name} {target} would drop {verified[:7]}, the verified commit of batch {run.batch_id}."
    return None


def _first_revision(invocation: GitInvocation) -> str | None:
    """The revision a reset or rebase names: its first operand before `--` (git's parser read the options)."""
    operands = invocation.operands
    return operands[0] if operands and operands[0] != "--" else None


def _second_commit_problem(ws: Workspace, run: Run, invocation: GitInvocation) -> str | None:
    doc = ws.plan(run.task_id)
    batch = doc.batch(run.batch_id)
    if batch is None:
        return None
    ctx = GateContext(ws.repo, ws.config, doc, batch, run.base, ws.state_dir)
    commits, _notes = find_batch_commits(ctx)
    limit = ws.config.commit.max_per_batch
    if len(commits) < limit:
        return None
    paths = _paths_to_commit(ws.repo, invocation)
    if all(ctx.is_bookkeeping(path) for path in paths):
        return None  # a tasks.md-only commit is bookkeeping, not a second batch commit
    existing = ", ".join(c.short for c in commits)
    return (
        f"batch {run.batch_id} already has its batch commit ({existing}; commit.max_per_batch: {limit}). "
        "Fold these changes into it with `git commit --amend`, or commit only bookkeeping files (tasks.md) alone."
    )


def _paths_to_commit(repo: GitEvidence, invocation: GitInvocation) -> set[str]:
    """What the commit would record: the index, plus tracked changes with `-a`, plus its pathspecs.

    `-am MSG` is `-a -m MSG` (git's option table says `-m` takes the rest of the cluster or the next word).
    """
    paths = set(repo.staged_paths())
    if invocation.has("-a", "--all"):
        paths |= {c.path for c in repo.working_changes() if c.index != "?" and c.worktree != " "}
    paths |= {operand for operand in invocation.operands if operand != "--"}
    return paths
