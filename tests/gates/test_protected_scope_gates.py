"""ProtectedGate and ScopeGate: what the batch may change, judged by the rules recorded at assignment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, gate, said


@dataclass(frozen=True)
class Case:
    """Config before assignment, the developer's moves, and what each gate says."""

    id: str
    config: dict[str, Any]
    moves: Callable[[BatchRepo], None]
    protected: Verdict
    scope: Verdict
    says: str = ""
    noted: str = ""


def _honest(br: BatchRepo) -> None:
    br.honest_work()


def _with_extra(path: str) -> Callable[[BatchRepo], None]:
    def moves(br: BatchRepo) -> None:
        br.git.write(path, "extra\n")
        br.do_task_work()
        sha = br.commit_batch(paths=[*br.batch().files, path])
        br.mark_implemented()
        br.record_sha(sha[:7])

    return moves


def _settings_in_tree(br: BatchRepo) -> None:
    br.honest_work()
    br.git.write(".claude/settings.local.json", "{}\n")


def _bookkeeping_only(br: BatchRepo) -> None:
    br.honest_work()
    br.git.write("task-tracking/T1/notes.md", "notes\n")


CASES = [
    Case("honest batch", {}, _honest, Verdict.PASSED, Verdict.PASSED),
    Case(
        "an extra file is noted",
        {},
        _with_extra("docs/extra.md"),
        Verdict.PASSED,
        Verdict.PASSED,
        noted="docs/extra.md",
    ),
    Case(
        "scope fail fails it",
        {"scope": "fail"},
        _with_extra("docs/extra.md"),
        Verdict.PASSED,
        Verdict.FAILED,
        "docs/extra.md",
    ),
    Case(
        "a command file in the batch commit",
        {},
        _with_extra(".claude/commands/x.md"),
        Verdict.FAILED,
        Verdict.PASSED,
        "protected by '.claude/**'",
        ".claude/commands/x.md",
    ),
    Case(
        "protect [] frees commands",
        {"protect": []},
        _with_extra(".claude/commands/x.md"),
        Verdict.PASSED,
        Verdict.PASSED,
        noted=".claude/commands/x.md",
    ),
    Case(
        "settings stay protected whatever protect says",
        {"protect": []},
        _settings_in_tree,
        Verdict.FAILED,
        Verdict.PASSED,
        "changed in the working tree",
    ),
    Case(
        "a configured glob",
        {"protect": ["nx.json"]},
        _with_extra("nx.json"),
        Verdict.FAILED,
        Verdict.PASSED,
        "'nx.json'",
        "nx.json",
    ),
    Case("bookkeeping stays free", {}, _bookkeeping_only, Verdict.PASSED, Verdict.PASSED),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_protected_and_scope_gates(br: BatchRepo, case: Case) -> None:
    if case.config:
        br.write_config({"build": br.build_config(), **case.config})
        br.git.commit("chore: config", ".claude/batchgate.yaml")
    br.assign()
    case.moves(br)
    report = br.verify()
    protected, scope = gate(report, "protected"), gate(report, "scope")
    assert (protected.verdict, scope.verdict) == (case.protected, case.scope), report
    if case.says:
        assert case.says.lower() in said(protected) + said(scope), report
    if case.protected == Verdict.FAILED:
        assert "`protect:` key" in (protected.fix or "")
    assert (
        any(case.noted in note for note in report.notes)
        if case.noted
        else not [n for n in report.notes if "no task of batch" in n]
    ), report.notes


def test_a_config_change_during_the_run_is_noted_and_not_applied(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    br.write_config({"build": {**br.build_config(), "enabled": False}, "scope": "fail"})
    report = br.verify()
    assert gate(report, "build").verdict == Verdict.PASSED, "the build still ran: the recorded rules apply"
    assert gate(report, "protected").verdict == Verdict.FAILED
    assert any("fail it and assign again" in note for note in report.notes), report.notes
