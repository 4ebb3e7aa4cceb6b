"""What a path typed on a command line stands for, where the caller knows enough: `expand(text, known)`.

Only what can be known without running anything: `~`, `$NAME`/`${NAME}` from
`known` (the line's own assignments, the environment), and the substitutions
a caller lists (`$(git rev-parse --git-dir)`, `` `pwd` ``). Anything else
(`${x:-y}`, `$(cat f)`) leaves the path unknown: None.
"""

from __future__ import annotations

import re

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_SUBSTITUTION = re.compile(r"\$\(\s*([^()`$]*?)\s*\)|`\s*([^`$]*?)\s*`")
_UNKNOWN = re.compile("[$`\x00]")


def expand(text: str, variables: dict[str, str], commands: dict[str, str]) -> str | None:
    """`text` with `~`, known variables and known command substitutions replaced; None if anything is left.

    `commands` maps a command's words joined by one space (`git rev-parse --git-dir`) to its output.
    """
    if text == "~" or text.startswith("~/"):
        home = variables.get("HOME")
        if home is None:
            return None
        text = home + text[1:]
    for _ in range(2):  # a variable may hold a substitution: `d=$(git rev-parse --git-dir); rm -r "$d"`
        text = _VARIABLE.sub(lambda m: _known(variables, m.group(1) or m.group(2)), text)
        text = _SUBSTITUTION.sub(lambda m: _known(commands, " ".join((m.group(1) or m.group(2)).split())), text)
    return None if _UNKNOWN.search(text) else text


def literal_tail(text: str) -> str:
    """The part of `text` after its last expansion: `$X/.claude/a.json` -> `.claude/a.json`."""
    ends = [m.end() for m in re.finditer(r"\$\{[^}]*\}|\$\([^)]*\)|`[^`]*`|\$[A-Za-z_][A-Za-z0-9_]*", text)]
    return text[max(ends, default=0) :].lstrip("/")


def _known(table: dict[str, str], key: str) -> str:
    value = table.get(key)
    return value if value is not None else "\x00"  # marks what stays unknown
