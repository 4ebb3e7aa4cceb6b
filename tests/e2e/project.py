"""A project folder the test fills: slash commands, agents, and tiny recording hooks.

A hook made by `Project.hook()` is a Python file under `.claude/hooks/`. Each call appends its
stdin payload to `<name>.calls.jsonl`, then runs the test's body with `payload` (the parsed
stdin) and `calls` (how many times it ran before) in scope; the body prints the hook's answer
and may `sys.exit(2)`.
"""

from __future__ import annotations

import json
import shlex
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

_PRELUDE = """\
import json, os, sys
payload = json.load(sys.stdin)
_log = {log!r}
calls = 0
if os.path.exists(_log):
    with open(_log, encoding="utf-8") as _f:
        calls = sum(1 for _ in _f)
_env = {{k: v for k, v in os.environ.items() if k.startswith("CLAUDE")}}
with open(_log, "a", encoding="utf-8") as _f:
    _f.write(json.dumps({{"payload": payload, "env": _env}}) + "\\n")
"""


@dataclass(frozen=True)
class Hook:
    """A test-written hook: where it lives and what it was called with."""

    name: str
    path: Path
    log: Path

    @property
    def command(self) -> str:
        """The command line registered in settings.json."""
        return f"{shlex.quote(sys.executable)} {shlex.quote(str(self.path))}"

    def records(self) -> list[dict[str, Any]]:
        """One entry per call: {"payload": stdin JSON, "env": the CLAUDE* variables it saw}."""
        if not self.log.exists():
            return []
        return [json.loads(line) for line in self.log.read_text(encoding="utf-8").splitlines() if line]

    def calls(self) -> list[dict[str, Any]]:
        """The stdin payloads, in call order."""
        return [record["payload"] for record in self.records()]


def _frontmatter(fields: dict[str, str]) -> str:
    if not fields:
        return ""
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields.items()) + "---\n"


class Project:
    """The folder `claude -p` runs in."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.settings_path = root / ".claude" / "settings.json"

    def write(self, relative: str, content: str) -> Path:
        """Write a file (folders created)."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
        return path

    def settings(self) -> dict[str, Any]:
        """The project's .claude/settings.json ({} if absent)."""
        if not self.settings_path.exists():
            return {}
        loaded: dict[str, Any] = json.loads(self.settings_path.read_text(encoding="utf-8"))
        return loaded

    def update_settings(self, changes: dict[str, Any]) -> None:
        """Merge top-level keys into .claude/settings.json."""
        self.write(".claude/settings.json", json.dumps({**self.settings(), **changes}, indent=2) + "\n")

    def command(self, name: str, body: str, **frontmatter: str) -> Path:
        """A project slash command `.claude/commands/<name>.md`."""
        return self.write(f".claude/commands/{name}.md", _frontmatter(frontmatter) + body)

    def agent(self, name: str, body: str, tools: str = "Bash, Read", description: str = "") -> Path:
        """A project subagent `.claude/agents/<name>.md`."""
        fields = {"name": name, "description": description or f"Test agent {name}.", "tools": tools}
        return self.write(f".claude/agents/{name}.md", _frontmatter(fields) + body)

    def hook(self, event: str, body: str, matcher: str | None = None, name: str | None = None) -> Hook:
        """Write a recording hook running `body` and register it for `event` (and `matcher`)."""
        name = name or event.lower()
        log = self.root / ".claude" / "hooks" / f"{name}.calls.jsonl"
        source = _PRELUDE.format(log=str(log)) + textwrap.dedent(body)
        hook = Hook(name, self.write(f".claude/hooks/{name}.py", source), log)
        group: dict[str, Any] = {"hooks": [{"type": "command", "command": hook.command, "timeout": 30}]}
        if matcher is not None:
            group["matcher"] = matcher
        hooks = self.settings().get("hooks", {})
        hooks.setdefault(event, []).append(group)
        self.update_settings({"hooks": hooks})
        return hook


BLOCK_ONCE = """\
if calls == 0:
    print(json.dumps({{"decision": "block", "reason": {reason!r}}}))
"""


def block_once(reason: str) -> str:
    """A Stop/SubagentStop hook body: block the first call with `reason`, then let it end."""
    return BLOCK_ONCE.format(reason=reason)


def deny_tool(reason: str, needle: str) -> str:
    """A PreToolUse hook body: deny a Bash command containing `needle`, with `reason`."""
    decision = {"hookEventName": "PreToolUse", "permissionDecision": "deny", "permissionDecisionReason": reason}
    return (
        f"if {needle!r} in payload.get('tool_input', {{}}).get('command', ''):\n"
        f"    print(json.dumps({{'hookSpecificOutput': {decision!r}}}))\n"
    )
