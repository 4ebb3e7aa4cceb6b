"""What every gate shares: its context, its result, its three (four) verdicts."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple

from batchgate.config import Config
from batchgate.evidence.git import Change, CommitInfo, GitEvidence
from batchgate.evidence.worktree import WorktreeStatus
from batchgate.model.types import Batch, FileRef, TasksDoc


class Verdict(str, Enum):
    """A gate's outcome. "could not check" is never "failed", and never "passed"."""

    PASSED = "passed"
    FAILED = "failed"
    COULD_NOT_CHECK = "could-not-check"
    SKIPPED = "skipped"  # turned off in the configuration


class GateResult(NamedTuple):
    """One gate's verdict, the evidence behind it, and the fix in words."""

    gate: str
    verdict: Verdict
    summary: str
    evidence: tuple[str, ...] = ()
    fix: str | None = None


@dataclass
class GateContext:
    """Everything a gate may look at. The commit gate fills in `batch_commit`."""

    repo: GitEvidence
    config: Config
    doc: TasksDoc
    batch: Batch
    base: str | None
    state_dir: str
    planned_tasks: tuple[str, ...] = ()
    planned_files: tuple[str, ...] = ()
    protected_at_assign: dict[str, str] = field(default_factory=dict)  # path -> content digest at assignment
    notes: list[str] = field(default_factory=list)  # what gates tell the report without failing
    batch_commit: CommitInfo | None = None
    batch_changes: list[Change] = field(default_factory=list)
    commit_problem: str | None = None
    _worktree: WorktreeStatus | None = field(default=None, repr=False)

    def worktree(self) -> WorktreeStatus:
        """The work tree, scanned once per command: the clean gate and the build cache share it."""
        if self._worktree is None:
            self._worktree = self.repo.worktree_status()
        return self._worktree

    def tree_key(self) -> str:
        """The build cache's key for the work tree's content (unique when no exact key exists: never a hit)."""
        key = self.worktree().content_key(self.repo.root)
        return key if key is not None else "uncached-" + os.urandom(16).hex()

    def batch_files(self) -> list[FileRef]:
        """Every file the batch's tasks name, each path once."""
        seen: dict[str, FileRef] = {}
        unplaced: list[FileRef] = []
        for task in self.batch.tasks:
            for ref in task.files:
                if ref.path is None:
                    unplaced.append(ref)
                else:
                    seen.setdefault(ref.path, ref)
        for path in self.planned_files:  # dropped from tasks.md after assignment: still required
            seen.setdefault(path, FileRef(path, path, None, self.batch.line))
        return unplaced + list(seen.values())

    def dropped_files(self) -> list[str]:
        """Files the batch had when it was assigned that tasks.md no longer names."""
        named = {ref.path for task in self.batch.tasks for ref in task.files}
        return [path for path in self.planned_files if path not in named]

    def dropped_tasks(self) -> list[str]:
        """Tasks the batch had when it was assigned that tasks.md no longer has."""
        present = {task.id.upper() for task in self.batch.tasks}
        return [task_id for task_id in self.planned_tasks if task_id.upper() not in present]

    def is_bookkeeping(self, path: str) -> bool:
        """True for paths whose changes are records, not work (`task-tracking/` by default)."""
        return any(path.startswith(prefix) for prefix in self.config.bookkeeping)


def passed(gate: str, summary: str, *evidence: str) -> GateResult:
    """A passing result."""
    return GateResult(gate, Verdict.PASSED, summary, evidence)


def failed(gate: str, summary: str, evidence: list[str], fix: str) -> GateResult:
    """A failing result, with what to do about it."""
    return GateResult(gate, Verdict.FAILED, summary, tuple(evidence), fix)


def could_not_check(gate: str, summary: str, fix: str, *evidence: str) -> GateResult:
    """A gate that could not run: neither a pass nor a failure."""
    return GateResult(gate, Verdict.COULD_NOT_CHECK, summary, evidence, fix)
