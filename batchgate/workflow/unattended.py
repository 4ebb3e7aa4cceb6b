"""`run`: one fresh headless Claude Code session per batch, until a batch does not pass.

After each session the verdict comes from batchgate's own state and tasks.md
(never from what the model wrote): the batch COMPLETE with the SHA batchgate
verified → the next batch; failed, still assigned, or unverified → stop.
"""

from __future__ import annotations

import datetime as dt
import os
import shlex
import time
from dataclasses import dataclass
from typing import Any, Protocol

from batchgate.errors import EXIT_FAILED, EXIT_OK, CouldNotCheck, InputError
from batchgate.evidence import history
from batchgate.evidence.runstate import Run
from batchgate.model.roles import BACKEND, FRONTEND, remaining
from batchgate.model.types import Batch, Status
from batchgate.report.runsummary import FAILED, INTERRUPTED, BatchOutcome, RunSummary
from batchgate.workflow.permissions import allowed_tools, permission_flags
from batchgate.workflow.progress import next_batch, next_step
from batchgate.workflow.session import Session, session_argv, transcript_path
from batchgate.workflow.verdict import judge
from batchgate.workflow.workspace import Workspace, cli_invocation

ROLES = {"backend": (BACKEND,), "frontend": (FRONTEND,), "all": (BACKEND, FRONTEND)}


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM reached `run` (raised by its signal handler; one that escapes ends like Ctrl-C)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


class View(Protocol):
    """What the driver tells the person watching (report/runview.py)."""

    def start_batch(self, index: int, total: int, batch_id: str, title: str, role: str) -> None: ...
    def tool_call(self, count: int, name: str) -> None: ...
    def verification(self, record: dict[str, Any]) -> None: ...
    def tick(self) -> None: ...
    def end_batch(self, outcome: BatchOutcome) -> None: ...


@dataclass(frozen=True)
class RunRequest:
    """What the user asked for."""

    task_id: str
    role: str
    max_batches: int | None
    claude: str
    permission_mode: str | None
    extra: tuple[str, ...] = ()


def planned_batches(ws: Workspace, request: RunRequest) -> int:
    """How many sessions the run will start at most; refuses a run that cannot start (nothing written)."""
    doc = ws.plan(request.task_id)
    roles = ROLES[request.role]
    run = ws.run()
    if run is not None and run.active and (run.task_id != request.task_id or run.role not in roles):
        raise CouldNotCheck(
            f"batch {run.batch_id} of {run.task_id} ({run.role}) is in progress in this clone",
            f"finish it first (batchgate complete {run.task_id}, or batchgate fail {run.task_id} --reason ...)",
        )
    left = sum(len(remaining(doc, role, ws.config)) for role in roles)
    if left == 0:
        words = "" if request.role == "all" else f" {request.role}"
        step = next_step(doc, request.task_id, roles[-1], ws.config, run)
        raise InputError(f"no{words} batch of {request.task_id} is left to run", f"next: {step.command}")
    for role in roles:
        allowed_tools(ws.root, role, ws.config)  # the commands must be installed
    return min(left, request.max_batches or left)


def drive(ws: Workspace, request: RunRequest, view: View) -> RunSummary:
    """Run up to `planned_batches` sessions; stop at the first batch that does not pass."""
    total = planned_batches(ws, request)
    outcomes: list[BatchOutcome] = []
    code = EXIT_OK
    try:
        for index in range(1, total + 1):
            found = _next(ws, request)
            if found is None:
                break
            outcome = BatchOutcome(index, total, found[1].id, found[1].title, found[0])
            outcomes.append(outcome)  # before the session starts: an interrupt still reports it
            _attempt(ws, request, view, outcome, found[1])
            if not outcome.passed:
                code = EXIT_FAILED
                break
    except Interrupted as interrupt:
        code = 128 + interrupt.signum
    return _summary(ws, request, outcomes, code)


def _next(ws: Workspace, request: RunRequest) -> tuple[str, Batch] | None:
    """The batch in progress (resumed), else the first unfinished one, backend before frontend."""
    doc, run = ws.plan(request.task_id), ws.run()
    roles = ROLES[request.role]
    if run is not None and run.active and run.task_id == request.task_id and run.role in roles:
        roles = (run.role, *(role for role in roles if role != run.role))
    for role in roles:
        batch = next_batch(doc, request.task_id, role, ws.config, run)
        if batch is not None:
            return role, batch
    return None


def _attempt(ws: Workspace, request: RunRequest, view: View, outcome: BatchOutcome, batch: Batch) -> None:
    run = ws.run()
    active = run is not None and run.active and (run.task_id, run.batch_id) == (request.task_id, batch.id)
    if batch.status in (Status.FAILED, Status.BLOCKED) and not active:
        outcome.verdict = FAILED
        outcome.detail = f"batch {batch.id} is {batch.status.value} in tasks.md; fix it, then re-assign it"
        view.end_batch(outcome)
        return
    view.start_batch(outcome.index, outcome.total, batch.id, batch.title, outcome.role)
    started = time.monotonic()
    try:
        _watch(ws, request, view, outcome.role, outcome)
    except Interrupted:
        run = ws.run()
        state = f" (run state: {run.state})" if run is not None and run.batch_id == batch.id else ""
        outcome.verdict = INTERRUPTED
        outcome.detail = f"the session was stopped; batch {batch.id} is left as it was{state}"
        outcome.duration_s = time.monotonic() - started
        view.end_batch(outcome)
        raise
    outcome.duration_s = time.monotonic() - started
    judge(ws, request.task_id, outcome)
    view.end_batch(outcome)


def _watch(ws: Workspace, request: RunRequest, view: View, role: str, outcome: BatchOutcome) -> None:
    """Start the batch's session and follow it to its end (or stop it on an interrupt)."""
    flags = permission_flags(request.permission_mode, allowed_tools(ws.root, role, ws.config))
    prompt = f"/phase-6-{role}-execution {request.task_id}"
    argv = session_argv(request.claude, prompt, flags, request.extra)
    watch = _HistoryWatch(ws.state_dir)
    try:
        session = Session(argv, ws.root)
    except OSError as error:
        raise CouldNotCheck(f"cannot start {request.claude}: {error.strerror or error}", "check --claude") from None
    try:
        for event in session.events():
            if event is not None:
                _count_tools(event, outcome, view)
            for record in watch.new_records():
                if record.get("asked_by") == "SubagentStop" and record.get("batch") == outcome.batch_id:
                    view.verification(record)
            view.tick()
        outcome.session_exit = session.wait()
    except Interrupted:
        session.stop()
        raise
    finally:
        outcome.session_id = session.session_id
        outcome.transcript = transcript_path(session.session_id, ws.root)
        outcome.detail = _session_problem(session)


def _count_tools(event: dict[str, Any], outcome: BatchOutcome, view: View) -> None:
    """The developer's tool calls: assistant messages inside the Agent call (`parent_tool_use_id`)."""
    if event.get("type") != "assistant" or not event.get("parent_tool_use_id"):
        return
    content = (event.get("message") or {}).get("content") or []
    for block in content if isinstance(content, list) else []:
        if isinstance(block, dict) and block.get("type") == "tool_use":
            outcome.tool_calls += 1
            view.tool_call(outcome.tool_calls, str(block.get("name")))


class _HistoryWatch:
    """History lines written after the session started (the file is read again only when it changed)."""

    def __init__(self, state_dir: str) -> None:
        self.state_dir = state_dir
        self.since = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        self.stamp: tuple[int, int] | None = None

    def new_records(self) -> list[dict[str, Any]]:
        try:
            info = os.stat(history.history_path(self.state_dir))
        except OSError:
            return []
        if (info.st_size, info.st_mtime_ns) == self.stamp:
            return []
        self.stamp = (info.st_size, info.st_mtime_ns)
        fresh = [r for r in history.read(self.state_dir) if str(r.get("time") or "") > self.since]
        if fresh:
            self.since = max(str(r.get("time")) for r in fresh)
        return fresh


def _session_problem(session: Session) -> str:
    result = session.result or {}
    if result.get("is_error") or (session.process.returncode not in (0, None)):
        said = str(result.get("result") or session.stderr_text() or "")[:300].replace("\n", " ")
        return f"the session ended with an error (exit {session.process.returncode}): {said}".rstrip(": ")
    return ""


def _summary(ws: Workspace, request: RunRequest, outcomes: list[BatchOutcome], code: int) -> RunSummary:
    doc, run = ws.plan(request.task_id), ws.run()
    resume = _resume_command(ws, request, outcomes[-1] if outcomes else None, run)
    summary = RunSummary(request.task_id, outcomes, code, resume_command=resume)
    if code == EXIT_OK:
        role = outcomes[-1].role if outcomes else ROLES[request.role][0]
        summary.next_command = next_step(doc, request.task_id, role, ws.config, run).command
        summary.more_left = any(remaining(doc, r, ws.config) for r in ROLES[request.role])
    return summary


def _resume_command(ws: Workspace, request: RunRequest, last: BatchOutcome | None, run: Run | None) -> str:
    """The command that carries on: `run` again (after re-assigning a failed batch)."""
    cli = cli_invocation(ws.root)
    where = ""
    if cli.lstrip("'").startswith("/") or cli == "batchgate":
        cli += f" -C {shlex.quote(ws.root)}"
    else:
        where = f"cd {shlex.quote(ws.root)} && "
    again = f"{cli} run {request.task_id}" + ("" if request.role == "all" else f" --role {request.role}")
    if last is not None and last.verdict == FAILED and (run is None or not run.active):
        return f"{where}{cli} assign {request.task_id} --batch {last.batch_id} --role {last.role} && {again}"
    return where + again
