"""batchgate's folders outside any repository, per user (standard library only).

The state folder keeps what a gated agent working inside a repository must
not be able to erase along with `.git/batchgate/` (a record per clone of the
runs assigned there); the data folder keeps what a plugin install needs
outside its read-only copy (the Python environment). XDG Base Directory rules:
a relative `$XDG_*_HOME` is ignored, as the specification says.
"""

from __future__ import annotations

import os


def user_state_dir() -> str:
    """`$XDG_STATE_HOME/batchgate`, else `~/.local/state/batchgate`."""
    return os.path.join(_base("XDG_STATE_HOME", (".local", "state")), "batchgate")


def user_data_dir() -> str:
    """`$XDG_DATA_HOME/batchgate`, else `~/.local/share/batchgate`."""
    return os.path.join(_base("XDG_DATA_HOME", (".local", "share")), "batchgate")


def _base(variable: str, fallback: tuple[str, ...]) -> str:
    value = os.environ.get(variable, "")
    if os.path.isabs(value):
        return value
    return os.path.join(os.path.expanduser("~"), *fallback)
