"""Every verification leaves a history line; `stats` folds them per batch and per gate.

The verifications are real: `verify` and `complete` through the CLI, SubagentStop through the
hook script run as Claude Code runs it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batchgate.evidence import history
from batchgate.report.failures import classify
from batchgate.report.stats import aggregate, stats_text
from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo, schema_errors


def records(br: BatchRepo) -> list[dict[str, object]]:
    return history.read(str(br.root / ".git" / "batchgate"))


def test_verify_subagent_stop_and_complete_each_append_one_record(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    br.assign()
    hooks = Hooks(br)
    assert br.cli("verify", br.task_id).code == 1
    assert hooks.subagent_stop().blocked
    br.honest_work()
    assert not hooks.subagent_stop().blocked
    assert br.cli("complete", br.task_id).code == 0

    found = records(br)
    assert [(r["asked_by"], r["ok"], r["retries_used"]) for r in found] == [
        ("verify", False, 0),
        ("SubagentStop", False, 1),
        ("SubagentStop", True, 1),
        ("complete", True, 1),
    ]
    first = found[0]
    assert (first["task"], first["batch"], first["retries"]) == (br.task_id, "1", 3)
    gates = first["gates"]
    assert isinstance(gates, list) and {g["gate"]: g["verdict"] for g in gates}["commit"] == "failed"
    assert [r["build_cached"] for r in found] == [False, True, False, True], "a tree built before is cached"
    assert all(isinstance(r["duration_s"], float) and r["assigned_at"] for r in found)


def test_stats_reports_attempts_blocks_and_reasons(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    br.assign()
    hooks = Hooks(br)
    hooks.subagent_stop()
    br.do_task_work()
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha("1234567")  # an invented SHA
    hooks.subagent_stop()
    br.record_sha(sha[:7])
    hooks.subagent_stop()
    assert br.cli("complete", br.task_id).code == 0

    result = br.cli("stats", br.task_id, "--json")
    assert result.code == 0, result
    data = result.json()
    assert schema_errors(data) == []
    batch = data["batches"][0]
    assert (batch["attempts"], batch["blocks"], batch["passed_first_time"], batch["failed_by_budget"]) == (
        3,
        2,
        False,
        False,
    )
    assert batch["assign_to_complete_s"] is not None and batch["assign_to_complete_s"] >= 0
    gates = {g["gate"]: g for g in data["gates"]}
    assert gates["commit"]["reasons"] == {"no commit": 1} and gates["commit"]["blocks"] == 1
    assert gates["tasks.md"]["reasons"].get("invented SHA") == 1, gates["tasks.md"]
    assert gates["build"]["failures"] == 0

    text = br.cli("stats", br.task_id)
    assert text.code == 0 and "invented SHA ×1" in text.stdout and "no commit ×1" in text.stdout, text.stdout


def test_stats_with_no_history_says_so(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    result = br.cli("stats")
    assert result.code == 0 and "no verification of every task is recorded yet" in result.stdout
    assert schema_errors(br.cli("stats", "--json").json()) == []


def test_a_bad_task_id_is_refused(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    result = br.cli("stats", "../x")
    assert result.code == 2 and "not a plain folder name" in result.stderr


def rec(batch: str, asked_by: str, ok: bool, used: int | None = None, **extra: object) -> dict[str, object]:
    return {"task": "T1", "batch": batch, "asked_by": asked_by, "ok": ok, "retries_used": used, "retries": 1, **extra}


def test_a_batch_that_ran_out_of_retries_is_counted_as_failed_by_budget() -> None:
    failing = [{"gate": "commit", "verdict": "failed", "summary": "no batch commit since the batch was assigned"}]
    report = aggregate(
        [
            rec("2", "SubagentStop", False, 1, gates=failing),
            rec("2", "SubagentStop", False, 2, gates=failing),
            {"garbage": True},
            rec("9", "verify", True, task="T2"),
        ],
        "T1",
    )
    (batch,) = report.batches
    assert (batch.attempts, batch.blocks, batch.failed_by_budget, batch.passed_first_time) == (2, 1, True, False)
    (gate,) = report.gates
    assert (gate.failures, gate.blocks, dict(gate.reasons)) == (2, 1, {"no commit": 2})
    assert "(failed)" in stats_text(report)


@pytest.mark.parametrize(
    ("gate", "summary", "evidence", "category"),
    [
        ("commit", "no batch commit since the batch was assigned", [], "no commit"),
        ("commit", "2 batch commits for batch 1; at most 1 allowed", [], "too many commits"),
        (
            "tasks.md",
            "tasks.md is not up to date for batch 1",
            ["the recorded SHA 1234567 names no commit in this repository"],
            "invented SHA",
        ),
        (
            "tasks.md",
            "tasks.md is not up to date for batch 1",
            ["Task 1.1 is pending (tasks.md line 9)"],
            "tasks not marked done",
        ),
        (
            "files",
            "1 problem(s) with the batch's 2 file(s)",
            ["lib/a.py: missing from the working tree"],
            "missing file",
        ),
        (
            "files",
            "1 problem(s) with the batch's 2 file(s)",
            ["lib/a.py: not changed by batch commit abc1234"],
            "file not in commit",
        ),
        ("clean", "1 batch file(s) have uncommitted changes", [], "uncommitted changes"),
        ("build", "python3 x.py failed with exit code 1 (ran in 0.1 s)", [], "failing build"),
        ("build", "python3 x.py timed out after 5 s and was killed", [], "build timed out"),
        ("protected", "something new", [], "other"),
    ],
    ids=lambda value: value if isinstance(value, str) and " " not in value else None,
)
def test_failures_are_classified_from_the_gates_own_words(
    gate: str, summary: str, evidence: list[str], category: str
) -> None:
    assert classify(gate, summary, evidence) == category


def test_history_lines_are_json_objects_with_the_documented_fields(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path)
    br.assign()
    br.cli("verify", br.task_id)
    line = (br.root / ".git" / "batchgate" / "history.jsonl").read_text(encoding="utf-8").splitlines()[0]
    fields = set(json.loads(line))
    assert {"time", "task", "batch", "asked_by", "gates", "duration_s", "build_cached", "retries_used"} <= fields
