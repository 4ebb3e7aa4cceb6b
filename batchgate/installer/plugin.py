"""The plugin's own commands and agents: the installed ones, with batchgate's CLI found through the plugin's root.

Installed, the commands and agents call `.claude/batchgate/bin/batchgate` (relative to the project).
A plugin puts nothing in the project: Claude Code replaces `${CLAUDE_PLUGIN_ROOT}` in a plugin's
command and agent bodies and in `allowed-tools` with the plugin's folder (seen with CLI 2.1.328,
tests/e2e/README.md), so the plugin's copies call `${CLAUDE_PLUGIN_ROOT}/scripts/batchgate`. A
plugin's commands and agents answer to their namespaced names only (`/batchgate:phase-7-completion`,
`batchgate:backend-developer`: the bare agent name is "not found"), so the copies use those.
`.claude/` stays the one source; `python3 scripts/sync_plugin.py` writes `plugin/` from it and
tests/install/test_plugin.py fails while the two differ.
"""

from __future__ import annotations

import re

from batchgate.installer.bundle import AGENTS, COMMANDS, BundleFile, read_checkout

INSTALLED_CLI = ".claude/batchgate/bin/batchgate"
PLUGIN_CLI = "${CLAUDE_PLUGIN_ROOT}/scripts/batchgate"
FOLDER = "plugin"
NAMESPACE = "batchgate:"
_SLASH_COMMAND = re.compile(rb"(?<![\w./-])/(phase-[67]-[a-z-]+)")
_AGENT_NAME = re.compile(rb"(`|subagent_type: \")((?:backend|frontend)-developer)\b")


def plugin_files(checkout: str) -> list[BundleFile]:
    """plugin/commands/*.md and plugin/agents/*.md as they must read."""
    sources = [f"commands/{name}.md" for name in COMMANDS] + [f"agents/{name}.md" for name in AGENTS]
    return [BundleFile(f"{FOLDER}/{rel}", for_plugin(read_checkout(checkout, f".claude/{rel}"))) for rel in sources]


def for_plugin(text: bytes) -> bytes:
    """An installed command or agent as the plugin ships it."""
    text = text.replace(INSTALLED_CLI.encode(), PLUGIN_CLI.encode())
    text = _SLASH_COMMAND.sub(rb"/" + NAMESPACE.encode() + rb"\1", text)
    return _AGENT_NAME.sub(rb"\1" + NAMESPACE.encode() + rb"\2", text)
