"""The value of a `**File(s)**:` field: paths, their actions, their notes.

`libs/a.ts` · `` `libs/a.ts` **[NEW]** `` · `a.ts, b.ts` · `CREATE libs/a.ts` ·
`D:\\repo\\libs\\a.ts (MODIFY)` · `- libs/a.ts (same file)` · `N/A (no file)`.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from batchgate.model.paths import RepoNames, place
from batchgate.model.types import FileRef

_ACTIONS = {
    "new": "new",
    "new file": "new",
    "create": "new",
    "created": "new",
    "add": "new",
    "added": "new",
    "modify": "modify",
    "modified": "modify",
    "update": "modify",
    "updated": "modify",
    "edit": "modify",
    "delete": "delete",
    "deleted": "delete",
    "remove": "delete",
    "removed": "delete",
    "same file": "modify",
}
_ACTION_WORDS = "|".join(sorted((re.escape(word) for word in _ACTIONS), key=len, reverse=True))
# Case-insensitive words only (`(?i:...)`): a whole-pattern IGNORECASE makes re fold every character
# class for all of Unicode when it compiles, about 0.1 ms a class, paid by every process that reads a plan.
_ANNOTATION = re.compile(rf"\*{{0,2}}[\[(]\s*((?i:{_ACTION_WORDS}))\s*[\])]\*{{0,2}}")
_PREFIX = re.compile(rf"^\s*\**((?i:{_ACTION_WORDS}))\**:?\s+(?=\S)")
_BACKTICKED = re.compile(r"`([^`\n]+)`")
_NOT_APPLICABLE = re.compile(r"^\s*(?i:n/?a|none)\b")
_LOOKS_LIKE_PATH = re.compile(r"[/\\]|\.[A-Za-z0-9]{1,12}$|^[A-Za-z0-9_.-]+(?i:file)$")
_FILE_FIELD = re.compile(
    r"^(?:test\s+)?(?:file\(s\)|files?)"
    r"(?:\s+\((?P<paren>[^()]*)\)|\s+to\s+(?P<verb>[a-z]+)|\s+(?P<past>created|modified|changed|deleted|added|removed))?$"
)


class Unread(NamedTuple):
    """A piece of a files value that holds no path the reader could find."""

    line: int
    text: str


def file_field(name: str) -> tuple[bool, str | None]:
    """Does a (normalized) field name list files, and which action does the name itself give?

    `File(s)`, `File`, `Files`, also `File (create)`, `Files to Change`, `Files Modified`,
    `Test Files Created`; `Source File` (where code is copied from) is not a task's file.
    """
    match = _FILE_FIELD.match(name)
    if not match:
        return False, None
    word = (match.group("paren") or match.group("verb") or match.group("past") or "").strip()
    return True, _ACTIONS.get(word)


def says_no_file(text: str) -> bool:
    """`N/A (verification task)`, `None - docs only`: the plan states that there is no file."""
    return _NOT_APPLICABLE.match(text) is not None


def parse_file_value(
    text: str, line: int, repo: RepoNames, default_action: str | None = None
) -> tuple[list[FileRef], list[Unread]]:
    """Files named in one value (a field's value, or one list item)."""
    if not text.strip() or _NOT_APPLICABLE.match(text):
        return [], []
    action = _action_of(text) or default_action
    body = _PREFIX.sub("", text)
    candidates = _BACKTICKED.findall(body) or _bare_candidates(body)
    refs: list[FileRef] = []
    unread: list[Unread] = []
    for candidate in candidates:
        candidate = candidate.strip().rstrip(",;")
        if not candidate or not _LOOKS_LIKE_PATH.search(candidate):
            if candidate:
                unread.append(Unread(line, candidate))
            continue
        placement = place(candidate, repo)
        refs.append(FileRef(candidate, placement.path, action, line, placement.problem))
    return refs, unread


def _action_of(text: str) -> str | None:
    found = _ANNOTATION.search(text) or _PREFIX.match(text)
    return _ACTIONS[found.group(1).lower()] if found else None


def _bare_candidates(body: str) -> list[str]:
    """Comma-separated bare paths; each is its first word (the rest is a note)."""
    cleaned = _ANNOTATION.sub("", body)
    pieces = [piece.strip() for piece in cleaned.split(",")]
    return [piece.split()[0] for piece in pieces if piece.split()]
