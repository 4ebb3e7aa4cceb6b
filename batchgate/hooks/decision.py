"""A hook's answer, and the one place it becomes Claude Code's JSON."""

from __future__ import annotations

import json

ALLOW, BLOCK, DENY = "allow", "block", "deny"
_LIMIT = 9500  # Claude Code caps hook strings at 10,000 characters


class Decision:
    """What a hook decided: allow, block (Stop/SubagentStop/PostToolUse) or deny (PreToolUse).

    `reason` goes to Claude (the agent's next instruction); `context` is
    extra context for Claude; `message` is shown to the user.
    """

    __slots__ = ("action", "context", "message", "reason")

    def __init__(self, action: str = ALLOW, reason: str = "", context: str = "", message: str = "") -> None:
        self.action = action
        self.reason = reason
        self.context = context
        self.message = message

    def __repr__(self) -> str:
        return f"Decision({self.action!r}, reason={self.reason[:60]!r}, context={self.context[:60]!r})"


def allow(context: str = "", message: str = "") -> Decision:
    """Let it happen (optionally telling Claude or the user something)."""
    return Decision(ALLOW, context=context, message=message)


def block(reason: str, message: str = "") -> Decision:
    """Keep the agent working: `reason` becomes its next instruction."""
    return Decision(BLOCK, reason=reason, message=message)


def deny(reason: str, message: str = "") -> Decision:
    """Refuse a tool call: `reason` comes back to Claude as the tool's error."""
    return Decision(DENY, reason=reason, message=message)


def render(decision: Decision, event: str) -> str:
    """Claude Code's stdout for `decision` on `event` ("" when there is nothing to say)."""
    out: dict[str, object] = {}
    specific: dict[str, object] = {}
    if decision.action == DENY and event == "PreToolUse":
        specific = {"permissionDecision": "deny", "permissionDecisionReason": _cap(decision.reason)}
    elif decision.action in (BLOCK, DENY):
        out = {"decision": "block", "reason": _cap(decision.reason)}
    if decision.context and event in ("PostToolUse", "SessionStart", "PreToolUse", "UserPromptSubmit"):
        specific["additionalContext"] = _cap(decision.context)
    if specific:
        out["hookSpecificOutput"] = {"hookEventName": event, **specific}
    if decision.message:
        out["systemMessage"] = _cap(decision.message)
    return json.dumps(out, ensure_ascii=False) if out else ""


def _cap(text: str) -> str:
    if len(text) <= _LIMIT:
        return text
    return text[: _LIMIT - 40] + "\n… (cut; run `batchgate verify` for all)"
