"""The plugin's own files: its commands and agents in step with the installed ones, its marketplace entry."""

from __future__ import annotations

import json
from typing import Any

import pytest

from batchgate.installer.plugin import INSTALLED_CLI, PLUGIN_CLI, for_plugin, plugin_files
from tests.support.paths import ROOT


def _json(rel: str) -> Any:
    return json.loads((ROOT / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("item", plugin_files(str(ROOT)), ids=lambda item: item.path)
def test_the_plugin_copy_is_in_step_with_dot_claude(item: Any) -> None:
    shipped = ROOT / item.path
    assert shipped.is_file() and shipped.read_bytes() == item.data, (
        f"{item.path} differs from what .claude/ gives: run python3 scripts/sync_plugin.py"
    )
    assert INSTALLED_CLI.encode() not in item.data


def test_the_plugin_calls_the_cli_through_its_root() -> None:
    command = for_plugin((ROOT / ".claude/commands/phase-6-backend-execution.md").read_bytes()).decode()
    assert f"allowed-tools: Bash({PLUGIN_CLI}:*)" in command
    assert f"{PLUGIN_CLI} brief /batchgate:phase-6-backend-execution" in command
    assert 'subagent_type: "batchgate:backend-developer"' in command  # the bare name is "not found" for a plugin
    assert (ROOT / "scripts" / "batchgate").is_file()


def test_the_marketplace_lists_this_repository_as_the_plugin() -> None:
    market = _json(".claude-plugin/marketplace.json")
    assert market["name"] == "batchgate" and market["owner"]["name"]
    (entry,) = market["plugins"]
    assert entry["name"] == _json(".claude-plugin/plugin.json")["name"] == "batchgate"
    assert entry["source"] == "./"  # "." is refused; "./" is the marketplace's own root
