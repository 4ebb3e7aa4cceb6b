"""Dependency values: `None`, `Batch 1`, `Batches 1-2`, `Batch 1, Batch 2`, `Task 1.1`."""

from __future__ import annotations

import re

_PAREN = re.compile(r"\([^()]*\)")
_ONE = r"(?:[A-Za-z]?\d[\w.]*|[A-Z](?![\w]))"
_REF = re.compile(rf"\b(?P<kind>(?i:batch(?:es)?|tasks?))\s+(?P<ids>{_ONE}(?:\s*(?:,|and|&|[-–]|to)\s*{_ONE})*)")
_ID = re.compile(r"[A-Za-z]?\d+[A-Za-z]?(?:\.\d+[A-Za-z]?)*|[A-Z]\b")
_RANGE = re.compile(r"^(\d+)\s*(?:[-–]|to)\s*(\d+)$")


def dependency_ids(value: str, kind: str) -> list[str]:
    """Ids of the `kind` ("batch" or "task") units a dependency value names."""
    found: dict[str, None] = {}  # ordered and distinct, in linear time
    for match in _REF.finditer(_PAREN.sub(" ", value)):
        if not match.group("kind").lower().startswith(kind):
            continue
        found.update(dict.fromkeys(_expand(match.group("ids"))))
    return list(found)


def _expand(ids: str) -> list[str]:
    result: list[str] = []
    for piece in re.split(r"\s*(?:,|\band\b|&)\s*", ids):
        piece = piece.strip()
        ranged = _RANGE.match(piece)
        if ranged and int(ranged.group(2)) - int(ranged.group(1)) < 100:
            result += [str(n) for n in range(int(ranged.group(1)), int(ranged.group(2)) + 1)]
            continue
        match = _ID.match(piece)
        if match:
            result.append(match.group(0))
    return result
