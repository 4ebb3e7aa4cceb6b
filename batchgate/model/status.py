"""Status markers: every spelling real files use, read; one canonical spelling, written.

Emoji sometimes arrive damaged: UTF-8 bytes once decoded as Mac Roman or
cp1252 (`‚úÖ` for ✅). The table of damaged forms is computed from the
emoji themselves, so it covers every marker the same way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from batchgate.model.types import Status

CANONICAL = {
    Status.PENDING: "⏸️ PENDING",
    Status.IN_PROGRESS: "🔄 IN PROGRESS",
    Status.IMPLEMENTED: "🔄 IMPLEMENTED",
    Status.COMPLETE: "✅ COMPLETE",
    Status.FAILED: "❌ FAILED",
    Status.BLOCKED: "🚫 BLOCKED",
    Status.SKIPPED: "⏭️ SKIPPED",
}
PLAIN = {
    Status.PENDING: "PENDING",
    Status.IN_PROGRESS: "IN PROGRESS",
    Status.IMPLEMENTED: "IMPLEMENTED",
    Status.COMPLETE: "COMPLETE",
    Status.FAILED: "FAILED",
    Status.BLOCKED: "BLOCKED",
    Status.SKIPPED: "SKIPPED",
}

# Emoji alone (no word) and what they mean. Words, where present, decide.
EMOJI = {
    "✅": Status.COMPLETE,
    "✔️": Status.COMPLETE,
    "🔄": Status.IN_PROGRESS,
    "⏸️": Status.PENDING,
    "⬜": Status.PENDING,
    "⏳": Status.PENDING,
    "📋": Status.PENDING,
    "❌": Status.FAILED,
    "🚫": Status.BLOCKED,
    "⏭️": Status.SKIPPED,
    "🟡": Status.SKIPPED,
    "⚠️": Status.IN_PROGRESS,
}

# Longest phrases first so that "CODE COMPLETE" is not read as "COMPLETE".
WORDS: tuple[tuple[str, Status], ...] = (
    ("ready for assignment", Status.PENDING),
    ("partially implemented", Status.IN_PROGRESS),
    ("partially completed", Status.IN_PROGRESS),
    ("partially complete", Status.IN_PROGRESS),
    ("not started", Status.PENDING),
    ("code complete", Status.IMPLEMENTED),
    ("in progress", Status.IN_PROGRESS),
    ("not needed", Status.SKIPPED),
    ("implemented", Status.IMPLEMENTED),
    ("completed", Status.COMPLETE),
    ("complete", Status.COMPLETE),
    ("verified", Status.COMPLETE),
    ("done", Status.COMPLETE),
    ("pending", Status.PENDING),
    ("assigned", Status.IN_PROGRESS),
    ("partial", Status.IN_PROGRESS),
    ("failed", Status.FAILED),
    ("blocked", Status.BLOCKED),
    ("skipped", Status.SKIPPED),
    ("deferred", Status.SKIPPED),
    ("n/a", Status.SKIPPED),
)
_WORD_INDEX = dict(WORDS)
WORD_PATTERN = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word, _ in WORDS)


def _damaged_forms(emoji: str) -> set[str]:
    """How `emoji` looks after its UTF-8 bytes were decoded as Mac Roman or cp1252."""
    raw = emoji.encode("utf-8")
    forms = {raw.decode("mac_roman")}
    forms.add(raw.decode("cp1252", errors="ignore"))
    forms.add("".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in raw))
    # Mac Roman turns 0xF0 into the Apple logo (U+F8FF), which many tools then drop.
    forms |= {form.replace("\uf8ff", "") for form in forms}
    return {form for form in forms if len(form) >= 2 and form != emoji}


def _emoji_table() -> dict[str, tuple[str, bool]]:
    """Every emoji spelling -> (the intact emoji, was it damaged)."""
    table: dict[str, tuple[str, bool]] = {}
    for emoji in EMOJI:
        for variant in {emoji, emoji.replace("\ufe0f", "")}:
            if variant:
                table[variant] = (emoji, False)
                for damaged in _damaged_forms(variant):
                    table[damaged] = (emoji, True)
    return table


EMOJI_FORMS = _emoji_table()
# A leading class of first characters lets the regex engine skip most positions at once.
_FIRSTS = "".join(sorted({re.escape(form[0]) for form in EMOJI_FORMS}))
EMOJI_PATTERN = (
    f"(?=[{_FIRSTS}])(?:" + "|".join(re.escape(form) for form in sorted(EMOJI_FORMS, key=len, reverse=True)) + ")"
)
_EMOJI_RE = re.compile(EMOJI_PATTERN)
_WORD_FIRSTS = "".join(sorted({w[0] for w, _ in WORDS} | {w[0].upper() for w, _ in WORDS}))
# The words alone are case-insensitive: IGNORECASE on the whole pattern would fold the class of first letters
# (already both cases) for all of Unicode, which costs every process ~0.2 ms to compile.
_WORD_RE = re.compile(rf"(?=[{_WORD_FIRSTS}])(?<![\w/])((?i:{WORD_PATTERN}))(?![\w/])")


class MarkerReading(NamedTuple):
    """What a marker text says."""

    status: Status | None
    emoji: bool
    damaged: bool


def read_marker(text: str) -> MarkerReading:
    """The status a marker text names: its first status word, else its first emoji."""
    emoji_match = _EMOJI_RE.search(text)
    damaged = bool(emoji_match and EMOJI_FORMS[emoji_match.group(0)][1])
    word = _WORD_RE.search(text)
    if word:
        status = _WORD_INDEX[" ".join(word.group(1).lower().split())]
        return MarkerReading(status, emoji_match is not None, damaged)
    if emoji_match:
        return MarkerReading(EMOJI[EMOJI_FORMS[emoji_match.group(0)][0]], True, damaged)
    return MarkerReading(None, False, False)


def is_status_phrase(text: str) -> bool:
    """True when `text` is nothing but a status (optionally with emoji): `IMPLEMENTED`, `✅ DONE`."""
    stripped = _EMOJI_RE.sub("", text).strip(" []*_-–—:")
    return bool(stripped) and _WORD_RE.fullmatch(stripped) is not None


def render_marker(status: Status, emoji: bool) -> str:
    """The marker batchgate writes: canonical emoji form, or plain words."""
    return CANONICAL[status] if emoji else PLAIN[status]
