"""The verification report: one value, rendered as text, as JSON, and as a block reason."""

from __future__ import annotations

from typing import Any, NamedTuple

from batchgate.errors import EXIT_COULD_NOT_CHECK, EXIT_FAILED, EXIT_OK
from batchgate.gates.base import GateResult, Verdict

_MARK = {Verdict.PASSED: "PASS", Verdict.FAILED: "FAIL", Verdict.COULD_NOT_CHECK: "????", Verdict.SKIPPED: "skip"}


class VerificationReport(NamedTuple):
    """What the gates said about one batch."""

    task_id: str
    batch_id: str
    batch_title: str
    results: tuple[GateResult, ...]
    batch_commit: str | None
    notes: tuple[str, ...] = ()

    @property
    def failed(self) -> list[GateResult]:
        """Gates that failed."""
        return [r for r in self.results if r.verdict == Verdict.FAILED]

    @property
    def unchecked(self) -> list[GateResult]:
        """Gates that could not check."""
        return [r for r in self.results if r.verdict == Verdict.COULD_NOT_CHECK]

    @property
    def ok(self) -> bool:
        """Every gate passed (or was turned off)."""
        return not self.failed and not self.unchecked

    @property
    def exit_code(self) -> int:
        """0 verified, 1 a gate failed, 3 a gate could not check."""
        if self.failed:
            return EXIT_FAILED
        return EXIT_COULD_NOT_CHECK if self.unchecked else EXIT_OK

    @property
    def verdict(self) -> str:
        """One word for the whole report."""
        return "verified" if self.ok else ("failed" if self.failed else "could-not-check")


def report_text(report: VerificationReport) -> str:
    """For people: one line per gate, evidence and fixes indented."""
    head = f"batch {report.batch_id} of {report.task_id} ({report.batch_title}): {report.verdict.upper()}"
    lines = [head]
    for result in report.results:
        lines.append(f"  [{_MARK[result.verdict]}] {result.gate}: {result.summary}")
        lines += [f"         {item}" for item in result.evidence[:12]]
        if result.fix and result.verdict in (Verdict.FAILED, Verdict.COULD_NOT_CHECK):
            lines.append(f"         fix: {result.fix}")
    lines += [f"  note: {note}" for note in report.notes]
    return "\n".join(lines)


def report_json(report: VerificationReport) -> dict[str, Any]:
    """For machines (schemas/report.schema.json, kind "verify")."""
    return {
        "kind": "verify",
        "ok": report.ok,
        "verdict": report.verdict,
        "task_id": report.task_id,
        "batch": report.batch_id,
        "title": report.batch_title,
        "batch_commit": report.batch_commit,
        "gates": [gate_json(r) for r in report.results],
        "notes": list(report.notes),
    }


def gate_json(result: GateResult) -> dict[str, Any]:
    """One gate's result."""
    return {
        "gate": result.gate,
        "verdict": result.verdict.value,
        "summary": result.summary,
        "evidence": list(result.evidence),
        "fix": result.fix,
    }


def block_reason(report: VerificationReport, attempt: int, retries: int) -> str:
    """For Claude: what is wrong, the evidence, the fix, and what to do then."""
    lines = [
        f"batchgate: batch {report.batch_id} of {report.task_id} is not verified yet"
        f" (check {attempt} of {retries + 1})."
    ]
    for result in report.failed + report.unchecked:
        word = "FAILED" if result.verdict == Verdict.FAILED else "COULD NOT CHECK"
        lines.append(f"- {result.gate} {word}: {result.summary}")
        lines += [f"    {item}" for item in result.evidence[:8]]
        if result.fix:
            lines.append(f"    fix: {result.fix}")
    lines += [f"note: {note}" for note in report.notes]
    lines.append("Fix these, then stop again and repeat your final report with the batch commit SHA.")
    return "\n".join(lines)
