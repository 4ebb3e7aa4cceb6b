"""Which form of batchgate serves a repository: the copy install.py committed, the plugin, or both.

Both at once means every hook runs twice (Claude Code runs a plugin's hooks in addition to the
settings' ones), so `doctor` warns. The evidence for each form:

- installed: `.claude/batchgate/manifest.json`, or batchgate's hook entries in the project or
  local settings;
- plugin: `enabledPlugins` naming `batchgate@<marketplace>` in the project, local or user
  settings (`~/.claude/settings.json`, or under `$CLAUDE_CONFIG_DIR`), or this very batchgate
  running from a plugin copy (a `--plugin-dir` session leaves no other trace).
"""

from __future__ import annotations

import os
from typing import Any

from batchgate.errors import BatchgateError
from batchgate.installer import settingsfile
from batchgate.installer.wiring import MANIFEST, SETTINGS, our_handlers
from batchgate.launcher import is_plugin_copy

PLUGIN = "batchgate"
UNINSTALL = "python3 <batchgate checkout>/install.py {root} --uninstall"


def user_settings() -> str:
    """Claude Code's user settings file."""
    base = os.environ.get("CLAUDE_CONFIG_DIR") or os.path.join(os.path.expanduser("~"), ".claude")
    return os.path.join(base, "settings.json")


def installed_evidence(root: str) -> list[str]:
    """What shows that install.py put batchgate into this repository."""
    found = [MANIFEST] if os.path.isfile(os.path.join(root, *MANIFEST.split("/"))) else []
    for rel in (SETTINGS["project"], SETTINGS["local"]):
        if our_handlers(_settings(os.path.join(root, rel))):
            found.append(f"hooks in {rel}")
    return found


def plugin_evidence(root: str, home: str) -> list[str]:
    """What shows that the batchgate plugin is on for this repository."""
    found: list[str] = []
    places = [(os.path.join(root, rel), rel) for rel in (SETTINGS["project"], SETTINGS["local"])]
    for path, shown in [*places, (user_settings(), "~/.claude/settings.json")]:
        enabled = [name for name in _enabled_plugins(_settings(path)) if name.split("@", 1)[0] == PLUGIN]
        found += [f"enabledPlugins {name} in {shown}" for name in enabled]
    if is_plugin_copy(home):
        found.append(f"this batchgate runs from a plugin copy ({home})")
    return found


def forms_check(root: str, home: str) -> tuple[str, str, str | None]:
    """(status, detail, fix) of the `forms` check: which form is active, and a warning when both are."""
    installed, plugin = installed_evidence(root), plugin_evidence(root, home)
    if installed and plugin:
        return (
            "warning",
            f"both forms are active, so every hook runs twice: installed ({', '.join(installed)}) "
            f"and the plugin ({', '.join(plugin)})",
            f"keep one: disable the plugin for this project (claude plugin disable {PLUGIN}@<marketplace>), "
            f"or {UNINSTALL.format(root=root)}",
        )
    if installed:
        return "ok", f"installed with install.py ({', '.join(installed)}); the plugin is not enabled", None
    if plugin:
        return "ok", f"the plugin ({', '.join(plugin)}); nothing installed in the repository", None
    return (
        "failed",
        "batchgate is neither installed in this repository nor enabled as a plugin",
        f"install it for the team (python3 <batchgate checkout>/install.py {root}) or for yourself as a plugin "
        f"(/plugin marketplace add <batchgate repository>, then /plugin install {PLUGIN}@{PLUGIN})",
    )


def _settings(path: str) -> dict[str, Any]:
    try:
        return settingsfile.read(path, path).data
    except BatchgateError:  # malformed settings: the settings checks name the problem
        return {}


def _enabled_plugins(data: dict[str, Any]) -> list[str]:
    plugins = data.get("enabledPlugins")
    return [str(name) for name, on in plugins.items() if on] if isinstance(plugins, dict) else []
