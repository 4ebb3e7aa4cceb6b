"""`stats`: what the verification history says per batch and per gate, as text and JSON."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from batchgate.report.failures import classify
from batchgate.report.runsummary import duration

SUBAGENT_STOP, COMPLETE = "SubagentStop", "complete"
_NOT_OK = ("failed", "could-not-check")


@dataclass
class BatchStats:
    """One batch: how often its developer tried to stop, how often it was held, how long it took."""

    task: str
    batch: str
    verifications: int = 0
    attempts: int = 0  # the developer's stops (SubagentStop verifications)
    blocks: int = 0  # of those, the ones that held the developer
    passed_first_time: bool | None = None
    failed_by_budget: bool = False
    completed_at: str | None = None
    assigned_at: str | None = None

    @property
    def assign_to_complete_s(self) -> float | None:
        """Seconds from the (last) assignment to COMPLETE, when both are known."""
        start, end = _when(self.assigned_at), _when(self.completed_at)
        return round((end - start).total_seconds(), 1) if start and end else None


@dataclass
class GateStats:
    """One gate: how often it was checked, failed, held a developer, and for what."""

    gate: str
    checks: int = 0
    failures: int = 0
    blocks: int = 0
    reasons: Counter[str] = field(default_factory=Counter)


@dataclass
class StatsReport:
    """Everything `stats` prints."""

    task_id: str | None
    records: int
    batches: list[BatchStats]
    gates: list[GateStats]


def aggregate(records: Iterable[dict[str, Any]], task_id: str | None) -> StatsReport:
    """Fold history records (oldest first) into per-batch and per-gate figures."""
    batches: dict[tuple[str, str], BatchStats] = {}
    gates: dict[str, GateStats] = {}
    count = 0
    for record in records:
        task, batch = record.get("task"), record.get("batch")
        if not isinstance(task, str) or not isinstance(batch, str) or (task_id and task != task_id):
            continue
        count += 1
        held = _fold_batch(batches.setdefault((task, batch), BatchStats(task, batch)), record)
        for gate in record.get("gates") or []:
            if isinstance(gate, dict) and isinstance(gate.get("gate"), str):
                _fold_gate(gates.setdefault(gate["gate"], GateStats(gate["gate"])), gate, held)
    return StatsReport(task_id, count, list(batches.values()), list(gates.values()))


def _fold_batch(stats: BatchStats, record: dict[str, Any]) -> bool:
    """Count one record into its batch; True when it held the developer (a SubagentStop block)."""
    stats.verifications += 1
    ok = record.get("ok") is True
    if isinstance(record.get("assigned_at"), str) and record["assigned_at"] != stats.assigned_at:
        stats.assigned_at, stats.completed_at = record["assigned_at"], None
    if record.get("asked_by") == COMPLETE and ok:
        stats.completed_at = str(record.get("time") or "") or None
    if record.get("asked_by") != SUBAGENT_STOP:
        return False
    stats.attempts += 1
    if stats.passed_first_time is None:
        stats.passed_first_time = ok
    used, budget = record.get("retries_used"), record.get("retries")
    held = not ok and not (isinstance(used, int) and isinstance(budget, int) and used > budget)
    stats.blocks += held
    stats.failed_by_budget = stats.failed_by_budget or (not ok and not held)
    return held


def _fold_gate(stats: GateStats, gate: dict[str, Any], held: bool) -> None:
    stats.checks += 1
    if gate.get("verdict") not in _NOT_OK:
        return
    stats.failures += 1
    stats.blocks += held
    evidence = [item for item in gate.get("evidence") or [] if isinstance(item, str)]
    stats.reasons[classify(stats.gate, str(gate.get("summary") or ""), evidence)] += 1


def _when(stamp: str | None) -> dt.datetime | None:
    if not stamp:
        return None
    try:
        parsed = dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def stats_text(report: StatsReport) -> str:
    """For people: a table of batches, then one line per gate."""
    scope = report.task_id or "every task"
    if not report.records:
        return f"no verification of {scope} is recorded yet (the history fills as batches are verified)"
    lines = [f"verification history of {scope}: {report.records} verification(s)", ""]
    lines.append(f"  {'task':<14} {'batch':<6} {'attempts':>8} {'blocks':>6}  {'first time':<10}  assign→complete")
    for b in report.batches:
        first = {True: "yes", False: "no", None: "-"}[b.passed_first_time]
        first += " (failed)" if b.failed_by_budget else ""
        took = "-" if b.assign_to_complete_s is None else duration(b.assign_to_complete_s)
        lines.append(f"  {b.task[:14]:<14} {b.batch[:6]:<6} {b.attempts:>8} {b.blocks:>6}  {first:<10}  {took}")
    lines += ["", "gates:"]
    for g in report.gates:
        reasons = ", ".join(f"{name} ×{count}" for name, count in g.reasons.most_common())
        lines.append(
            f"  {g.gate:<9} checked {g.checks}, failed {g.failures}, blocked {g.blocks}"
            + (f": {reasons}" if reasons else "")
        )
    return "\n".join(lines)


def stats_json(report: StatsReport) -> dict[str, Any]:
    """For machines (schemas/report.schema.json, kind "stats")."""
    return {
        "kind": "stats",
        "ok": True,
        "task_id": report.task_id,
        "records": report.records,
        "batches": [
            {
                "task_id": b.task,
                "batch": b.batch,
                "verifications": b.verifications,
                "attempts": b.attempts,
                "blocks": b.blocks,
                "passed_first_time": b.passed_first_time,
                "failed_by_budget": b.failed_by_budget,
                "assigned_at": b.assigned_at,
                "completed_at": b.completed_at,
                "assign_to_complete_s": b.assign_to_complete_s,
            }
            for b in report.batches
        ],
        "gates": [
            {"gate": g.gate, "checks": g.checks, "failures": g.failures, "blocks": g.blocks, "reasons": dict(g.reasons)}
            for g in report.gates
        ],
    }
