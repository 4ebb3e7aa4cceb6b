"""ScopeGate: the batch commit changes only files its tasks name.

A file the batch commit changes that no task of the batch names (bookkeeping
excepted) is listed in the report as a note; with `scope: fail` in the rules
the gate fails instead. Without a batch commit there is nothing to compare.
"""

from __future__ import annotations

from batchgate.gates.base import GateContext, GateResult, failed, passed

NAME = "scope"


def check(ctx: GateContext) -> GateResult:
    """Run the gate (after the commit gate, which finds the batch commit)."""
    commit = ctx.batch_commit
    if commit is None:
        return passed(NAME, "no batch commit to compare with the plan")
    named = {ref.path for ref in ctx.batch_files() if ref.path}
    outside = []
    for change in ctx.batch_changes:
        outside += [p for p in (change.path, change.old_path) if p and p not in named and not ctx.is_bookkeeping(p)]
    outside = list(dict.fromkeys(outside))
    if not outside:
        return passed(NAME, f"{commit.short} changes only files the batch's tasks name")
    summary = f"{commit.short} changes {len(outside)} file(s) no task of batch {ctx.batch.id} names"
    if ctx.config.scope == "fail":
        return failed(
            NAME,
            summary,
            outside,
            "take those changes out of the batch commit (git checkout HEAD~1 -- <path>, git commit --amend), "
            "or have the plan name them in a task of the batch (scope: fail in .claude/batchgate.yaml)",
        )
    ctx.notes.append(f"{summary}: {', '.join(outside[:10])}{' …' if len(outside) > 10 else ''} (scope: note)")
    return passed(NAME, f"{summary} (noted; `scope: fail` would fail it)")
