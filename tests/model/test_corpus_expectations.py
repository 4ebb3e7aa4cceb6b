"""Real files, hand-read: batch ids, statuses, commits, assignees, tasks and files of 13 corpus files.

Each corpus file is copied into <tmp>/ptah-extension/task-tracking/<ID>/tasks.md, so the folder
holding task-tracking/ is the repository and Windows paths become repository-relative.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from batchgate.model.types import TasksDoc
from tests.model.expect_a import CASES_A
from tests.model.expect_b import CASES_B
from tests.model.expect_types import Case
from tests.model.helpers import read_corpus

ALL: tuple[Case, ...] = CASES_A + CASES_B


def params(wanted: Callable[[Case], object] = bool) -> list[object]:
    """One parameter per case that has what the test checks; ids are the file names."""
    return [pytest.param(case, id=case.name.removesuffix(".md")) for case in ALL if wanted(case)]


CASES = params()


def _read(tmp_path: Path, case: Case) -> TasksDoc:
    return read_corpus(tmp_path, case.name)


@pytest.mark.parametrize("case", CASES)
def test_batches_ids_lines_statuses(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    found = [(b.id, b.line, b.status.value) for b in doc.batches]
    assert found == [(b.id, b.line, b.status) for b in case.batches]


@pytest.mark.parametrize("case", CASES)
def test_batch_commits_and_assignees(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    found = {b.id: (b.commit, b.assignee) for b in doc.batches}
    assert found == {b.id: (b.commit, b.assignee) for b in case.batches}


@pytest.mark.parametrize("case", CASES)
def test_batch_dependencies(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    assert {b.id: tuple(b.dependencies) for b in doc.batches} == {b.id: b.deps for b in case.batches}


@pytest.mark.parametrize("case", CASES)
def test_task_ids_per_batch_and_loose(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    found = {b.id: " ".join(t.id for t in b.tasks) for b in doc.batches}
    assert found == {b.id: b.tasks for b in case.batches}
    assert " ".join(t.id for t in doc.tasks) == case.loose


@pytest.mark.parametrize("case", CASES)
def test_task_statuses(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    assert {t.id: t.status.value for t in doc.all_tasks()} == case.expected_task_statuses()


@pytest.mark.parametrize("case", params(lambda c: c.task_commits or c.subjects))
def test_task_commits_and_batch_subjects(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    tasks = {t.id: t.commit for t in doc.all_tasks() if t.id in case.task_commits}
    assert tasks == case.task_commits
    subjects = {b.id: b.commit_subject for b in doc.batches if b.id in case.subjects}
    assert subjects == case.subjects


@pytest.mark.parametrize("case", params(lambda c: c.task_assignees or c.task_deps))
def test_task_assignees_and_dependencies(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    assignees = {t.id: t.assignee for t in doc.all_tasks() if t.id in case.task_assignees}
    assert assignees == case.task_assignees
    deps = {t.id: tuple(t.dependencies) for t in doc.all_tasks() if t.id in case.task_deps}
    assert deps == case.task_deps


@pytest.mark.parametrize("case", params(lambda c: c.files))
def test_task_files_are_repository_relative(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    found = {t.id: tuple(f.path for f in t.files) for t in doc.all_tasks() if t.id in case.files}
    assert found == case.files
    actions = {t.id: tuple(f.action for f in t.files) for t in doc.all_tasks() if t.id in case.actions}
    assert actions == case.actions


@pytest.mark.parametrize("case", params(lambda c: c.titles))
def test_titles_without_markers(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    units = {f"batch {b.id}": b.title for b in doc.batches} | {f"task {t.id}": t.title for t in doc.all_tasks()}
    assert {key: units.get(key) for key in case.titles} == case.titles


@pytest.mark.parametrize("case", CASES)
def test_expected_warning_codes_present(tmp_path: Path, case: Case) -> None:
    doc = _read(tmp_path, case)
    missing = case.warnings - {w.code for w in doc.warnings}
    assert not missing, f"warnings lack {sorted(missing)}: {[w.message for w in doc.warnings]}"
    assert all(w.line is None or w.line >= 1 for w in doc.warnings)
