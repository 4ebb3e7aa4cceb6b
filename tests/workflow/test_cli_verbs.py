"""The team leader's verbs through the real CLI: --json against the schema, -C, TASK_ID checks, exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.batchrepo import BatchRepo, BatchSpec, TaskSpec, schema_errors
from tests.support.cli import run_cli


def _valid(data: object, kind: str) -> None:
    assert isinstance(data, dict) and data["kind"] == kind
    assert schema_errors(data) == []


def test_every_json_output_validates_against_the_report_schema(br: BatchRepo) -> None:
    t = br.task_id
    for args, kind, code in [
        (("status", t), "status", 0),
        (("next", t), "next", 0),
        (("next", t, "--role", "frontend"), "next", 0),
        (("assign", t, "--batch", "2"), "assign", 1),  # a dependency is not complete
        (("assign", t), "assign", 0),
        (("status", t), "status", 0),
        (("verify", t), "verify", 1),
        (("complete", t), "complete", 1),
    ]:
        result = br.cli(*args, "--json")
        assert result.code == code, (args, result)
        _valid(result.json(), kind)
    br.honest_work()
    for args, kind in [(("verify", t), "verify"), (("complete", t), "complete"), (("status", t), "status")]:
        result = br.cli(*args, "--json")
        assert result.code == 0, result
        _valid(result.json(), kind)
    assert br.cli("assign", t, "--json").code == 0
    failed = br.cli("fail", t, "--reason", "the API it needs does not exist", "--json")
    assert failed.code == 0, failed
    _valid(failed.json(), "fail")
    for args in [("audit", t), ("audit", "--all")]:
        audited = br.cli(*args, "--json")
        assert audited.code == 0, audited
        _valid(audited.json(), "audit")


def test_status_json_says_where_the_task_stands(br: BatchRepo) -> None:
    br.assign()
    data = br.cli("status", br.task_id, "--json").json()
    assert [(b["id"], b["status"], b["role"]) for b in data["batches"]] == [
        ("1", "in_progress", "backend"),
        ("2", "pending", "backend"),
        ("3", "pending", "frontend"),
    ]
    assert data["run"]["batch"] == "1" and data["run"]["active"] is True
    assert data["progress"]["backend"] == {"batches_complete": 0, "batches": 2, "tasks_complete": 0, "tasks": 3}
    assert data["next"]["command"] == f"/phase-6-backend-execution {br.task_id}"


def test_dash_c_works_from_another_directory_and_the_build_runs_in_the_root(br: BatchRepo, tmp_path: Path) -> None:
    br.assign()
    br.honest_work()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = br.cli("-C", str(br.root), "verify", br.task_id, cwd=elsewhere)
    assert result.code == 0, result
    assert "VERIFIED" in result.stdout
    assert br.builds() == [(str(br.root), "")]


def test_from_a_subdirectory_the_repository_is_found_and_the_build_runs_in_the_root(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    result = br.cli("verify", br.task_id, cwd=br.root / "lib")
    assert result.code == 0, result
    assert br.builds() == [(str(br.root), "")]


def test_dash_c_to_a_missing_directory_is_a_usage_error(br: BatchRepo) -> None:
    result = br.cli("-C", str(br.root / "nope"), "status", br.task_id, cwd=br.home)
    assert result.code == 2
    assert "cannot change to" in result.stderr and "fix:" in result.stderr


def test_outside_a_git_repository_could_not_check(br: BatchRepo) -> None:
    result = br.cli("status", br.task_id, cwd=br.home)
    assert result.code == 3, result
    assert "is not inside a git repository" in result.stderr and "-C DIR" in result.stderr


BAD_IDS = ["../x", "a/b", "", ".", "..", "x y", "x/../T1", "T1/", "..T1"]


@pytest.mark.parametrize("task_id", BAD_IDS, ids=[repr(i) for i in BAD_IDS])
def test_a_task_id_that_is_not_a_plain_folder_name_is_refused(br: BatchRepo, task_id: str) -> None:
    result = br.cli("status", task_id)
    assert result.code == 2, result
    assert "is not a plain folder name" in result.stderr and "fix:" in result.stderr


VERB_ARGS = {
    "status": (),
    "next": (),
    "assign": (),
    "verify": (),
    "complete": (),
    "fail": ("--reason", "x"),
    "audit": (),
}


@pytest.mark.parametrize("verb", list(VERB_ARGS))
def test_every_verb_refuses_a_path_as_task_id(br: BatchRepo, verb: str) -> None:
    (br.root / "x").mkdir()
    (br.root / "x" / "tasks.md").write_text((br.plan_path).read_text(encoding="utf-8"), encoding="utf-8")
    result = br.cli(verb, "../x", *VERB_ARGS[verb])
    assert result.code == 2, result
    assert "is not a plain folder name" in result.stderr
    assert br.cli("status", br.task_id, "--json").json()["run"] is None, "nothing was assigned"


def test_a_missing_plan_is_bad_input(br: BatchRepo) -> None:
    for verb in ("status", "next", "verify", "complete"):
        result = br.cli(verb, "NO_SUCH_TASK")
        assert result.code == 2, (verb, result)
        assert "task-tracking/NO_SUCH_TASK/tasks.md does not exist" in result.stderr


def test_verify_without_a_run_asks_for_a_batch(br: BatchRepo) -> None:
    result = br.cli("verify", br.task_id)
    assert result.code == 2
    assert "no batch of T1 is in progress" in result.stderr and "--batch" in result.stderr
    unknown = br.cli("verify", br.task_id, "--batch", "9")
    assert unknown.code == 2 and "has no batch 9" in unknown.stderr and "1, 2, 3" in unknown.stderr


def test_verify_exit_codes_are_0_1_3(br: BatchRepo, tmp_path: Path) -> None:
    br.assign()
    assert br.cli("verify", br.task_id).code == 1
    br.honest_work()
    assert br.cli("verify", br.task_id).code == 0
    other = BatchRepo.create(tmp_path / "other", config={"build": {"command": ["batchgate-no-such-tool"]}})
    other.assign()
    other.honest_work()
    missing = other.cli("verify", other.task_id)
    assert missing.code == 3
    assert "[????] build" in missing.stdout and "COULD-NOT-CHECK" in missing.stdout


def test_verify_acts_on_the_run_even_after_the_developer_marked_the_batch_complete(br: BatchRepo) -> None:
    br.assign()
    sha = br.honest_work()
    text = br.plan_path.read_text(encoding="utf-8")
    br.plan_path.write_text(
        text.replace("🔄 IN PROGRESS - Assigned to backend-developer", "✅ COMPLETE", 1), encoding="utf-8"
    )
    result = br.cli("verify", br.task_id, "--json")
    assert result.code == 0, result
    assert result.json()["batch"] == "1" and result.json()["batch_commit"] == sha
    done = br.cli("complete", br.task_id)
    assert done.code == 0, done
    assert "Batch 1 complete" in done.stdout


def test_a_second_verify_prints_the_cached_build(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    assert br.cli("verify", br.task_id).code == 0
    again = br.cli("verify", br.task_id)
    assert again.code == 0 and "cached result" in again.stdout
    assert len(br.builds()) == 1


def test_the_cli_works_where_the_checkout_is_not_the_working_directory(br: BatchRepo) -> None:
    result = run_cli("-C", str(br.root), "next", br.task_id, cwd=Path("/"))
    assert result.code == 0, result
    assert "Next backend batch: Batch 1" in result.stdout


def test_a_batch_without_an_assignee_counts_as_backend_with_a_warning(tmp_path: Path) -> None:
    plan = (BatchSpec("1", "Unowned", (TaskSpec("1.1", "Add it", ("lib/greet.py",)),), assignee=None),)
    br = BatchRepo.create(tmp_path, plan=plan)
    status = br.cli("status", br.task_id, "--json").json()
    assert status["batches"][0]["role"] == "backend"
    warning = "batch 1 has no assignee; it counts as a backend batch"
    assert warning in status["warnings"]
    unverified = br.cli("verify", br.task_id, "--batch", "1", "--json").json()
    assert warning in unverified["notes"]
    assert br.cli("assign", br.task_id).code == 0
    assert br.cli("status", br.task_id, "--json").json()["batches"][0]["assignee"] == "backend-developer"


def test_a_plan_that_links_outside_the_repository_is_refused(br: BatchRepo, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.md"
    outside.write_bytes(br.plan_path.read_bytes())
    (br.root / "task-tracking" / "T2").mkdir()
    (br.root / "task-tracking" / "T2" / "tasks.md").symlink_to(outside)
    for verb in ("status", "next", "assign", "verify"):
        result = br.cli(verb, "T2")
        assert result.code == 2, (verb, result)
        assert "leads outside the repository" in result.stderr
    assert outside.read_bytes() == br.plan_path.read_bytes(), "nothing was written through the link"


@pytest.mark.parametrize(
    "text", ["", "# Development Tasks - T1\n\nNothing planned yet.\n"], ids=["empty", "no-batches"]
)
def test_a_plan_without_batches_is_not_complete(br: BatchRepo, text: str) -> None:
    br.plan_path.write_text(text, encoding="utf-8")
    step = br.cli("next", br.task_id, "--json").json()["next"]
    assert step["command"] == f"/phase-6-backend-execution {br.task_id}" and step["blocked"] is True
    assert "has no batches yet" in step["reason"]
    assert "/phase-7-completion" not in br.cli("status", br.task_id).stdout
