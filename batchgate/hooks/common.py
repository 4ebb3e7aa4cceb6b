"""Small helpers the hooks share (standard library only)."""

from __future__ import annotations

import json
import os

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from typing import Any

    from batchgate.evidence.runfile import Run

# Fields the hooks read, and the JSON type each must have; one of another type is ignored, with a message.
_FIELDS = {"cwd": str, "hook_event_name": str, "agent_type": str, "tool_name": str, "tool_input": dict}
_FIELDS["background_tasks"] = list
_JSON_TYPES: tuple[tuple[type, str], ...] = ((bool, "true/false"), (str, "a string"), (int, "a number"))
_JSON_TYPES += ((float, "a number"), (dict, "an object"), (list, "an array"))


def text_field(payload: dict[str, Any], name: str) -> str | None:
    """A string field of the payload; None when absent or of another type."""
    value = payload.get(name)
    return value if isinstance(value, str) else None


def gated_agent(payload: dict[str, Any], run: Run | None) -> str | None:
    """The payload's agent_type when the run holds that agent."""
    agent = text_field(payload, "agent_type")
    if agent and run is not None and is_gated(agent, list(run.agents)):
        return agent
    return None


def is_gated(agent: object, agents: list[object]) -> bool:
    """`backend-developer`, or `batchgate:backend-developer` as Claude Code names a plugin's agent."""
    if not isinstance(agent, str):
        return False
    return agent in agents or (agent.startswith("batchgate:") and agent[len("batchgate:") :] in agents)


def cli_for(script: str, project_dir: str) -> str:
    """How Claude should call batchgate from the project directory (the hook's own batchgate)."""
    from batchgate.launcher import launcher_command

    return launcher_command(os.path.dirname(os.path.dirname(os.path.abspath(script))), project_dir)


def payload_problem(payload: dict[str, Any]) -> str | None:
    """The first field the hooks read whose type is wrong (the hooks treat it as absent)."""
    tool_input = payload.get("tool_input")
    fields: list[tuple[str, dict[str, Any], type]] = [(k, payload, t) for k, t in _FIELDS.items()]
    if isinstance(tool_input, dict):
        fields += [(k, tool_input, str) for k in ("command", "file_path")]
    for name, where, kind in fields:
        if name in where and not isinstance(where[name], kind):
            return f"hook input field {name} is {_json_type(where[name])}, not {_json_type(kind())}; ignored"
    return None


def salvage_agent(raw: bytes) -> str | None:
    """The agent_type a payload that is not JSON still names, if any (SubagentStop fails closed on it)."""
    import re

    match = re.search(rb'"agent_type"\s*:\s*"((?:[^"\\]|\\.){1,200})"', raw)
    try:
        return str(json.loads(b'"' + match.group(1) + b'"')) if match else None
    except ValueError:
        return None


def _json_type(value: object) -> str:
    return next((name for kind, name in _JSON_TYPES if isinstance(value, kind)), "null")
