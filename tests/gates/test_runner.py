"""The gate runner: every gate runs, in order; a gate that breaks could not check, and never passes."""

from __future__ import annotations

import pytest

from batchgate.errors import CouldNotCheck
from batchgate.gates import runner
from batchgate.gates.base import GateContext, GateResult, Verdict
from tests.support.batchrepo import BatchRepo, gate, said, verdicts


def test_every_gate_runs_in_order(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    report = br.verify()
    assert [r.gate for r in report.results] == ["commit", "files", "tasks.md", "clean", "protected", "scope", "build"]
    assert set(verdicts(report).values()) == {Verdict.PASSED}
    assert report.verdict == "verified" and report.exit_code == 0


def _crash(ctx: GateContext) -> GateResult:
    raise KeyError("boom")


def _cannot(ctx: GateContext) -> GateResult:
    raise CouldNotCheck("git is gone", "install git")


@pytest.mark.parametrize(
    ("broken", "says"),
    [(_crash, "the files gate crashed: keyerror"), (_cannot, "git is gone")],
    ids=["unexpected-exception", "could-not-check-error"],
)
def test_a_broken_gate_could_not_check(
    br: BatchRepo, monkeypatch: pytest.MonkeyPatch, broken: runner.Gate, says: str
) -> None:
    gates = tuple((name, broken if name == "files" else check) for name, check in runner.GATES)
    monkeypatch.setattr(runner, "GATES", gates)
    br.assign()
    br.honest_work()
    ws = br.workspace()
    doc = ws.plan(br.task_id)
    report = runner.run_gates(GateContext(ws.repo, ws.config, doc, doc.batches[0], br.git.head(), ws.state_dir))
    files = next(r for r in report if r.gate == "files")
    assert files.verdict == Verdict.COULD_NOT_CHECK
    assert says in said(files) and files.fix
    assert [r.gate for r in report] == ["commit", "files", "tasks.md", "clean", "protected", "scope", "build"], (
        "the others still run"
    )


def test_could_not_check_is_neither_passed_nor_failed(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    br.commit_batch(paths=["lib/greet.py"])
    sha = br.commit_batch(paths=["tests/test_greet.py"])  # two batch commits: the commit gate fails
    br.mark_implemented()
    br.record_sha(sha[:7])
    report = br.verify()
    assert gate(report, "commit").verdict == Verdict.FAILED
    assert gate(report, "tasks.md").verdict == Verdict.COULD_NOT_CHECK
    assert "no batch commit to compare it with" in said(gate(report, "tasks.md"))
    assert report.exit_code == 1, "a failure outranks could-not-check"
