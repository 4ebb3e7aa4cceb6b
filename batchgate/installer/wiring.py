"""The hook entries batchgate writes into Claude Code's settings, and how it knows its own.

Its own handlers are recognised by their command path alone
(`.claude/batchgate/hooks/`): Claude Code's schema rejects extra keys on a
handler, so no marker key can be added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

INSTALL_DIR = ".claude/batchgate"
HOOKS_DIR = INSTALL_DIR + "/hooks/"
MANIFEST = INSTALL_DIR + "/manifest.json"
SETTINGS = {"project": ".claude/settings.json", "local": ".claude/settings.local.json"}

_SCRIPT = re.compile(
    r"\$\{?CLAUDE_PROJECT_DIR\}?/(\.claude/batchgate/hooks/)(?:run\.sh\"?\s+([A-Za-z0-9_]+)|([A-Za-z0-9_.-]+\.py))"
)


@dataclass(frozen=True)
class HookSpec:
    """One hook entry: event, the module under hooks/, matcher and timeout (seconds)."""

    event: str
    module: str
    matcher: str | None
    timeout: int

    @property
    def command(self) -> str:
        """The shell-form command, relative to $CLAUDE_PROJECT_DIR (works under sh -c and bash -c).

        hooks/run.sh starts the hook (in the engine archive beside it) with batchgate's environment's
        Python when the clone has one (one interpreter start for a hook that verifies), else with `python3 -S`.
        """
        return f'sh "$CLAUDE_PROJECT_DIR/{HOOKS_DIR}run.sh" {self.module}'

    def handler(self) -> dict[str, Any]:
        """The handler object as Claude Code reads it."""
        return {"type": "command", "command": self.command, "timeout": self.timeout}

    def group(self) -> dict[str, Any]:
        """A matcher group holding just this handler."""
        group: dict[str, Any] = {} if self.matcher is None else {"matcher": self.matcher}
        group["hooks"] = [self.handler()]
        return group


HOOKS = (
    HookSpec("SubagentStop", "subagent_stop", None, 1800),
    HookSpec("Stop", "stop", None, 120),
    HookSpec("PreToolUse", "pre_tool_use", "Bash|Write|Edit|MultiEdit|NotebookEdit", 30),
    HookSpec("PostToolUse", "post_tool_use", "Bash|Edit|Write|MultiEdit", 60),
    HookSpec("SessionStart", "session_start", "resume|compact", 30),
)
EVENTS = tuple(spec.event for spec in HOOKS)


def is_ours(handler: object) -> bool:
    """A command handler that runs a script from the installed copy."""
    return (
        isinstance(handler, dict)
        and handler.get("type") == "command"
        and isinstance(handler.get("command"), str)
        and HOOKS_DIR in handler["command"]
    )


def script_of(command: str) -> str | None:
    """The repository-relative script a batchgate hook command runs, if it names one."""
    found = _SCRIPT.search(command)
    if not found:
        return None
    return found.group(1) + ("run.sh" if found.group(2) else found.group(3))  # the launcher, or an older direct hook


def unmatched_tools(spec: HookSpec, matcher: str | None) -> list[str]:
    """The tools `spec` must see that `matcher` lets through unchecked (Claude Code matches a regex on the name)."""
    if matcher is None or spec.matcher is None:
        return []
    try:
        pattern = re.compile(matcher)
    except re.error:
        return spec.matcher.split("|")
    return [tool for tool in spec.matcher.split("|") if not pattern.fullmatch(tool)]


def matcher_of(group: dict[str, Any]) -> str | None:
    """A group's matcher, with the match-all spellings ("", "*", absent) as None."""
    matcher = group.get("matcher")
    return None if matcher in (None, "", "*") else str(matcher)


def our_handlers(settings: dict[str, Any]) -> list[tuple[str, str | None, dict[str, Any]]]:
    """(event, matcher, handler) for every batchgate handler in a settings object."""
    found: list[tuple[str, str | None, dict[str, Any]]] = []
    hooks = settings.get("hooks")
    if not isinstance(hooks, dict):
        return found
    for event, groups in hooks.items():
        for group in groups if isinstance(groups, list) else []:
            if isinstance(group, dict) and isinstance(group.get("hooks"), list):
                found += [(event, matcher_of(group), h) for h in group["hooks"] if is_ours(h)]
    return found
