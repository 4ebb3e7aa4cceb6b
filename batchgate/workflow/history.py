"""Each verification leaves one line in the history: who asked, each gate's verdict, how long it took."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from typing import Any

from batchgate.evidence import history
from batchgate.evidence.runfile import RunFileCorrupt
from batchgate.evidence.runstate import Run, RunStateChanged, load_run
from batchgate.gates.base import Verdict
from batchgate.report.verification import VerificationReport
from batchgate.workflow.workspace import Workspace

VERIFY, SUBAGENT_STOP, COMPLETE = "verify", "SubagentStop", "complete"
_CACHED = "cached result from"  # the build gate's own words for a cache hit


def record_verification(
    ws: Workspace, report: VerificationReport, asked_by: str, started: float, run: Run | None = None
) -> None:
    """Append the report to the history; `started` is `time.monotonic()` before the gates ran.

    `run` is the batch's run as the caller last wrote it (read again when not given). The history is
    a record, not a referee: a disk that refuses the line, or a run state that no longer reads, never
    changes the verdict.
    """
    run = run if run is not None else _run_of(ws, report)
    record = verification_record(report, asked_by, time.monotonic() - started, run)
    with contextlib.suppress(OSError):
        history.append(ws.state_dir, record)


def verification_record(report: VerificationReport, asked_by: str, seconds: float, run: Run | None) -> dict[str, Any]:
    """One history line."""
    return {
        "time": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "task": report.task_id,
        "batch": report.batch_id,
        "asked_by": asked_by,
        "ok": report.ok,
        "verdict": report.verdict,
        "gates": [_gate(result.gate, result.verdict, result.summary, result.evidence) for result in report.results],
        "batch_commit": report.batch_commit,
        "duration_s": round(seconds, 3),
        "build_cached": _build_cached(report),
        "retries_used": run.subagent_blocks if run else None,
        "retries": run.retries if run else None,
        "assigned_at": run.assigned_at if run else None,
        "session": os.environ.get("CLAUDE_CODE_SESSION_ID") or None,
    }


def _gate(name: str, verdict: Verdict, summary: str, evidence: tuple[str, ...]) -> dict[str, Any]:
    entry: dict[str, Any] = {"gate": name, "verdict": verdict.value}
    if verdict in (Verdict.FAILED, Verdict.COULD_NOT_CHECK):
        entry["summary"] = summary[:300]
        entry["evidence"] = [item[:300] for item in evidence[:5]]
    return entry


def _build_cached(report: VerificationReport) -> bool | None:
    """True for a cached build verdict, False for a fresh one, None when the build did not run."""
    for result in report.results:
        if result.gate == "build" and result.verdict in (Verdict.PASSED, Verdict.FAILED):
            return _CACHED in result.summary or any(_CACHED in line for line in result.evidence)
    return None


def _run_of(ws: Workspace, report: VerificationReport) -> Run | None:
    """The run of this batch, for its block count and assignment time."""
    try:
        run = load_run(ws.state_dir)
    except (RunFileCorrupt, RunStateChanged):
        return None
    same = run is not None and (run.task_id, run.batch_id.upper()) == (report.task_id, report.batch_id.upper())
    return run if same else None
