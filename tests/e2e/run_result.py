"""What one `claude -p` run did: exit code, stream-json events, requests sent, transcripts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.e2e.api_request import ApiRequest
from tests.e2e.fake_anthropic import Recorded


def parse_events(stdout: str) -> tuple[list[dict[str, Any]], list[str]]:
    """stream-json lines as objects; lines that are not JSON objects kept aside."""
    events: list[dict[str, Any]] = []
    stray: list[str] = []
    for line in stdout.splitlines():
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError:
            stray.append(line)
            continue
        if isinstance(value, dict):
            events.append(value)
        else:
            stray.append(line)
    return events, stray


@dataclass
class ClaudeRun:
    """The outcome of one run. `log`/`messages` hold only this run's requests."""

    argv: list[str]
    code: int
    stdout: str
    stderr: str
    seconds: float
    home: Path
    project: Path
    log: list[Recorded]
    messages: list[ApiRequest]
    script_errors: list[str] = field(default_factory=list)
    events: list[dict[str, Any]] = field(init=False)
    stray_lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.events, self.stray_lines = parse_events(self.stdout)

    def __repr__(self) -> str:
        return f"ClaudeRun(exit={self.code}, requests={len(self.log)}, events={len(self.events)}, {self.seconds:.1f}s)"

    def events_of(self, kind: str, subtype: str | None = None) -> list[dict[str, Any]]:
        """Events with this `type` (and `subtype`, when given)."""
        return [e for e in self.events if e.get("type") == kind and (subtype is None or e.get("subtype") == subtype)]

    @property
    def init(self) -> dict[str, Any]:
        """The `system`/`init` event (tools, agents, commands, memory paths...)."""
        found = self.events_of("system", "init")
        return found[0] if found else {}

    @property
    def result(self) -> dict[str, Any]:
        """The last `result` event ({} when the run printed none)."""
        found = self.events_of("result")
        return found[-1] if found else {}

    @property
    def session_id(self) -> str:
        """The main session's id."""
        return str(self.init.get("session_id") or self.result.get("session_id") or "")

    @property
    def main_requests(self) -> list[ApiRequest]:
        """Messages requests sent by the main agent."""
        return [request for request in self.messages if not request.is_subagent]

    @property
    def subagent_requests(self) -> list[ApiRequest]:
        """Messages requests sent by subagents."""
        return [request for request in self.messages if request.is_subagent]

    @property
    def projects_dir(self) -> Path:
        """`<isolated HOME>/.claude/projects`, where the CLI keeps transcripts."""
        return self.home / ".claude" / "projects"

    def transcripts(self) -> list[Path]:
        """Every transcript (.jsonl) under the isolated HOME: main sessions and subagents."""
        return sorted(self.projects_dir.rglob("*.jsonl")) if self.projects_dir.is_dir() else []

    def main_transcript(self) -> Path | None:
        """`<projects>/<slug>/<session_id>.jsonl`, if written."""
        return next((path for path in self.transcripts() if path.name == f"{self.session_id}.jsonl"), None)

    def subagent_transcripts(self) -> list[Path]:
        """`<projects>/<slug>/<session_id>/subagents/agent-<id>.jsonl` files."""
        return [path for path in self.transcripts() if path.parent.name == "subagents"]

    def describe(self) -> str:
        """A summary for assertion messages: exit, stderr, result, every request's latest input."""
        lines = [
            f"exit {self.code} in {self.seconds:.1f}s: {' '.join(self.argv[:3])} ...",
            f"stderr: {self.stderr[-1500:]}",
        ]
        lines.append(f"result: {json.dumps(self.result)[:1500]}")
        lines += [f"script error: {error}" for error in self.script_errors]
        for request in self.messages:
            lines.append(f"#{request.index} {request.agent[:60]!r}: {request.latest_user_text()[-300:]!r}")
        lines += [f"unknown request: {entry.method} {entry.path}" for entry in self.log if entry.status == 404]
        return "\n".join(lines)
