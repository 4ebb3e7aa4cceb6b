"""The shape of a hand-written expectation for one corpus file."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class B:
    """One batch as the Markdown says it: id, heading line, status, commit, assignee, dependencies,
    its task ids (space-separated) and the status all its tasks share (None: see Case.task_status)."""

    id: str
    line: int
    status: str
    commit: str | None
    assignee: str | None
    deps: tuple[str, ...]
    tasks: str
    task_status: str | None = None


@dataclass(frozen=True)
class Case:
    """Expectations for one corpus file, read off the Markdown by hand."""

    name: str
    batches: tuple[B, ...]
    loose: str = ""
    task_status: dict[str, str] = field(default_factory=dict)
    task_commits: dict[str, str | None] = field(default_factory=dict)
    task_assignees: dict[str, str | None] = field(default_factory=dict)
    task_deps: dict[str, tuple[str, ...]] = field(default_factory=dict)
    files: dict[str, tuple[str, ...]] = field(default_factory=dict)
    actions: dict[str, tuple[str | None, ...]] = field(default_factory=dict)
    subjects: dict[str, str | None] = field(default_factory=dict)  # batch id -> commit subject
    titles: dict[str, str] = field(default_factory=dict)  # "batch 1" / "task 1.1" -> title
    warnings: frozenset[str] = frozenset()  # warning codes that must be present

    def expected_task_statuses(self) -> dict[str, str]:
        """Every task id -> status: the batch's shared status, then the per-task ones."""
        statuses: dict[str, str] = {}
        for entry in self.batches:
            if entry.task_status is not None:
                statuses.update(dict.fromkeys(entry.tasks.split(), entry.task_status))
        statuses.update(self.task_status)
        return statuses
