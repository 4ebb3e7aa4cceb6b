"""A project repository where batchgate runs only as a plugin: a build of the plugin, no install.py.

The build is what `/plugin install` copies into Claude Code's plugin cache (seen with CLI 2.1.328):
the repository's files, without `.git`. It is made read-only, as Claude Code's copy is meant to be,
so nothing batchgate needs may be written there. batchgate's environment is where a plugin's lives,
`$XDG_DATA_HOME/batchgate/venv` (the harness gives the CLI an XDG_DATA_HOME in its isolated HOME):
a symlink to this test interpreter's environment, so no pip runs. No BATCHGATE_VENV is set.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tests.e2e.conftest import ClaudeSession
from tests.e2e.fake_anthropic import Script
from tests.e2e.installed import COMMAND, Installed, body_of, first_line
from tests.e2e.run_result import ClaudeRun
from tests.support.paths import ROOT

NAME = "batchgate"
PLUGIN_COMMAND = f"/{NAME}:{COMMAND[1:]}"  # plugin commands answer to their namespaced name only
PLUGIN_AGENT = f"{NAME}:backend-developer"


def build_plugin(into: Path) -> Path:
    """The checkout's files as a plugin install copies them (tracked and new, not ignored), read-only."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for rel in filter(None, listed.split("\0")):
        source = ROOT / rel
        if source.is_file():
            (into / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / rel)
    for path in [into, *into.rglob("*")]:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    return into


@dataclass
class PluginProject(Installed):
    """The session's project with a plan and config but no install: batchgate comes from `plugin`."""

    plugin: Path = Path()

    @classmethod
    def create_plugin(cls, claude: ClaudeSession, retries: int | None = None) -> PluginProject:
        """Build the plugin, write the plan and config, commit; batchgate's environment in the user's data dir."""
        plugin = build_plugin(claude.runner.home.parent / "plugin-build" / NAME)
        data = claude.runner.home / ".local" / "share" / NAME
        data.mkdir(parents=True)
        (data / "venv").symlink_to(sys.prefix, target_is_directory=True)
        project = cls.prepare(claude, retries, install=False)
        project.plugin = plugin
        return project

    @property
    def env(self) -> dict[str, str]:
        """PATH's python3 without the dependencies first; no BATCHGATE_VENV: the plugin finds its own."""
        return {"PATH": f"{self.bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}

    def run(self, prompt: str, script: Script, bypass: bool = True) -> ClaudeRun:
        """`claude -p PROMPT --plugin-dir BUILD` in the project."""
        return self.claude.run(prompt, script, bypass=bypass, env=self.env, args=["--plugin-dir", str(self.plugin)])

    @property
    def command_body(self) -> str:
        """The plugin's command body, as Claude Code should send it (before substitution)."""
        return body_of(self.plugin / "plugin" / "commands" / f"{COMMAND[1:]}.md")

    @property
    def developer_marker(self) -> str:
        """The first line of the plugin's backend-developer prompt."""
        return first_line(body_of(self.plugin / "plugin" / "agents" / "backend-developer.md"))

    @property
    def cli(self) -> Path:
        """The plugin's CLI."""
        return self.plugin / "scripts" / "batchgate"
