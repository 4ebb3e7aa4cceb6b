"""Reading one Messages API request the CLI sent: who is asking, and what it was just told.

Seen on CLI 2.1.328: a subagent's request carries `cc_is_subagent=true` in the billing line that
opens the system prompt, and its third system block starts with the agent file's body. The
`messages` array also holds `role: "system"` entries (environment info, hook feedback).
"""

from __future__ import annotations

import json
from typing import Any

SUBAGENT_FLAG = "cc_is_subagent=true"


def block_text(block: Any) -> str:
    """The readable text of one content block (text, tool_result, or a bare string)."""
    if isinstance(block, str):
        return block
    if not isinstance(block, dict):
        return ""
    if block.get("type") == "text":
        return str(block.get("text", ""))
    if block.get("type") == "tool_result":
        return content_text(block.get("content"))
    return ""


def content_text(content: Any) -> str:
    """All text of a message's content (a string or a list of blocks), joined by newlines."""
    if isinstance(content, list):
        return "\n".join(block_text(block) for block in content)
    return block_text(content)


def _blocks(message: dict[str, Any]) -> list[Any]:
    content = message.get("content")
    return content if isinstance(content, list) else [content]


class ApiRequest:
    """One `POST /v1/messages` body, with questions a script or a test asks of it."""

    def __init__(self, body: dict[str, Any], index: int = 0) -> None:
        self.body = body
        self.index = index

    def __repr__(self) -> str:
        return f"ApiRequest(#{self.index}, agent={self.agent!r})"

    @property
    def messages(self) -> list[dict[str, Any]]:
        """The conversation so far, oldest first."""
        return list(self.body.get("messages") or [])

    @property
    def system_blocks(self) -> list[str]:
        """The system prompt's text blocks."""
        system = self.body.get("system") or []
        return [system] if isinstance(system, str) else [block_text(block) for block in system]

    @property
    def system_text(self) -> str:
        """The whole system prompt."""
        return "\n".join(self.system_blocks)

    @property
    def tool_names(self) -> list[str]:
        """Names of the tools offered, in order."""
        return [str(tool.get("name")) for tool in self.body.get("tools") or []]

    @property
    def is_subagent(self) -> bool:
        """Whether a subagent (not the main agent) sent this."""
        return bool(self.system_blocks) and SUBAGENT_FLAG in self.system_blocks[0]

    @property
    def agent_prompt(self) -> str:
        """A subagent's own system text (its agent file body first); "" for the main agent."""
        if not self.is_subagent:
            return ""
        return self.system_blocks[2] if len(self.system_blocks) > 2 else self.system_text

    @property
    def task(self) -> str:
        """The last text block of the first user message: the typed prompt, or a subagent's task."""
        for message in self.messages:
            if message.get("role") == "user":
                texts = [block_text(block) for block in _blocks(message)]
                return next((value for value in reversed(texts) if value), "")
        return ""

    @property
    def agent(self) -> str:
        """A key per agent instance: "main", or "sub:<first body line>|<task>" for a subagent."""
        if not self.is_subagent:
            return "main"
        first_line = self.agent_prompt.strip().splitlines()[0] if self.agent_prompt.strip() else ""
        return f"sub:{first_line}|{self.task}"

    def is_agent(self, marker: str) -> bool:
        """Whether this is a subagent whose own prompt contains `marker` (a phrase from its file)."""
        return self.is_subagent and marker in self.agent_prompt

    def first_user_text(self) -> str:
        """All text of the first user message (reminders, typed prompt or expanded command)."""
        users = [message for message in self.messages if message.get("role") == "user"]
        return content_text(users[0].get("content")) if users else ""

    def since_last_turn(self) -> list[dict[str, Any]]:
        """The messages after the last assistant turn: what the model is reacting to now."""
        messages = self.messages
        last = max((i for i, message in enumerate(messages) if message.get("role") == "assistant"), default=-1)
        return messages[last + 1 :]

    def latest_text(self) -> str:
        """All text (user and system entries, tool results included) since the last assistant turn."""
        return "\n".join(content_text(message.get("content")) for message in self.since_last_turn())

    def latest_user_text(self) -> str:
        """The text of user entries only (tool results included) since the last assistant turn."""
        return "\n".join(
            content_text(message.get("content")) for message in self.since_last_turn() if message.get("role") == "user"
        )

    def tool_results(self) -> list[dict[str, Any]]:
        """Every tool_result block in the conversation, oldest first."""
        return [
            block
            for message in self.messages
            if message.get("role") == "user"
            for block in _blocks(message)
            if isinstance(block, dict) and block.get("type") == "tool_result"
        ]

    def latest_tool_result(self) -> dict[str, Any] | None:
        """The newest tool_result block, or None."""
        results = self.tool_results()
        return results[-1] if results else None

    def tool_result_for(self, tool_use_id: str) -> dict[str, Any] | None:
        """The tool_result answering one tool_use id, or None."""
        return next((block for block in self.tool_results() if block.get("tool_use_id") == tool_use_id), None)

    def contains(self, needle: str) -> bool:
        """Whether `needle` appears anywhere in the conversation's text."""
        return any(needle in content_text(message.get("content")) for message in self.messages)

    def dump(self) -> str:
        """The body as indented JSON (for assertion messages)."""
        return json.dumps(self.body, indent=1)[:20000]
