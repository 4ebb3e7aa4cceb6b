"""Which developer a batch is for: backend, frontend, or someone else."""

from __future__ import annotations

from batchgate.config import Config
from batchgate.model.types import DONE_STATUSES, Batch, Status, TasksDoc

BACKEND, FRONTEND, OTHER = "backend", "frontend", "other"
FINISHED = frozenset({Status.COMPLETE, Status.SKIPPED})


def role_of(batch: Batch, config: Config) -> str:
    """backend / frontend by the batch's assignee; a batch with no assignee counts as backend."""
    if batch.assignee is None or batch.assignee in config.backend_agents:
        return BACKEND
    if batch.assignee in config.frontend_agents:
        return FRONTEND
    return OTHER


def agents_for(role: str, config: Config) -> list[str]:
    """The subagents that work (and are held) for a role."""
    return list(config.frontend_agents if role == FRONTEND else config.backend_agents)


def batches_of(doc: TasksDoc, role: str, config: Config) -> list[Batch]:
    """The role's batches, in document order."""
    return [b for b in doc.batches if role_of(b, config) == role]


def remaining(doc: TasksDoc, role: str, config: Config) -> list[Batch]:
    """The role's batches not yet complete (or skipped)."""
    return [b for b in batches_of(doc, role, config) if b.status not in FINISHED]


def role_warnings(doc: TasksDoc, config: Config) -> list[str]:
    """Batches whose role had to be guessed."""
    return [f"batch {b.id} has no assignee; it counts as a backend batch" for b in doc.batches if b.assignee is None]


def tasks_done(batch: Batch) -> int:
    """How many of a batch's tasks are implemented, complete or skipped."""
    return sum(1 for task in batch.tasks if task.status in DONE_STATUSES)
