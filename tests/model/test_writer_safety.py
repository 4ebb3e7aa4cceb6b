"""update_tasks_file: a read-only file or a failing rename is an InputError with the file unchanged and
no temporary file left behind; two writers at once both land."""

from __future__ import annotations

import os
import stat
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from batchgate.errors import InputError
from batchgate.model.edits import Edit
from batchgate.model.types import Status, TasksDoc
from batchgate.model.writer import set_batch_status, update_tasks_file

PLAN = "# P\n\n## Batch 1: A ⏸️ PENDING\n\n### Task 1.1: x\n\n## Batch 2: B ⏸️ PENDING\n\n### Task 2.1: y\n"


def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "repo" / "task-tracking" / "TASK_T" / "tasks.md"
    path.parent.mkdir(parents=True)
    path.write_bytes(PLAN.encode())
    return path


def complete(batch_id: str) -> Callable[[TasksDoc], list[Edit]]:
    def plan(doc: TasksDoc) -> list[Edit]:
        found = doc.batch(batch_id)
        assert found is not None
        return set_batch_status(doc, found, Status.COMPLETE)

    return plan


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_read_only_file_is_an_input_error_and_unchanged(tmp_path: Path) -> None:
    path = plan_file(tmp_path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(InputError, match=r"cannot write .*read-only"):
            update_tasks_file(str(path), None, complete("1"))
        assert path.read_bytes() == PLAN.encode()
        assert siblings(path) == ["tasks.md"]
        assert stat.S_IMODE(path.stat().st_mode) == stat.S_IRUSR | stat.S_IRGRP
    finally:
        path.chmod(0o644)


def test_failing_rename_leaves_the_file_and_no_temp_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = plan_file(tmp_path)

    def no_space(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_space)  # what fsutil.atomic_write renames with
    with pytest.raises(InputError, match="No space left on device"):
        update_tasks_file(str(path), None, complete("1"))
    monkeypatch.undo()
    assert path.read_bytes() == PLAN.encode()
    assert siblings(path) == ["tasks.md"]


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        update_tasks_file(str(tmp_path / "nope" / "tasks.md"), None, complete("1"))


def test_write_keeps_the_mode_and_returns_the_new_model(tmp_path: Path) -> None:
    path = plan_file(tmp_path)
    path.chmod(0o640)
    written = update_tasks_file(str(path), None, complete("2"))
    assert [b.status for b in written.batches] == [Status.PENDING, Status.COMPLETE]
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == PLAN.replace("B ⏸️ PENDING", "B ✅ COMPLETE")


def test_two_writers_at_once_both_land(tmp_path: Path) -> None:
    path = plan_file(tmp_path)
    errors: list[BaseException] = []

    def write(batch_id: str) -> None:
        try:
            for _ in range(5):
                update_tasks_file(str(path), None, complete(batch_id))
        except BaseException as error:  # reported below
            errors.append(error)

    threads = [threading.Thread(target=write, args=(batch_id,)) for batch_id in ("1", "2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert "A ✅ COMPLETE" in path.read_text(encoding="utf-8")
    assert "B ✅ COMPLETE" in path.read_text(encoding="utf-8")
    assert siblings(path) == ["tasks.md"]
