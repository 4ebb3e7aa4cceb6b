"""File paths from tasks.md made repository-relative, or refused.

Plans are written on other machines: `D:\\projects\\repo\\libs\\x.ts`,
`D:/projects/repo/libs/x.ts`, `file:///d:/projects/repo/libs/x.ts`. Such a
path is mapped by dropping everything up to the repository's root folder
(matched by name, or by a top-level entry the repository really has). A
path that cannot be placed inside the repository is reported, never followed.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple
from urllib.parse import unquote

_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_FILE_URL = re.compile(r"^file://(?:localhost)?/*", re.IGNORECASE)


class Placement(NamedTuple):
    """Where a path from the plan lands: repository-relative, or why it cannot."""

    path: str | None
    problem: str | None


class RepoNames(NamedTuple):
    """What is known of the repository: its folder name and top-level entries."""

    root: str | None
    entries: frozenset[str]

    @classmethod
    def of(cls, root: str | None) -> RepoNames:
        """Names for a repository root (which may be unknown)."""
        if root is None:
            return cls(None, frozenset())
        try:
            entries = frozenset(name for name in os.listdir(root) if name not in {".git"})
        except OSError:
            entries = frozenset()
        return cls(os.path.abspath(root), entries)


def place(raw: str, repo: RepoNames) -> Placement:
    """Map a path as written in tasks.md to a repository-relative POSIX path."""
    text = raw.strip().strip("`'\"")
    if "\x00" in text:
        return Placement(None, "the path contains a NUL byte")
    if _FILE_URL.match(text):
        text = unquote(_FILE_URL.sub("", text))
        if not _DRIVE.match(text):
            text = "/" + text
    if text.startswith("~"):
        return Placement(None, "a home-folder path (~) is outside the repository")
    if _DRIVE.match(text) or text.startswith(("/", "\\")):
        return _place_absolute(text, repo)
    return _place_relative(text.replace("\\", "/"))


def _place_relative(text: str) -> Placement:
    parts: list[str] = []
    for part in text.split("/"):
        if part in {"", "."}:
            continue
        if part == "..":
            if not parts:
                return Placement(None, "the path leads outside the repository (..)")
            parts.pop()
            continue
        parts.append(part)
    if not parts:
        return Placement(None, "the path is empty")
    return Placement("/".join(parts), None)


def _place_absolute(text: str, repo: RepoNames) -> Placement:
    unified = text.replace("\\", "/")
    if repo.root and os.name != "nt":
        inside = _under(unified, repo.root.replace("\\", "/"))
        if inside is not None:
            return _place_relative(inside)
    parts = [part for part in _DRIVE.sub("", unified).split("/") if part]
    if repo.root:
        name = os.path.basename(repo.root).lower()
        for index in range(len(parts) - 1, -1, -1):
            if parts[index].lower() == name and index + 1 < len(parts):
                return _place_relative("/".join(parts[index + 1 :]))
        for index, part in enumerate(parts):
            if part in repo.entries and index > 0:
                return _place_relative("/".join(parts[index:]))
    return Placement(None, "an absolute path that cannot be placed inside the repository")


def _under(path: str, root: str) -> str | None:
    root = root.rstrip("/")
    if path == root:
        return ""
    if path.startswith(root + "/"):
        return path[len(root) + 1 :]
    return None
