"""FilesGate: every file of the batch is real, inside the repository, and in the batch commit.

For each file: placed inside the repository (no `..`, no absolute path
elsewhere, no symlink leading out), present in the working tree and in the
batch commit's tree, touched by the batch commit, and not an empty stub.
A file the plan marks for deletion must be gone from both instead.
"""

from __future__ import annotations

import os

from batchgate.gates.base import GateContext, GateResult, could_not_check, failed, passed
from batchgate.model.types import FileRef

NAME = "files"


def check(ctx: GateContext) -> GateResult:
    """Run the gate (after the commit gate, whose batch commit it inspects)."""
    files = ctx.batch_files()
    if not files:
        return failed(
            NAME, f"batch {ctx.batch.id} names no files", [], "list each task's files in tasks.md (**File(s)**: `path`)"
        )
    problems = [
        f"{path}: removed from tasks.md after the batch was assigned; still required" for path in ctx.dropped_files()
    ]
    for ref in files:
        problems += _problems(ctx, ref)
    if problems:
        return failed(
            NAME, f"{len(problems)} problem(s) with the batch's {len(files)} file(s)", problems, _fix(problems)
        )
    if ctx.batch_commit is None:
        return could_not_check(
            NAME,
            f"all {len(files)} file(s) exist, but there is no batch commit to compare them with",
            "see the commit gate",
        )
    return passed(NAME, f"all {len(files)} file(s) exist, are in {ctx.batch_commit.short} and were changed by it")


def _problems(ctx: GateContext, ref: FileRef) -> list[str]:
    if ref.path is None:
        return [f"{ref.raw}: {ref.problem} (tasks.md line {ref.line})"]
    where = _escape(ctx.repo.root, ref.path)
    if where:
        return [f"{ref.path}: {where}"]
    if ref.action == "delete":
        return _deleted_problems(ctx, ref.path)
    problems = _working_tree_problems(ctx.repo.root, ref.path)
    if ctx.batch_commit is not None:
        problems += _commit_problems(ctx, ref.path)
    return problems


def _escape(root: str, path: str) -> str | None:
    """Why `path` leads outside the repository, or None when it stays inside."""
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(root, path))
    if os.path.commonpath([real_root, target]) != real_root:
        return f"leads outside the repository (to {target})"
    if os.path.relpath(target, real_root).split(os.sep)[0] == ".git":
        return "is inside the .git directory"
    return None


def _working_tree_problems(root: str, path: str) -> list[str]:
    full = os.path.join(root, path)
    if not os.path.lexists(full):
        return [f"{path}: missing from the working tree"]
    if not os.path.isfile(full):
        return [f"{path}: is not a regular file"]
    try:
        with open(full, "rb") as handle:
            head = handle.read(1 << 20)
    except OSError as error:
        return [f"{path}: cannot be read ({error.strerror})"]
    if not head.strip():
        return [f"{path}: is empty or only whitespace (a stub)"]
    return []


def _commit_problems(ctx: GateContext, path: str) -> list[str]:
    commit = ctx.batch_commit
    assert commit is not None
    blob = ctx.repo.blob(commit.sha, path)
    if blob is None:
        return [f"{path}: not in batch commit {commit.short}'s tree (never committed)"]
    content, is_link = blob
    if is_link and _escape(ctx.repo.root, os.path.join(os.path.dirname(path), content.decode("utf-8", "replace"))):
        return [f"{path}: committed as a symlink leading outside the repository"]
    touched = {change.path for change in ctx.batch_changes}
    if path not in touched:
        return [f"{path}: not changed by batch commit {commit.short}"]
    if not content.strip():
        return [f"{path}: committed empty or only whitespace (a stub)"]
    return []


def _deleted_problems(ctx: GateContext, path: str) -> list[str]:
    problems = []
    if os.path.lexists(os.path.join(ctx.repo.root, path)):
        problems.append(f"{path}: marked for deletion but still in the working tree")
    commit = ctx.batch_commit
    if commit is not None and ctx.repo.blob(commit.sha, path) is not None:
        problems.append(f"{path}: marked for deletion but still in batch commit {commit.short}")
    return problems


def _fix(problems: list[str]) -> str:
    if any("outside" in p or "cannot be placed" in p for p in problems):
        return "keep every batch file inside the repository; fix the paths in tasks.md"
    if any("not changed by" in p or "never committed" in p or "missing" in p for p in problems):
        return (
            "create or change each listed file, then include all of them in the ONE batch commit (amend it if needed)"
        )
    return "give each file its real content, then include it in the batch commit"
