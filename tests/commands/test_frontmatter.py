"""Frontmatter parses and carries the fields Claude Code reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.commands.markdown import AGENTS, COMMANDS, split

KNOWN_TOOLS = {
    "Read",
    "Write",
    "Edit",
    "MultiEdit",
    "Bash",
    "Grep",
    "Glob",
    "Agent",
    "NotebookEdit",
    "WebFetch",
    "TodoWrite",
}


def test_the_bundle_ships_its_commands_and_agents() -> None:
    assert {p.stem for p in COMMANDS} == {
        "phase-6-backend-execution",
        "phase-6-frontend-execution",
        "phase-7-completion",
    }
    assert {p.stem for p in AGENTS} == {"backend-developer", "frontend-developer", "team-leader"}


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.stem)
def test_command_frontmatter(path: Path) -> None:
    meta, body = split(path)
    assert isinstance(meta.get("description"), str) and 20 <= len(meta["description"]) <= 1536
    assert meta.get("argument-hint") == "TASK_ID"
    tools = [t.strip() for t in str(meta["allowed-tools"]).split(",")]
    for tool in tools:
        assert re.fullmatch(r"[A-Z]\w*(\([^()]+\))?", tool), tool
    assert "Bash(.claude/batchgate/bin/batchgate:*)" in tools
    assert "$ARGUMENTS" in body, "without $ARGUMENTS Claude Code appends the arguments after the body"


@pytest.mark.parametrize("path", AGENTS, ids=lambda p: p.stem)
def test_agent_frontmatter(path: Path) -> None:
    meta, body = split(path)
    assert meta.get("name") == path.stem, "hooks see this name as agent_type"
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", meta["name"])
    assert isinstance(meta.get("description"), str) and meta["description"]
    tools = {t.strip() for t in str(meta["tools"]).split(",")}
    assert tools <= KNOWN_TOOLS, tools - KNOWN_TOOLS
    assert len(body.split()) > 80, "the body is the agent's system prompt"


@pytest.mark.parametrize("path", [p for p in AGENTS if p.stem.endswith("-developer")], ids=lambda p: p.stem)
def test_developers_cannot_delegate(path: Path) -> None:
    meta, _ = split(path)
    assert "Agent" not in str(meta["tools"]), "a developer does its batch itself"
