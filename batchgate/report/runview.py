"""Live progress of an unattended run: a status block redrawn in place on a terminal, timestamped lines elsewhere.

Both views are fed the same facts by the driver: the session's stream-json
events (the developer's tool calls) and batchgate's own history (each
SubagentStop verdict). Neither reads the model's prose.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from typing import Any, TextIO

from batchgate.report.runsummary import BatchOutcome, duration


def failing_gates(record: dict[str, Any]) -> list[str]:
    """`gate: summary` for each gate a history record says failed or could not check."""
    found = []
    for gate in record.get("gates") or []:
        if isinstance(gate, dict) and gate.get("verdict") in ("failed", "could-not-check"):
            found.append(f"{gate.get('gate')}: {gate.get('summary') or gate.get('verdict')}")
    return found


def _block_line(record: dict[str, Any]) -> str:
    used, budget = record.get("retries_used"), record.get("retries")
    names = ", ".join(line.split(":", 1)[0] for line in failing_gates(record)) or "?"
    if isinstance(used, int) and isinstance(budget, int):
        held = "blocked" if used <= budget else "let through: retry budget spent, batch FAILED"
        return f"SubagentStop {held} ({used} of {budget}): {names}"
    return f"SubagentStop blocked: {names}"


class PlainLines:
    """One timestamped line per event: for CI logs and files."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.prefix = ""

    def _say(self, text: str) -> None:
        stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        self.stream.write(f"{stamp} {self.prefix}{text}\n")
        self.stream.flush()

    def start_batch(self, index: int, total: int, batch_id: str, title: str, role: str) -> None:
        """A session is starting."""
        self.prefix = f"batch {batch_id} ({index}/{total}): "
        self._say(f"{title} — starting a {role} session")

    def tool_call(self, count: int, name: str) -> None:
        """The developer made its `count`-th tool call."""
        self._say(f"developer tool call {count}: {name}")

    def verification(self, record: dict[str, Any]) -> None:
        """A SubagentStop verification (from the history)."""
        self._say(_block_line(record) if record.get("ok") is not True else "SubagentStop: verified")

    def tick(self) -> None:
        """Nothing to add between events."""

    def end_batch(self, outcome: BatchOutcome) -> None:
        """The verdict from batchgate's state."""
        commit = f" {outcome.commit[:7]}" if outcome.commit else ""
        self._say(f"{outcome.verdict.upper()}{commit} after {duration(outcome.duration_s)}")
        self.prefix = ""


class LiveBlock:
    """One status block per batch, redrawn in place (ANSI: cursor up, clear below)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.drawn = 0
        self.head = ""
        self.started = time.monotonic()
        self.calls, self.last_tool = 0, ""
        self.events: list[str] = []

    def start_batch(self, index: int, total: int, batch_id: str, title: str, role: str) -> None:
        """A new block."""
        self.head = f"batch {index} of {total} · Batch {batch_id}: {title} ({role})"
        self.started, self.calls, self.last_tool, self.events, self.drawn = time.monotonic(), 0, "", [], 0
        self._draw()

    def tool_call(self, count: int, name: str) -> None:
        """Count it."""
        self.calls, self.last_tool = count, name
        self._draw()

    def verification(self, record: dict[str, Any]) -> None:
        """Add a SubagentStop line."""
        self.events.append(("✗ " + _block_line(record)) if record.get("ok") is not True else "✓ SubagentStop: verified")
        self._draw()

    def tick(self) -> None:
        """Refresh the elapsed time."""
        self._draw()

    def end_batch(self, outcome: BatchOutcome) -> None:
        """Draw the verdict and leave the block on screen."""
        mark = "✓" if outcome.passed else "✗"
        commit = f" {outcome.commit[:7]}" if outcome.commit else ""
        self.events.append(f"{mark} {outcome.verdict.upper()}{commit}")
        self._draw(final=outcome.duration_s)
        self.drawn = 0

    def _draw(self, final: float | None = None) -> None:
        elapsed = duration(time.monotonic() - self.started if final is None else final)
        tools = f"developer tool calls: {self.calls}" + (f" (last: {self.last_tool})" if self.last_tool else "")
        lines = [f"{self.head} · {elapsed}", f"  {tools}", *(f"  {line}" for line in self.events)]
        up = f"\x1b[{self.drawn}F\x1b[J" if self.drawn else ""
        width = _columns(self.stream) - 1  # a wrapped line would throw the next redraw off
        self.stream.write(up + "\n".join(line[:width] for line in lines) + "\n")
        self.stream.flush()
        self.drawn = len(lines)


def _columns(stream: TextIO) -> int:
    try:
        return max(20, os.get_terminal_size(stream.fileno()).columns)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return 120
