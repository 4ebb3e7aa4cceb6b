"""`assign`: the seed's prerequisite checklist, IN PROGRESS, the base commit, the developer's prompt."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.batchrepo import BatchRepo, BatchSpec, TaskSpec

INDEPENDENT = (
    BatchSpec("1", "Server", (TaskSpec("1.1", "Add the server", ("lib/server.py",)),)),
    BatchSpec("2", "Client", (TaskSpec("2.1", "Add the client", ("lib/client.py",)),)),
)
FRONTEND_ONLY = (
    BatchSpec("1", "Page", (TaskSpec("1.1", "Add the page", ("web/page.js",)),), assignee="frontend-developer"),
)
OUTSIDE = (BatchSpec("1", "Escape", (TaskSpec("1.1", "Write outside", ("../outside.py",)),)),)


@dataclass(frozen=True)
class Case:
    """A plan and state in which `assign ARGS` must refuse, and the unchecked line it prints."""

    id: str
    args: tuple[str, ...]
    unmet: str
    plan: tuple[BatchSpec, ...] | None = None
    before: Callable[[BatchRepo], None] | None = None


def _assign_batch_1(br: BatchRepo) -> None:
    br.assign()


def _complete_batch_1(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    assert br.cli("complete", br.task_id).code == 0


CASES = [
    Case("missing plan", ("assign", "NO_SUCH_TASK"), "[ ] task-tracking/NO_SUCH_TASK/tasks.md exists"),
    Case(
        "no backend tasks", ("assign", "T1"), "[ ] Backend tasks exist in tasks.md — 0 backend batch(es)", FRONTEND_ONLY
    ),
    Case(
        "dependency not complete", ("assign", "T1", "--batch", "2"), "[ ] Dependencies are complete — batch 1 (pending)"
    ),
    Case(
        "dependency in progress",
        ("assign", "T1", "--batch", "2"),
        "[ ] Dependencies are complete — batch 1 (in_progress)",
        before=_assign_batch_1,
    ),
    Case(
        "another batch in progress",
        ("assign", "T1", "--batch", "2"),
        "[ ] No other batch is in progress (one batch at a time) — batch 1 of T1 is still assigned",
        INDEPENDENT,
        _assign_batch_1,
    ),
    Case("unknown batch", ("assign", "T1", "--batch", "9"), "[ ] Next backend batch identified — no batch 9"),
    Case(
        "batch already complete",
        ("assign", "T1", "--batch", "1"),
        "[ ] Batch status is PENDING or IN PROGRESS — complete",
        before=_complete_batch_1,
    ),
    Case(
        "a frontend batch for the backend developer",
        ("assign", "T1", "--batch", "3"),
        "[ ] Batch 3 is a backend batch — it is assigned to frontend-developer",
    ),
    Case(
        "a file outside the repository",
        ("assign", "T1"),
        "[ ] Batch 1 passes lint (tasks, files inside the repository)",
        OUTSIDE,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_unmet_prerequisites_refuse_the_assignment(tmp_path: Path, case: Case) -> None:
    br = BatchRepo.create(tmp_path, plan=case.plan) if case.plan else BatchRepo.create(tmp_path)
    if case.before:
        case.before(br)
    plan_before = br.plan_path.read_bytes()
    run_before = br.cli("status", br.task_id, "--json").json()["run"]
    result = br.cli(*case.args)
    assert result.code == 1, result
    assert case.unmet in result.stdout, result.stdout
    assert "Not assigned: fix the unchecked prerequisite(s) above." in result.stdout
    assert "developer prompt" not in result.stdout
    assert br.plan_path.read_bytes() == plan_before, "a refused assignment changes nothing"
    assert br.cli("status", br.task_id, "--json").json()["run"] == run_before


def test_assign_marks_the_batch_records_the_base_and_prints_the_prompt(br: BatchRepo) -> None:
    result = br.cli("assign", br.task_id)
    assert result.code == 0, result
    for line in (
        "[x] task-tracking/T1/tasks.md exists",
        "[x] Backend tasks exist in tasks.md — 2 backend batch(es)",
        "[x] Next backend batch identified — batch 1",
        "[x] Dependencies are complete",
        "Batch 1 assigned: marked IN PROGRESS, base recorded.",
    ):
        assert line in result.stdout
    assert "## Batch 1: Greeting library 🔄 IN PROGRESS - Assigned to backend-developer" in br.plan_path.read_text(
        encoding="utf-8"
    )
    prompt = result.stdout.split("----- developer prompt -----", 1)[1]
    for words in (
        "Task 1.1: Add the greeting function",
        "Task 1.2: Test the greeting",
        "`lib/greet.py` (new)",
        "`tests/test_greet.py` (new)",
        "type(scope): batch 1 - <summary>",
        "`` **Git Commit**: `<sha>` ``",
        "verify T1",
    ):
        assert words in prompt
    run = br.cli("status", br.task_id, "--json").json()["run"]
    assert run["base"] == br.git.head() and run["state"] == "assigned" and run["role"] == "backend"


def test_assigning_again_resumes_and_keeps_the_base(br: BatchRepo) -> None:
    first = br.cli("assign", br.task_id, "--json").json()
    br.do_task_work()
    br.commit_batch()
    again = br.cli("assign", br.task_id, "--json")
    assert again.code == 0
    data = again.json()
    assert data["resumed"] is True and data["batch"] == "1"
    assert data["run"]["base"] == first["run"]["base"] != br.git.head()
    assert "is still assigned (resumed; its base is kept)" in br.cli("assign", br.task_id).stdout


def test_the_frontend_developer_gets_the_frontend_batch(br: BatchRepo) -> None:
    for batch in ("1", "2"):
        br.assign()
        br.honest_work(batch)
        assert br.cli("complete", br.task_id).code == 0
    result = br.cli("assign", br.task_id, "--role", "frontend", "--json")
    assert result.code == 0, result
    data = result.json()
    assert data["batch"] == "3" and data["run"]["role"] == "frontend"
    assert "You are frontend-developer for T1." in data["prompt"]


def test_a_failed_batch_is_only_reassigned_on_purpose(br: BatchRepo) -> None:
    br.assign()
    assert br.cli("fail", br.task_id, "--reason", "the build tool is broken").code == 0
    refused = br.cli("assign", br.task_id)
    assert refused.code == 1
    assert "[ ] Batch status is PENDING or IN PROGRESS — failed" in refused.stdout
    again = br.cli("assign", br.task_id, "--batch", "1")
    assert again.code == 0, again
    assert "IN PROGRESS - Assigned to backend-developer" in br.plan_path.read_text(encoding="utf-8")
