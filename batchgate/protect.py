"""Which repository paths a batch must not change: what configures the referee or the agents.

Standard library only: PreToolUse's guard reads it on the hooks' path, the
protected-paths gate and `assign` (which records the globs in the run) read
it in the engine. Paths are repository-relative with `/` separators.

- Always protected (not configurable): Claude Code's settings, batchgate's
  configuration and the installed engine.
- Protected by default: `.claude/**` (agents, commands). The config key
  `protect:` (a list of globs) replaces this default part, never the fixed one.
- Bookkeeping paths (`task-tracking/` by default) stay free whatever the globs say:
  the developer must be able to record its SHA.
"""

from __future__ import annotations

import posixpath
import re

TYPE_CHECKING = False  # importing typing would cost the hooks' fast path ~4 ms
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

ALWAYS_PROTECTED: tuple[str, ...] = (
    ".claude/settings*.json",
    ".claude/batchgate.yaml",
    ".claude/batchgate/**",
)
DEFAULT_PROTECT: tuple[str, ...] = (".claude/**",)

_cache: dict[str, re.Pattern[str]] = {}


def glob_regex(glob: str) -> re.Pattern[str]:
    """A glob as a regex: `**` spans folders (`a/**` is `a` and all below it), `*` and `?` stay in one."""
    compiled = _cache.get(glob)
    if compiled is None:
        compiled = _cache[glob] = re.compile(_translate(glob.strip("/")))
    return compiled


def _translate(glob: str) -> str:
    parts: list[str] = []
    index = 0
    while index < len(glob):
        if glob.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif glob.startswith("/**", index) and index + 3 == len(glob):
            parts.append("(?:/.*)?")
            index += 3
        elif glob.startswith("**", index):
            parts.append(".*")
            index += 2
        else:
            char = glob[index]
            parts.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            index += 1
    return "".join(parts) + r"\Z"


def normalize(path: str) -> str | None:
    """`./a//b/../c` -> `a/c`; None for a path that leaves the repository or names its root."""
    cleaned = posixpath.normpath(path.replace("\\", "/"))
    if cleaned in (".", "") or cleaned.startswith("/") or cleaned == ".." or cleaned.startswith("../"):
        return None
    return cleaned


def effective_globs(protect: Sequence[str] | None) -> tuple[str, ...]:
    """The fixed globs plus the configured ones (`None`: the default)."""
    return ALWAYS_PROTECTED + tuple(DEFAULT_PROTECT if protect is None else protect)


def protecting_glob(
    path: str, protect: Sequence[str] | None = None, bookkeeping: Iterable[str] = ("task-tracking/",)
) -> str | None:
    """The glob that protects `path` (repository-relative), or None when the batch may change it."""
    cleaned = normalize(path)
    if cleaned is None:
        return None
    if any(_under(cleaned, prefix) for prefix in bookkeeping):
        return None
    return next((glob for glob in effective_globs(protect) if glob_regex(glob).match(cleaned)), None)


def _under(path: str, prefix: str) -> bool:
    prefix = prefix.strip("/")
    return bool(prefix) and (path == prefix or path.startswith(prefix + "/"))
