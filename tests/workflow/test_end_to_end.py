"""The honest path, end to end through the CLI: assign → work → verify → complete → next, to phase 7."""

from __future__ import annotations

from typing import Any

from tests.support.batchrepo import BatchRepo, schema_errors


def _json(br: BatchRepo, *args: str, code: int = 0) -> dict[str, Any]:
    result = br.cli(*args, "--json")
    assert result.code == code, (args, result)
    data: dict[str, Any] = result.json()
    assert schema_errors(data) == [], (args, schema_errors(data))
    return data


def _next_command(br: BatchRepo, role: str = "backend") -> str:
    step = _json(br, "next", br.task_id, "--role", role)["next"]
    assert isinstance(step, dict)
    return str(step["command"])


def _one_batch(br: BatchRepo, batch: str, role: str = "backend") -> dict[str, Any]:
    assigned = _json(br, "assign", br.task_id, "--role", role)
    assert assigned["batch"] == batch
    assert _json(br, "verify", br.task_id, code=1)["verdict"] == "failed", "nothing done yet"
    br.honest_work(batch)
    verified = _json(br, "verify", br.task_id)
    assert verified["verdict"] == "verified" and verified["batch"] == batch
    return _json(br, "complete", br.task_id)


def test_the_honest_path_from_the_first_batch_to_phase_7(br: BatchRepo) -> None:
    t = br.task_id
    assert _next_command(br) == f"/phase-6-backend-execution {t}"

    first = _one_batch(br, "1")
    assert first["progress"] == {"batches_complete": 1, "batches": 2, "tasks_complete": 2, "tasks": 3}
    step = first["next"]
    assert isinstance(step, dict) and step["command"] == f"/phase-6-backend-execution {t}"
    assert step["batch"]["id"] == "2"

    second = _one_batch(br, "2")
    step = second["next"]
    assert isinstance(step, dict) and step["batch"] is None
    assert step["command"] == f"/phase-6-frontend-execution {t}"
    assert "all backend batches are complete; frontend batches remain" in step["reason"]
    assert _next_command(br) == f"/phase-6-frontend-execution {t}"
    assert _next_command(br, "frontend") == f"/phase-6-frontend-execution {t}"

    third = _one_batch(br, "3", role="frontend")
    step = third["next"]
    assert isinstance(step, dict) and step["command"] == f"/phase-7-completion {t}"
    assert _next_command(br) == _next_command(br, "frontend") == f"/phase-7-completion {t}"

    status = _json(br, "status", t)
    assert [b["status"] for b in status["batches"]] == ["complete"] * 3
    text = br.plan_path.read_text(encoding="utf-8")
    assert "**Status**: 3/3 batches complete" in text
    audit = _json(br, "audit", t)
    assert audit["verdict"] == "ok", audit
    assert br.git.git("log", "--format=%s").splitlines()[:3] == [
        "feat(demo): batch 3 - web page",
        "feat(demo): batch 2 - command line",
        "feat(demo): batch 1 - greeting library",
    ], "batchgate itself never commits"


def test_a_cheating_developer_is_blocked_then_the_honest_one_passes(br: BatchRepo) -> None:
    t = br.task_id
    assert br.cli("assign", t).code == 0
    # The cheat: claims the work in tasks.md, with an invented SHA and a stub.
    br.git.write("lib/greet.py", "")
    br.mark_implemented()
    br.record_sha("1234567")
    blocked = br.cli("complete", t)
    assert blocked.code == 1
    for words in ("[FAIL] commit: no batch commit", "[FAIL] tasks.md:", "names no commit", "Not completed"):
        assert words in blocked.stdout
    assert "IN PROGRESS" in br.plan_path.read_text(encoding="utf-8")
    # The honest developer does the work.
    br.do_task_work()
    sha = br.commit_batch()
    br.record_sha(sha[:7])
    done = br.cli("complete", t)
    assert done.code == 0, done
    assert "Next: /phase-6-backend-execution T1" in done.stdout
    assert f"**Git Commit**: `{sha[:7]}`" in br.plan_path.read_text(encoding="utf-8")
