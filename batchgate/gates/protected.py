"""ProtectedGate: the batch changed nothing that configures the referee or the agents.

A path is protected when `batchgate.protect` says so under the run's rules
(always: Claude Code's settings, .claude/batchgate.yaml, the installed engine;
by default also `.claude/**`, replaced by the `protect:` key). Changed means:
by any commit since the base (or, without a run, by the batch commit), or in
the working tree, unless it was already changed the same way when the batch
was assigned (the team leader's own edit). Bookkeeping paths stay free.
"""

from __future__ import annotations

import os

from batchgate.gates.base import GateContext, GateResult, failed, passed
from batchgate.protect import protecting_glob

NAME = "protected"


def check(ctx: GateContext) -> GateResult:
    """Run the gate (after the commit gate, whose batch commit it inspects when there is no base)."""
    found: dict[str, tuple[str, str]] = {}
    for path, where in _committed(ctx) + _uncommitted(ctx):
        glob = protecting_glob(path, ctx.config.protect, ctx.config.bookkeeping)
        if glob is not None:
            found.setdefault(path, (glob, where))
    if not found:
        return passed(NAME, "the batch changed no protected path")
    evidence = [f"{path}: {where} (protected by {glob!r})" for path, (glob, where) in found.items()]
    return failed(NAME, f"the batch changed {len(found)} protected path(s)", evidence, _fix(ctx))


def _committed(ctx: GateContext) -> list[tuple[str, str]]:
    """(path, by which commit) for every path a commit of the batch touched (both names of a rename)."""
    head = ctx.repo.head()
    if head is None:
        return []
    if ctx.base is not None:
        commits = ctx.repo.commits_between(ctx.base, head)
    else:
        commits = [ctx.batch_commit] if ctx.batch_commit is not None else []
    touched = []
    for commit in commits:
        for change in ctx.repo.changes(commit):
            for path in (change.path, change.old_path):
                if path:
                    touched.append((path, f"changed by commit {commit.short}"))
    return touched


def _uncommitted(ctx: GateContext) -> list[tuple[str, str]]:
    """(path, how) for working-tree changes the batch made (not those already there at assignment)."""
    before = ctx.protected_at_assign
    return [
        (change.path, "changed in the working tree (not committed)")
        for change in ctx.worktree().changes  # the one scan the clean gate and the build key share
        if change.path not in before or before[change.path] != content_digest(ctx.repo.root, change.path)
    ]


def content_digest(root: str, path: str) -> str:
    """SHA-256 of a work-tree file ("" when it is absent or not a file): what the gate compares with assignment."""
    import hashlib

    full = os.path.join(root, path)
    try:
        with open(full, "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except OSError:
        return ""


def _fix(ctx: GateContext) -> str:
    base = ctx.base[:7] if ctx.base else "<base>"
    return (
        f"revert each of them (git checkout {base} -- <path>, or delete a file the batch added), then amend the "
        "batch commit (git commit --amend --no-edit) so no commit of the batch changes them; "
        "if the batch really needs the change, the team leader makes it outside the batch. "
        "To let batches change such paths, the user adjusts the `protect:` key in .claude/batchgate.yaml "
        "(a list of globs replacing the default [.claude/**]; .claude/settings*.json, .claude/batchgate.yaml "
        "and the installed engine stay protected), and the batch is assigned again"
    )
