"""The next step accounts for every batch (issue 18): a batch no backend or frontend developer runs
(manual testing, say) that is not complete is named, and phase 7 waits for it.

Table-driven over the other batch's status, through the real CLI (`status`, `next`, both text
and JSON) and through `complete` of the last developer batch.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.batchplan import BatchSpec, TaskSpec
from tests.support.batchrepo import BatchRepo, schema_errors

MARKERS = {
    "blocked": "🚫 BLOCKED",
    "failed": "❌ FAILED",
    "pending": "⏸️ PENDING",
    "implemented": "🔄 IMPLEMENTED",
    "complete": "✅ COMPLETE",
    "skipped": "⏭️ SKIPPED",
}


def plan(other: str, backend: str = "✅ COMPLETE") -> str:
    """Backend batch 1, frontend batch 2 complete; batch 5 (manual testing, senior-tester) as `other` says."""
    return (
        "# Development Tasks - T1\n\n"
        f"## Batch 1: API {backend}\n\n**Assigned To**: backend-developer\n\n"
        f"### Task 1.1: Endpoint {backend}\n\n**File(s)**: `lib/api.py`\n\n"
        "## Batch 2: Page ✅ COMPLETE\n\n**Assigned To**: frontend-developer\n\n"
        "### Task 2.1: Page ✅ COMPLETE\n\n**File(s)**: `web/page.js`\n\n"
        f"## Batch 5: Manual testing {other}\n\n**Assigned To**: senior-tester\n\n"
        f"### Task 5.1: Click through {other}\n\n**File(s)**: N/A (manual)\n"
    )


# status of batch 5 -> (words the reason must hold, or None: phase 7 is next)
CASES = {
    "blocked": ("batch 5 (Manual testing), blocked, not a backend or frontend batch", "ask the user for guidance"),
    "failed": ("batch 5 (Manual testing), failed, not a backend or frontend batch", "ask the user for guidance"),
    "pending": ("batch 5 (Manual testing), pending, not a backend or frontend batch", "have it done (it is assigned"),
    "implemented": ("batch 5 (Manual testing), implemented, not a backend or frontend batch", "verify it (it is"),
    "complete": None,
    "skipped": None,
}


@pytest.fixture
def repo(tmp_path: Path) -> BatchRepo:
    return BatchRepo.create(tmp_path)


@pytest.mark.parametrize(("status", "expected"), list(CASES.items()), ids=list(CASES))
@pytest.mark.parametrize("role", ["backend", "frontend"])
def test_next_names_the_other_batch_and_waits(
    repo: BatchRepo, status: str, expected: tuple[str, str] | None, role: str
) -> None:
    repo.plan_path.write_text(plan(MARKERS[status]), encoding="utf-8")
    result = repo.cli("next", "T1", "--role", role, "--json")
    assert result.code == 0 and not schema_errors(result.json()), result
    step = result.json()["next"]
    assert step["command"] == "/phase-7-completion T1"
    text = repo.cli("next", "T1", "--role", role).stdout
    if expected is None:
        assert (step["blocked"], step["batch"], step["reason"]) == (False, None, "all batches are complete")
        assert "Next: /phase-7-completion T1" in text
        return
    assert step["blocked"] is True and step["batch"]["id"] == "5" and step["batch"]["role"] == "other"
    for words in expected:
        assert words in step["reason"]
    assert "all batches must show ✅ COMPLETE before phase 7" in step["reason"]
    assert f"No {role} batch left, but not every batch is complete." in text
    assert f"Next: before /phase-7-completion T1, {expected[0]}" in text


@pytest.mark.parametrize(("status", "expected"), list(CASES.items()), ids=list(CASES))
def test_status_says_the_same(repo: BatchRepo, status: str, expected: tuple[str, str] | None) -> None:
    repo.plan_path.write_text(plan(MARKERS[status]), encoding="utf-8")
    report = repo.cli("status", "T1", "--json").json()
    assert not schema_errors(report)
    assert report["next"]["blocked"] is (expected is not None)
    last = repo.cli("status", "T1").stdout.strip().splitlines()[-1]
    if expected is None:
        assert last == "Next: /phase-7-completion T1 — all batches are complete"
    else:
        assert last.startswith(f"Next: before /phase-7-completion T1, {expected[0]}: ") and expected[1] in last


def test_a_developer_batch_left_comes_first(repo: BatchRepo) -> None:
    repo.plan_path.write_text(plan(MARKERS["blocked"], backend="⏸️ PENDING"), encoding="utf-8")
    step = repo.cli("next", "T1", "--json").json()["next"]
    assert (step["command"], step["batch"]["id"], step["blocked"]) == ("/phase-6-backend-execution T1", "1", False)


MANUAL = BatchSpec("5", "Manual testing", (TaskSpec("5.1", "Click through", ("docs/checklist.md",)),), "senior-tester")
PLAN = (BatchSpec("1", "Greeting library", (TaskSpec("1.1", "Add the greeting function", ("lib/greet.py",)),)), MANUAL)


@pytest.mark.parametrize("status", ["blocked", "failed", "pending"])
def test_complete_of_the_last_developer_batch_stops_short_of_phase_7(tmp_path: Path, status: str) -> None:
    br = BatchRepo.create(tmp_path, plan=PLAN)
    text = br.plan_path.read_text(encoding="utf-8")
    br.git.write(
        br.plan_path.relative_to(br.root).as_posix(),
        text.replace("Manual testing ⏸️ PENDING", f"Manual testing {MARKERS[status]}"),
    )
    br.git.commit("docs: batch 5 is " + status)
    br.assign()
    br.honest_work()
    result = br.cli("complete", "T1")
    assert result.code == 0, result
    assert (
        f"Next: before /phase-7-completion T1, batch 5 (Manual testing), {status}, not a backend or frontend batch"
        in result.stdout
    )
    assert f"## Batch 5: Manual testing {MARKERS[status]}" in br.plan_path.read_text(encoding="utf-8")
    step = br.cli("next", "T1", "--json").json()["next"]
    assert step["blocked"] is True and step["batch"]["id"] == "5"


def test_every_other_batch_left_is_named(repo: BatchRepo) -> None:
    extra = "\n## Batch 6: Release notes ❌ FAILED\n\n**Assigned To**: tech-writer\n\n### Task 6.1: Notes ❌ FAILED\n"
    repo.plan_path.write_text(plan(MARKERS["pending"]) + extra, encoding="utf-8")
    reason = repo.cli("next", "T1", "--json").json()["next"]["reason"]
    first, second = reason.index("batch 5 (Manual testing), pending"), reason.index("batch 6 (Release notes), failed")
    assert first < second and "it is assigned to tech-writer" not in reason  # a failure goes to the user
