"""Commit fields: which fields record a commit, and the SHAs they hold.

`Git Commit`, `Commit`, `Commit SHA`, `Batch 4 Git Commit`, `Batch Git Commits`,
`Git Commit (Batch)` record commits; `Git Commit Pattern`, `Commit Strategy` and the like do not.
A field naming a task (`Task 7.1 Git Commit`, `Git Commit SHA (Task 2.1)`)
records that task's commit, not the batch's.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_COMMIT_NAME = re.compile(
    r"^(?:(?P<k1>batch|task)\s+(?P<i1>[a-z]?\d[\w.]*)\s+)?(?:batch\s+)?(?:git\s+)?commits?(?:\s+shas?)?"
    r"(?:\s*\((?P<k2>batch|task)(?:\s+(?P<i2>[\w.]+))?\))?$"
)
_CONVENTIONAL = re.compile(r"^[A-Za-z]+(?:\([^)\n]*\))?!?:\s+\S")
_SHA = re.compile(r"(?<![0-9A-Za-z])([0-9a-fA-F]{7,40})(?![0-9A-Za-z])")
_BACKTICKED_SHA = re.compile(r"`([0-9a-fA-F]{7,40})`")
_LEADING_SHA = re.compile(r"\s*(`?)([0-9a-fA-F]{7,40})\1(?![0-9A-Za-z])")
SHA_RE = re.compile(r"^[0-9a-f]{7,40}$")


class CommitName(NamedTuple):
    """What a field name says about whose commit it records."""

    owner: str  # "unit" (the section's own batch or task), "batch", "task"
    owner_id: str | None


def commit_field_name(name: str) -> CommitName | None:
    """Classify a normalized field name; None when it records no commit."""
    if "commit" not in name:
        return None  # most fields: skip the regex
    match = _COMMIT_NAME.match(name)
    if not match:
        return None
    kind = match.group("k1") or match.group("k2")
    owner_id = match.group("i1") or match.group("i2")
    if kind is None:
        return CommitName("unit", None)
    return CommitName(kind, owner_id)


def shas_in(text: str) -> list[str]:
    """Distinct SHAs in a value, in order. A lone hex word counts; in prose a SHA needs a digit."""
    bare = text.strip().strip("`").strip()
    if SHA_RE.match(bare.lower()):
        return [bare.lower()]
    found: dict[str, None] = {}  # ordered and distinct, in linear time
    lead = _LEADING_SHA.match(text)
    if lead and _is_subject(text[lead.end() :].strip()):  # `abc1234` - fix 1a2b3c4d: the subject names no commit
        found[lead.group(2).lower()] = None
        candidates = _BACKTICKED_SHA.findall(text[lead.end() :])  # only a backticked list goes on
    else:
        candidates = _SHA.findall(text)
    for sha in map(str.lower, candidates):
        if any(ch.isdigit() for ch in sha):
            found.setdefault(sha)
    return list(found)


def _is_subject(rest: str) -> bool:
    """What follows a commit's SHA is its subject: after a dash, or a conventional `type(scope): ...`."""
    return rest.startswith(("-", "—", "–")) or _CONVENTIONAL.match(rest) is not None


def subject_and_note(value: str, sha: str) -> tuple[str | None, str | None]:
    """From `` `2d689c4` - feat: x `` (or `2d689c4 feat(x): y`, as git log --oneline prints it)
    the subject; from `5c55408 (fix)` the note."""
    position = value.lower().find(sha)
    if position < 0:
        return None, None
    rest = value[position + len(sha) :].lstrip("`").strip()
    if rest.startswith(("-", "—", "–")):
        subject = rest.lstrip("-—– ").strip()
        return (subject or None), None
    if _is_subject(rest):
        return rest, None
    return None, (rest or None)
