"""Small helpers the hooks share (standard library only)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any


def text_field(payload: dict[str, Any], name: str) -> str | None:
    """A string field of the payload; None when absent or of another type."""
    value = payload.get(name)
    return value if isinstance(value, str) else None


def gated_agent(payload: dict[str, Any], run: dict[str, Any] | None) -> str | None:
    """The payload's agent_type when the run holds that agent."""
    agent = text_field(payload, "agent_type")
    agents = run.get("agents") if run else None
    if agent and isinstance(agents, list) and is_gated(agent, agents):
        return agent
    return None


def is_gated(agent: object, agents: list[object]) -> bool:
    """`backend-developer`, or `batchgate:backend-developer` as Claude Code names a plugin's agent."""
    if not isinstance(agent, str):
        return False
    return agent in agents or (agent.startswith("batchgate:") and agent[len("batchgate:") :] in agents)


def cli_for(script: str, project_dir: str) -> str:
    """How Claude should call batchgate from the project directory."""
    home = os.path.dirname(os.path.dirname(os.path.abspath(script)))
    for launcher in (os.path.join(home, "bin", "batchgate"), os.path.join(home, "scripts", "batchgate")):
        if os.path.exists(launcher):
            relative = os.path.relpath(launcher, project_dir)
            chosen = launcher if relative.startswith("..") else relative  # relative: permission rules match it
            return chosen if " " not in chosen else f"'{chosen}'"
    return "batchgate"
