"""What an unattended session may do without asking: the phase command's own `allowed-tools` and the developer's tools.

In `-p` mode nobody can approve a permission prompt: a tool call that needs
approval is refused on the spot. So `run` starts each session in the default
permission mode and passes `--allowedTools` with exactly the tools the
installed Markdown already grants: the command file's `allowed-tools` (the
team leader's batchgate, git and Agent calls) and each developer agent's
`tools` (Read, Write, Edit, Bash… the developer needs to do the batch).
`bypassPermissions` is used only when the user asks for it.
"""

from __future__ import annotations

import os

from batchgate.config import Config
from batchgate.errors import CouldNotCheck
from batchgate.model.roles import agents_for

DEFAULT_MODE = "default"
MODES = ("default", "acceptEdits", "plan", "bypassPermissions", "dontAsk", "auto")


def command_file(root: str, role: str) -> str:
    """`.claude/commands/phase-6-<role>-execution.md` of the repository."""
    return os.path.join(root, ".claude", "commands", f"phase-6-{role}-execution.md")


def allowed_tools(root: str, role: str, config: Config) -> list[str]:
    """The command's `allowed-tools` followed by each developer agent's `tools`, each once."""
    path = command_file(root, role)
    tools = _field(path, "allowed-tools")
    if tools is None:
        raise CouldNotCheck(
            f"{os.path.relpath(path, root)} is missing: batchgate's commands are not installed here",
            f"install batchgate into this repository first: python3 install.py {root}",
        )
    for agent in agents_for(role, config):
        tools += _field(os.path.join(root, ".claude", "agents", f"{agent}.md"), "tools") or []
    return list(dict.fromkeys(tools))


def permission_flags(mode: str | None, tools: list[str]) -> list[str]:
    """`--permission-mode MODE --allowedTools T1,T2…` (the mode the user chose, else the default)."""
    return ["--permission-mode", mode or DEFAULT_MODE, "--allowedTools", ",".join(tools)]


def _field(path: str, name: str) -> list[str] | None:
    """A comma-separated frontmatter field as a list (None when the file is missing)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read(65536)
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith("---\n"):
        return []
    for line in text.split("\n---", 1)[0].splitlines()[1:]:
        key, _, value = line.partition(":")
        if key.strip() == name:
            return split_tools(value)
    return []


def split_tools(value: str) -> list[str]:
    """`Bash(git log:*), Agent, Read` -> ["Bash(git log:*)", "Agent", "Read"] (commas inside () kept)."""
    tools, depth, current = [], 0, ""
    for char in value:
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            tools.append(current.strip())
            current = ""
        else:
            current += char
    tools.append(current.strip())
    return [tool for tool in tools if tool]
