"""Where this batchgate is, and how Claude and the hooks start it again (standard library only).

A batchgate "home" holds the launchers: a clone of batchgate or a plugin copy of it (`scripts/batchgate`,
`hooks/run.sh`, the `batchgate/` package), or an installed copy `REPO/.claude/batchgate` (`bin/batchgate`,
`hooks/run.sh`, the engine packed in `batchgate.pyz`).
"""

from __future__ import annotations

import os

ARCHIVE = "batchgate.pyz"
# Set by bin/batchgate (scripts/batchgate): an installed engine may run from an unpacked copy outside its home.
HOME: str | None = None


def engine_home() -> str:
    """The home of the batchgate running now."""
    if HOME is not None:
        return HOME
    parent = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    return os.path.dirname(parent) if os.path.isfile(parent) else parent  # imported from inside the archive


def is_checkout(home: str) -> bool:
    """A clone of batchgate itself (not Claude Code's copy of it as a plugin, which may keep .git)."""
    marked = os.path.isfile(os.path.join(home, "pyproject.toml")) and os.path.exists(os.path.join(home, ".git"))
    return marked and "/plugins/cache/" not in os.path.abspath(home).replace(os.sep, "/")


def is_plugin_copy(home: str) -> bool:
    """A plugin's folder: batchgate's files with a plugin manifest, neither a clone nor an installed copy."""
    manifest = os.path.join(home, ".claude-plugin", "plugin.json")
    return os.path.isfile(manifest) and not is_checkout(home) and not os.path.isfile(os.path.join(home, ARCHIVE))


def slash_command(name: str) -> str:
    """How the user types one of batchgate's commands: `/batchgate:NAME` from a plugin (namespaced), else `/NAME`."""
    return f"/batchgate:{name}" if is_plugin_copy(engine_home()) else f"/{name}"


def launcher_command(home: str, project_dir: str) -> str:
    """The CLI of the batchgate at `home` (an installed copy's bin/, or a checkout's scripts/), quoted.

    Relative to the project when inside it, so the permission rule
    `Bash(.claude/batchgate/bin/batchgate:*)` matches; absolute otherwise (a plugin: its commands allow
    `Bash(${CLAUDE_PLUGIN_ROOT}/scripts/batchgate:*)`, which Claude Code expands to that absolute path).
    """
    import shlex  # only when a message names the command

    for launcher in (os.path.join(home, "bin", "batchgate"), os.path.join(home, "scripts", "batchgate")):
        if os.path.exists(launcher):
            relative = os.path.relpath(launcher, project_dir)
            return shlex.quote(launcher if relative.startswith("..") else relative)
    return "batchgate"


def hook_argv(python: str, script: str) -> list[str]:
    """How `python` runs the hook `script` (HOME/hooks/<module>.py) again: the file, or bin/batchgate --hook."""
    if os.path.isfile(script):
        return [python, script]
    home = os.path.dirname(os.path.dirname(script))
    return [python, os.path.join(home, "bin", "batchgate"), "--hook", os.path.basename(script).removesuffix(".py")]
