"""CleanGate: no batch file changed after the batch commit (bookkeeping excepted)."""

from __future__ import annotations

from batchgate.gates.base import GateContext, GateResult, failed, passed

NAME = "clean"


def check(ctx: GateContext) -> GateResult:
    """Run the gate."""
    files = {ref.path for ref in ctx.batch_files() if ref.path}
    dirty = [c for c in ctx.worktree().changes if c.path in files and not ctx.is_bookkeeping(c.path)]
    if dirty:
        listed = [f"{c.path}: {_describe(c.index, c.worktree)}" for c in dirty]
        return failed(
            NAME,
            f"{len(dirty)} batch file(s) have uncommitted changes",
            listed,
            "commit them into the batch commit (git add <files> && git commit --amend --no-edit), or discard them",
        )
    return passed(NAME, "no batch file has uncommitted changes")


def _describe(index: str, worktree: str) -> str:
    if index == "?":
        return "untracked"
    parts = []
    if index not in (" ", "?"):
        parts.append("staged, not committed")
    if worktree != " ":
        parts.append("changed in the working tree")
    return " and ".join(parts)
