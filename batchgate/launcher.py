"""How Claude runs batchgate from the project directory (standard library only)."""

from __future__ import annotations

import os


def launcher_command(home: str, project_dir: str) -> str:
    """The CLI of the batchgate at `home` (an installed copy's bin/, or a checkout's scripts/), quoted.

    Relative to the project when inside it, so the permission rule
    `Bash(.claude/batchgate/bin/batchgate:*)` matches; absolute otherwise.
    """
    import shlex  # only when a message names the command

    for launcher in (os.path.join(home, "bin", "batchgate"), os.path.join(home, "scripts", "batchgate")):
        if os.path.exists(launcher):
            relative = os.path.relpath(launcher, project_dir)
            return shlex.quote(launcher if relative.startswith("..") else relative)
    return "batchgate"
