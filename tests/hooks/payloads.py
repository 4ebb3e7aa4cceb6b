"""Hook payloads shaped as Claude Code 2.1.328 sends them (shared/reference/claude-code-observed.md §2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

SESSION = "5f0c2a2e-1f7e-4c1e-9a53-3d2b8c7e9a10"
AGENT_ID = "a3f9c1d2e4b5"


def common(event: str, cwd: Path | str, home: Path | str) -> dict[str, Any]:
    """The fields every tool or stop event carries."""
    return {
        "session_id": SESSION,
        "transcript_path": f"{home}/.claude/projects/-repo/{SESSION}.jsonl",
        "cwd": str(cwd),
        "hook_event_name": event,
        "permission_mode": "bypassPermissions",
        "prompt_id": "9b1d7f40-2c0e-4a55-8f3e-6c2a1b0d9e77",
        "effort": {"level": "medium"},
    }


def background(agent_type: str = "backend-developer", status: str = "running") -> dict[str, Any]:
    """One `background_tasks` entry for a subagent."""
    return {"id": AGENT_ID, "type": "subagent", "status": status, "description": "Batch 1", "agent_type": agent_type}


def subagent_stop_payload(
    cwd: Path | str, home: Path | str, agent_type: str | None = "backend-developer", **fields: Any
) -> dict[str, Any]:
    """SubagentStop; `agent_type=None` leaves the field out."""
    payload = {
        **common("SubagentStop", cwd, home),
        "agent_id": AGENT_ID,
        "agent_type": agent_type,
        "stop_hook_active": False,
        "agent_transcript_path": f"{home}/.claude/projects/-repo/{SESSION}/subagents/agent-{AGENT_ID}.jsonl",
        "last_assistant_message": "Batch 1 is done. Commit: abc1234",
        "background_tasks": [background(agent_type or "")],
        "session_crons": [],
    }
    if agent_type is None:
        del payload["agent_type"]
    return {**payload, **fields}


def stop_payload(cwd: Path | str, home: Path | str, **fields: Any) -> dict[str, Any]:
    """Stop (the team leader)."""
    return {
        **common("Stop", cwd, home),
        "stop_hook_active": False,
        "last_assistant_message": "Batch 1 is delegated.",
        "background_tasks": [],
        "session_crons": [],
        **fields,
    }


def tool_payload(
    event: str,
    cwd: Path | str,
    home: Path | str,
    tool: str,
    tool_input: Any,
    agent_type: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """PreToolUse/PostToolUse of `tool`; `agent_type` set when a subagent made the call."""
    payload = {**common(event, cwd, home), "tool_name": tool, "tool_input": tool_input, "tool_use_id": "toolu_01AbC"}
    if agent_type is not None:
        payload.update({"agent_id": AGENT_ID, "agent_type": agent_type})
    if event == "PostToolUse":
        response = {"stdout": "", "stderr": "", "interrupted": False, "isImage": False, "noOutputExpected": False}
        payload.update({"tool_response": response, "duration_ms": 41})
    return {**payload, **fields}


def bash_input(command: str) -> dict[str, Any]:
    """The Bash tool's input."""
    return {"command": command, "description": "Run a command"}


def session_start_payload(cwd: Path | str, home: Path | str, source: str = "resume") -> dict[str, Any]:
    """SessionStart (no prompt_id, permission_mode or effort on this event)."""
    return {
        "session_id": SESSION,
        "transcript_path": f"{home}/.claude/projects/-repo/{SESSION}.jsonl",
        "cwd": str(cwd),
        "hook_event_name": "SessionStart",
        "source": source,
    }
