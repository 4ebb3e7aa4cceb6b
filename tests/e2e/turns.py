"""Scripted assistant turns and their wire form (Messages API, streaming and not)."""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

_ids = itertools.count(1)


def new_id(prefix: str) -> str:
    """A unique id in the API's style (`msg_…`, `toolu_…`)."""
    return f"{prefix}_fake{next(_ids):08d}"


def text(value: str) -> dict[str, Any]:
    """A text content block."""
    return {"type": "text", "text": value}


def tool_use(name: str, tool_input: dict[str, Any], block_id: str | None = None) -> dict[str, Any]:
    """A tool_use content block (id generated unless given)."""
    return {"type": "tool_use", "id": block_id or new_id("toolu"), "name": name, "input": tool_input}


def bash(command: str, description: str = "run a command") -> dict[str, Any]:
    """A Bash tool call."""
    return tool_use("Bash", {"command": command, "description": description})


@dataclass
class Turn:
    """One assistant message: content blocks and why it stopped (derived when not given)."""

    content: list[dict[str, Any]] = field(default_factory=list)
    stop_reason: str | None = None

    @classmethod
    def say(cls, value: str) -> Turn:
        """A final text answer (`end_turn`)."""
        return cls([text(value)])

    @classmethod
    def call(cls, *blocks: dict[str, Any], note: str = "") -> Turn:
        """Tool calls, optionally preceded by a line of text (`tool_use`)."""
        lead = [text(note)] if note else []
        return cls([*lead, *blocks])

    @property
    def reason(self) -> str:
        """The stop_reason sent: as given, else `tool_use` when the turn calls a tool."""
        if self.stop_reason:
            return self.stop_reason
        return "tool_use" if any(block["type"] == "tool_use" for block in self.content) else "end_turn"


def _usage(input_tokens: int, output_tokens: int) -> dict[str, int]:
    return {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "cache_creation_input_tokens": 0,
        "cache_read_input_tokens": 0,
    }


def output_tokens(turn: Turn) -> int:
    """A plausible output token count: about four characters a token."""
    return max(1, len(json.dumps(turn.content)) // 4)


def message_body(turn: Turn, model: str, input_tokens: int) -> dict[str, Any]:
    """The non-streaming response body."""
    return {
        "id": new_id("msg"),
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": turn.content,
        "stop_reason": turn.reason,
        "stop_sequence": None,
        "usage": _usage(input_tokens, output_tokens(turn)),
    }


def _event(name: str, data: dict[str, Any]) -> bytes:
    return f"event: {name}\ndata: {json.dumps({'type': name, **data})}\n\n".encode()


def _block_events(index: int, block: dict[str, Any]) -> list[bytes]:
    if block["type"] == "tool_use":
        start = {**block, "input": {}}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(block["input"])}
    else:
        start = {"type": "text", "text": ""}
        delta = {"type": "text_delta", "text": block["text"]}
    return [
        _event("content_block_start", {"index": index, "content_block": start}),
        _event("content_block_delta", {"index": index, "delta": delta}),
        _event("content_block_stop", {"index": index}),
    ]


def sse_stream(turn: Turn, model: str, input_tokens: int) -> bytes:
    """The whole server-sent event stream for one turn."""
    message = {**message_body(turn, model, input_tokens), "content": [], "stop_reason": None}
    message["usage"] = _usage(input_tokens, 1)
    events = [_event("message_start", {"message": message}), _event("ping", {})]
    for index, block in enumerate(turn.content):
        events.extend(_block_events(index, block))
    delta = {
        "delta": {"stop_reason": turn.reason, "stop_sequence": None},
        "usage": {"output_tokens": output_tokens(turn)},
    }
    events += [_event("message_delta", delta), _event("message_stop", {})]
    return b"".join(events)
