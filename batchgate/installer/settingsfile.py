"""Reading a Claude Code settings file strictly, and writing it back in the user's style.

Nothing that cannot be read back exactly is changed: malformed JSON, JSON
with comments, duplicate keys or a non-object are refused with where the
problem is, and the file is left as it was.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass
from typing import Any

from batchgate.errors import InputError

_BOM = "\ufeff"


@dataclass(frozen=True)
class SettingsFile:
    """A settings file as found: its bytes (None when absent) and parsed object."""

    rel: str
    raw: bytes | None
    data: dict[str, Any]

    @property
    def exists(self) -> bool:
        """Whether the file was there."""
        return self.raw is not None

    def render(self, data: dict[str, Any]) -> bytes:
        """`data` as JSON, indented like the original (2 spaces by default; its BOM and CRLF kept)."""
        text = self.raw.decode("utf-8") if self.raw is not None else ""
        body = json.dumps(data, indent=_indent(text), ensure_ascii=False) + "\n"
        if "\r\n" in text:
            body = body.replace("\n", "\r\n")
        return ((_BOM if text.startswith(_BOM) else "") + body).encode("utf-8")


def read(path: str, rel: str) -> SettingsFile:
    """Parse the file at `path` (shown as `rel`); an absent file is an empty object."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        return SettingsFile(rel, None, {})
    except IsADirectoryError:
        raise InputError(f"{rel} is a directory, not a settings file", "move it away, then run again") from None
    except OSError as error:
        raise InputError(f"cannot read {rel}: {error.strerror}", f"check its permissions (ls -l {rel})") from None
    return SettingsFile(rel, raw, parse(raw, rel))


def parse(raw: bytes, rel: str) -> dict[str, Any]:
    """The settings object in `raw`, or an InputError that says where it goes wrong."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(f"{rel} is not UTF-8 (byte {error.start})", "re-save it as UTF-8, then run again") from None
    text = text.removeprefix(_BOM)
    try:
        value = json.loads(text, object_pairs_hook=_no_duplicates) if text.strip() else {}
    except _DuplicateKey as error:
        raise InputError(
            f"{rel} has the key {error.key!r} twice in one object", "keep one of them, then run again"
        ) from None
    except json.JSONDecodeError as error:
        raise _syntax_error(text, rel, error) from None
    if not isinstance(value, dict):
        raise InputError(f"{rel} holds a JSON {type(value).__name__}, not an object", "make it a JSON object ({...})")
    return value


def is_read_only(path: str) -> bool:
    """True when the file exists and may not be written (owner write bit off counts, even for root)."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not (mode & stat.S_IWUSR) or not os.access(path, os.W_OK)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _syntax_error(text: str, rel: str, error: json.JSONDecodeError) -> InputError:
    comment = _first_comment(text)
    if comment is not None:
        line, column = _line_column(text, comment)
        return InputError(
            f"{rel} line {line} column {column}: a comment; settings files must be strict JSON",
            "remove the comments (Claude Code's settings are plain JSON), then run again",
        )
    return InputError(
        f"{rel} line {error.lineno} column {error.colno}: not valid JSON ({error.msg})",
        "fix the JSON (python3 -m json.tool shows the spot), then run again",
    )


def _first_comment(text: str) -> int | None:
    """Offset of the first // or /* outside a string."""
    in_string = escaped = False
    for index, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char == "/" and text[index + 1 : index + 2] in ("/", "*"):
            return index
    return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _indent(text: str) -> int | str:
    """The indentation of the first indented line: a tab, or its number of spaces (2 if none)."""
    for line in text.removeprefix(_BOM).splitlines()[1:]:
        stripped = line.lstrip(" \t")
        if stripped and stripped != line:
            lead = line[: len(line) - len(stripped)]
            return "\t" if lead.startswith("\t") else len(lead)
    return 2
