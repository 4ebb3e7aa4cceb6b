"""After a session, `run` asks batchgate's state, tasks.md and git whether the batch passed; never the model."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from batchgate.report.runsummary import COMPLETE, FAILED, IN_PROGRESS, NOT_STARTED, UNVERIFIED, BatchOutcome
from batchgate.workflow.verdict import judge
from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo


def completed(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    assert br.cli("complete", br.task_id).code == 0


def claimed_complete(br: BatchRepo) -> None:
    """The team leader writes COMPLETE and the SHA into tasks.md itself, without `complete`."""
    br.assign()
    br.honest_work()
    text = br.plan_path.read_text(encoding="utf-8")
    br.plan_path.write_text(
        re.sub(r"^(## Batch 1: .*?) 🔄 IN PROGRESS.*$", r"\1 ✅ COMPLETE", text, flags=re.M), "utf-8"
    )


def forged_run_state(br: BatchRepo) -> None:
    """...and also rewrites the run file to say batchgate completed it with that commit."""
    claimed_complete(br)
    sha = br.git.git("log", "-1", "--format=%H", "--", "lib").strip()
    run_file = br.root / ".git" / "batchgate" / "run.json"
    data = json.loads(run_file.read_text(encoding="utf-8"))
    data.update(state="complete", verified_sha=sha)
    run_file.write_text(json.dumps(data), encoding="utf-8")


def out_of_retries(br: BatchRepo) -> None:
    br.write_config({"build": br.build_config(), "retries": 0})
    br.git.commit("chore: no retries", ".claude/batchgate.yaml")
    br.assign()
    Hooks(br).subagent_stop()


def assigned_only(br: BatchRepo) -> None:
    br.assign()


CASES: list[tuple[str, Callable[[BatchRepo], None], str, bool]] = [
    ("completed-by-batchgate", completed, COMPLETE, True),
    ("complete-written-by-hand", claimed_complete, IN_PROGRESS, False),
    ("run-state-forged-too", forged_run_state, UNVERIFIED, False),
    ("failed-by-the-retry-budget", out_of_retries, FAILED, False),
    ("still-assigned", assigned_only, IN_PROGRESS, False),
    ("never-assigned", lambda br: None, NOT_STARTED, False),
]


@pytest.mark.parametrize(("arrange", "verdict", "has_commit"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_verdict_comes_from_batchgates_state(
    tmp_path: Path, arrange: Callable[[BatchRepo], None], verdict: str, has_commit: bool
) -> None:
    br = BatchRepo.create(tmp_path)
    arrange(br)
    outcome = BatchOutcome(1, 3, "1", "Greeting library", "backend")
    judge(br.workspace(), br.task_id, outcome)
    assert outcome.verdict == verdict, outcome
    assert outcome.passed is (verdict == COMPLETE)
    if verdict == COMPLETE:
        assert outcome.commit is not None and len(outcome.commit) == 40
    if verdict == FAILED:
        assert any(gate.startswith("commit:") for gate in outcome.failed_gates), outcome.failed_gates
