"""The verification report: one value, rendered as text, as JSON, and as a block reason."""

from __future__ import annotations

from typing import Any, NamedTuple

from batchgate.errors import EXIT_COULD_NOT_CHECK, EXIT_FAILED, EXIT_OK
from batchgate.gates.base import GateResult, Verdict

_BLOCK_CHARS = 8000  # a block never floods the model's context (Claude Code cuts hook strings at 10,000)
_LINE_CHARS = 300
_FULL_EVIDENCE = frozenset({"build"})  # gates whose evidence is already capped (error lines, then last lines)
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
        lines += [f"         {item}" for item in _evidence(result, 12)]
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
    last = "Fix these, then stop again and repeat your final report with the batch commit SHA."
    shown = report.failed + report.unchecked
    heads = [f"- {r.gate} {'FAILED' if r.verdict == Verdict.FAILED else 'COULD NOT CHECK'}: {r.summary}" for r in shown]
    fixes = [[f"    fix: {r.fix}"] if r.fix else [] for r in shown]
    notes = [f"note: {note[:_LINE_CHARS]}" for note in report.notes]
    fixed_part = [*lines, *heads, *(line for fix in fixes for line in fix), *notes, last]
    room = _BLOCK_CHARS - sum(len(line) + 1 for line in fixed_part)
    for result, head, fix in zip(shown, heads, fixes, strict=True):
        evidence, room = _fit([f"    {item[:_LINE_CHARS]}" for item in _evidence(result, 8)], room)
        lines += [head, *evidence, *fix]
    lines += [*notes, last]
    return "\n".join(lines)


def _evidence(result: GateResult, limit: int) -> tuple[str, ...]:
    """A gate's evidence as shown: the build's whole (it caps its own), the first `limit` items of others."""
    return result.evidence if result.gate in _FULL_EVIDENCE else result.evidence[:limit]


def _fit(lines: list[str], room: int) -> tuple[list[str], int]:
    """The lines that fit in `room` characters (with a note of how many did not), and the room left."""
    kept: list[str] = []
    for index, line in enumerate(lines):
        if len(line) + 1 > room - 60:  # keep space for the note
            return [*kept, f"    … {len(lines) - index} more line(s) not shown here"], 0
        kept.append(line)
        room -= len(line) + 1
    return kept, room
