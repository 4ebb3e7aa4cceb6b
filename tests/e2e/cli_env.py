"""The environment `claude -p` gets: isolated HOME, the fake server, no telemetry or updates.

Built from scratch rather than copied, so none of the caller's CLAUDE_* / ANTHROPIC_* settings,
proxies or credentials reach the CLI. Hooks and tool commands inherit it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from tests.e2e.fake_anthropic import FAKE_API_KEY

_KEPT_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ")
_QUIET_ENV = {
    "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
    "DISABLE_TELEMETRY": "1",
    "DISABLE_AUTOUPDATER": "1",
    "DISABLE_ERROR_REPORTING": "1",
    "DISABLE_BUG_COMMAND": "1",
    "CLAUDE_CODE_MAX_RETRIES": "0",
}
_GIT_ENV = {
    "GIT_AUTHOR_NAME": "E2E Agent",
    "GIT_AUTHOR_EMAIL": "agent@example.com",
    "GIT_COMMITTER_NAME": "E2E Agent",
    "GIT_COMMITTER_EMAIL": "agent@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
}


def cli_env(home: Path, base_url: str, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """A minimal environment: nothing of the caller's Claude/Anthropic settings leaks in."""
    env = {name: os.environ[name] for name in _KEPT_ENV if name in os.environ}
    env.update(_QUIET_ENV)
    env.update(_GIT_ENV)
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        TMPDIR=str(home / "tmp"),
        ANTHROPIC_BASE_URL=base_url,
        ANTHROPIC_API_KEY=FAKE_API_KEY,
        IS_SANDBOX="1",
    )
    env.update(extra or {})
    return env
