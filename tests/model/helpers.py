"""Helpers for the model tests: parse text, place corpus copies in a repository layout, diff bytes."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

from batchgate.model.reader import parse_tasks, read_tasks
from batchgate.model.types import Batch, Task, TasksDoc
from tests.support.paths import CORPUS, require_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "tasks"
REPO_NAME = "ptah-extension"


def parse_text(text: str, repo_root: Path | None = None, task_id: str = "TASK_T") -> TasksDoc:
    """Parse a tasks.md given as text, as if it lived at task-tracking/<task_id>/tasks.md."""
    root = repo_root if repo_root is not None else Path("/nonexistent/repo")
    path = root / "task-tracking" / task_id / "tasks.md"
    return parse_tasks(text.encode("utf-8"), str(path), str(root) if repo_root is not None else None)


def corpus_in_repo(tmp_path: Path, name: str, data: bytes | None = None) -> Path:
    """Copy corpus file `name` to <tmp>/ptah-extension/task-tracking/<ID>/tasks.md (or write `data` there)."""
    source = require_corpus() / name
    target = tmp_path / REPO_NAME / "task-tracking" / Path(name).stem / "tasks.md"
    target.parent.mkdir(parents=True, exist_ok=True)
    if data is None:
        shutil.copyfile(source, target)
    else:
        target.write_bytes(data)
    return target


def read_corpus(tmp_path: Path, name: str) -> TasksDoc:
    """The parsed model of corpus file `name`, read from a repository layout in tmp."""
    return read_tasks(str(corpus_in_repo(tmp_path, name)))


def corpus_bytes(name: str) -> bytes:
    """The bytes of one corpus file."""
    return (CORPUS / name).read_bytes()


def fixture(name: str) -> str:
    """The text of one of the project's own fixture files."""
    return (FIXTURES / name).read_text(encoding="utf-8")


def batch(doc: TasksDoc, batch_id: str) -> Batch:
    """The batch with this id; fails the test when it is missing."""
    found = doc.batch(batch_id)
    assert found is not None, f"no batch {batch_id}; batches: {[b.id for b in doc.batches]}"
    return found


def task(doc: TasksDoc, task_id: str) -> Task:
    """The one task with this id; fails the test when it is missing or ambiguous."""
    found = [t for t in doc.all_tasks() if t.id == task_id]
    assert len(found) == 1, f"expected one task {task_id}, found {len(found)}"
    return found[0]


def codes(doc: TasksDoc) -> list[str]:
    """The codes of the reader's warnings, in order."""
    return [w.code for w in doc.warnings]


def changed_lines(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    """(removed, added) lines between two versions, line endings kept."""
    removed: list[str] = []
    added: list[str] = []
    before = old.decode("utf-8-sig").splitlines(keepends=True)
    after = new.decode("utf-8-sig").splitlines(keepends=True)
    for line in difflib.ndiff(before, after):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added
