"""The repository a command acts on: git evidence, configuration, run state, plans."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from typing import Any

from batchgate.config import Config, config_from_rules, load_config
from batchgate.errors import CouldNotCheck, InputError, UsageError
from batchgate.evidence.git import GitEvidence, open_repository
from batchgate.evidence.runstate import Run, RunFileCorrupt, RunStateChanged, held_batch, load_run, state_dir
from batchgate.fsutil import atomic_write
from batchgate.launcher import engine_home, launcher_command
from batchgate.model.reader import read_tasks
from batchgate.model.types import TasksDoc

_TASK_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_CONFIG_CACHE = "config-cache.json"


class RunChangedOutside(CouldNotCheck):
    """The run state is missing, unreadable or rewritten while batchgate's record says a run holds agents."""


@dataclass
class Workspace:
    """One repository, opened once per command."""

    repo: GitEvidence
    config: Config  # the active run's rules as assigned, else .claude/batchgate.yaml as it is now
    state_dir: str

    @property
    def root(self) -> str:
        """The work tree's root folder."""
        return self.repo.root

    @classmethod
    def open(cls, start: str = ".") -> Workspace:
        """The repository containing `start`, with its configuration."""
        repo = open_repository(start)
        directory = state_dir(repo.git_dir)
        return cls(repo, _rules_of_run(directory) or _load_config_cached(repo.root, directory), directory)

    def file_config(self) -> Config:
        """.claude/batchgate.yaml as it is now (what the next `assign` records)."""
        return _load_config_cached(self.root, self.state_dir)

    def tasks_path(self, task_id: str) -> str:
        """`<root>/task-tracking/<TASK_ID>/tasks.md`, after checking TASK_ID is a plain folder name."""
        check_task_id(task_id)
        return os.path.join(self.root, "task-tracking", task_id, "tasks.md")

    def relative(self, path: str) -> str:
        """A path as shown to people: relative to the repository root."""
        return os.path.relpath(path, self.root)

    def plan(self, task_id: str) -> TasksDoc:
        """The parsed tasks.md of TASK_ID (InputError when it is missing)."""
        path = self.tasks_path(task_id)
        if not os.path.isfile(path):
            raise InputError(
                f"task-tracking/{task_id}/tasks.md does not exist",
                "check the TASK_ID, or write the plan first (phase 5, decomposition)",
            )
        real_root = os.path.realpath(self.root)
        if os.path.commonpath([real_root, os.path.realpath(path)]) != real_root:
            raise InputError(
                f"task-tracking/{task_id}/tasks.md leads outside the repository (a symlink?)",
                "keep the plan inside the repository: replace the link with the file itself",
            )
        return read_tasks(path, self.root)

    def run(self, fresh_if_corrupt: bool = False) -> Run | None:
        """The current run of this work tree, if any.

        A corrupt run file is bad input (exit 2) that says how to start afresh; one
        changed outside batchgate could not be checked (exit 3). With `fresh_if_corrupt`
        (assign: the team leader starts afresh) either counts as no run at all.
        """
        try:
            return load_run(self.state_dir)
        except RunStateChanged as error:
            if fresh_if_corrupt:
                return None
            raise RunChangedOutside(str(error), changed_fix(self.state_dir)) from None
        except RunFileCorrupt as error:
            if fresh_if_corrupt:
                return None
            raise InputError(
                f"the run state is unreadable: {error}",
                "assign the batch again (batchgate assign TASK_ID --batch ID) to start a fresh run from HEAD",
            ) from None


def changed_fix(directory: str) -> str:
    """How the team leader recovers from a run state changed outside batchgate."""
    held = held_batch(directory)
    task, batch, base = held or ("TASK_ID", "ID", "")
    review = f", review what happened since the base (git log {base[:7]}..HEAD)" if base else ""
    return (
        f"a gated agent must not touch .git/batchgate; end this run with `batchgate fail {task} --batch {batch} "
        f'--reason "run state changed outside batchgate"`{review}, then assign the batch again'
    )


def _rules_of_run(directory: str) -> Config | None:
    """The rules the active run was assigned with (None: no such run; an untrusted one is refused later)."""
    try:
        run = load_run(directory, trusted=False)
    except RunFileCorrupt:
        return None
    if run is None or not run.active or run.rules is None:
        return None
    try:
        return config_from_rules(run.rules)
    except (InputError, TypeError, ValueError, AttributeError):
        return None


def check_task_id(task_id: str) -> None:
    """Refuse a TASK_ID that is not a plain folder name (`..`, `/`, NUL, spaces…)."""
    if not _TASK_ID.match(task_id) or task_id in {".", ".."} or ".." in task_id:
        raise UsageError(
            f"TASK_ID {task_id[:60]!r} is not a plain folder name",
            "pass the name of a folder in task-tracking/, e.g. TASK_2025_001",
        )


def _load_config_cached(root: str, directory: str) -> Config:
    """The configuration; PyYAML and jsonschema load only for bytes not seen before."""
    return load_config(root, _ConfigCache(os.path.join(directory, _CONFIG_CACHE)))


class _ConfigCache:
    """`<git dir>/batchgate/config-cache.json`: validated configurations by digest (only a cache)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _read(self) -> dict[str, Any]:
        try:
            with open(self.path, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, digest: str) -> dict[str, Any] | None:
        found = self._read().get(digest)
        return found if isinstance(found, dict) else None

    def put(self, digest: str, raw: dict[str, Any]) -> None:
        entries = self._read()
        entries[digest] = raw
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            atomic_write(self.path, json.dumps(dict(list(entries.items())[-16:])).encode())
        except (OSError, TypeError, ValueError):
            pass  # only a cache: the next run validates again


def cli_invocation(root: str) -> str:
    """How Claude runs batchgate from the project directory (this engine's own launcher)."""
    return launcher_command(engine_home(), root)
