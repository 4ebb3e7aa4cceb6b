"""The developer's prompt for one batch: its tasks, files, patterns, quality bar, protocol."""

from __future__ import annotations

from batchgate.model.types import Batch, Task

_DETAIL_FIELDS = (
    ("Specification Reference", "Specification"),
    ("Spec Reference", "Specification"),
    ("Pattern to Follow", "Pattern to follow"),
    ("Pattern", "Pattern to follow"),
    ("Expected Commit Pattern", "Expected commit"),
    ("Quality Requirements", "Quality requirements"),
    ("Implementation Details", "Implementation details"),
    ("Acceptance Criteria", "Acceptance criteria"),
)


def developer_prompt(task_id: str, batch: Batch, agent: str, tasks_path: str, cli: str) -> str:
    """The whole prompt the team leader hands to the developer."""
    lines = [
        f"You are {agent} for {task_id}.",
        "",
        f"## Your assigned batch: Batch {batch.id} — {batch.title}",
        "",
        f"Plan: {tasks_path} (Batch {batch.id}, line {batch.line}, marked IN PROGRESS - Assigned to {agent}).",
        "",
        "### Tasks, in order",
        "",
    ]
    for number, task in enumerate(batch.tasks, 1):
        lines += _task_block(number, task)
    lines += _protocol(task_id, batch, tasks_path, cli)
    return "\n".join(lines)


def _task_block(number: int, task: Task) -> list[str]:
    block = [f"{number}. Task {task.id}: {task.title}"]
    for ref in task.files:
        action = f" ({ref.action})" if ref.action else ""
        block.append(f"   - File: `{ref.path or ref.raw}`{action}")
    seen: set[str] = set()
    for name, label in _DETAIL_FIELDS:
        value = task.fields.get(name)
        if value and label not in seen:
            seen.add(label)
            block.append(f"   - {label}: " + value.replace("\n", "\n     "))
    return [*block, ""]


def _protocol(task_id: str, batch: Batch, tasks_path: str, cli: str) -> list[str]:
    ids = [task.id for task in batch.tasks]
    body = [f"   - Task {task.id}: {task.title}" for task in batch.tasks]
    return [
        "### How to work (batchgate checks every point when you stop)",
        "",
        f"1. Execute ALL tasks of Batch {batch.id} ({', '.join(ids)}) in order; after each, `git add` its files.",
        "2. Make ONE commit for the whole batch, after the last task, with this message:",
        "",
        f"   type(scope): batch {batch.id} - <summary>",
        "",
        *body,
        "",
        "   Never use --no-verify, never amend or rewrite other commits.",
        f"3. Update {tasks_path}: mark every task of Batch {batch.id} IMPLEMENTED and record the commit under the",
        f"   Batch {batch.id} heading as `` **Git Commit**: `<sha>` ``. (tasks.md is bookkeeping: leave it",
        "   uncommitted or commit it on its own.)",
        f"4. Self-verify: run `{cli} verify {task_id}` and fix everything it reports.",
        "5. Finish with a short report: the batch commit SHA, the files created or changed, anything left undone.",
        "",
        "You cannot stop until the commit exists, every file of the batch is in it, tasks.md records its SHA and the",
        "build passes. If you are told why you were stopped, fix exactly that and repeat your full final report.",
    ]
