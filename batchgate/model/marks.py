"""How a heading writes its status: the frame around the marker, so the writer can answer in kind.

`✅ COMPLETE - Assigned to x` keeps who; `(IMPLEMENTED)` keeps its parentheses;
`- Completed by backend-developer agent` is prose, whose word case the writer
follows (TASKS_FORMAT.md §3, docs/tasks-format.md).
"""

from __future__ import annotations

import re

from batchgate.model.headings import PROSE_AFTER
from batchgate.model.status import WORD_PATTERN

_KEPT_TAIL = re.compile(
    r"\s+[-—–]{1,2}\s+(?:(?i:(?:verified\s*&\s*)?committed):?\s*`?[0-9a-fA-F]{7,40}`?"
    r"|(?i:assigned\s+to|completed\s+by)\s+[\w.-]+)"
)
_NOTE_TAIL = re.compile(r"\s*\([^()]*\)\s*\]?\s*$")
_PROSE = re.compile(rf"^(?P<word>(?i:{WORD_PATTERN}))(?![\w/]){PROSE_AFTER}")


def marker_frame(text: str) -> tuple[str, str, str | None]:
    """The separator before a heading marker, the bracket or note after it, and a prose status's case."""
    prefix = re.match(r"^[\s\-—–\[(*]*", text)
    lead = prefix.group(0) if prefix else " "
    if "(" in lead:  # `(IMPLEMENTED)`: the status stays in its parentheses; what follows them stays too
        close = text.find(")", len(lead))
        inside = text[len(lead) : close].strip()
        case = None if inside.isupper() or not inside[:1].isalpha() else case_of(inside)  # `(In Progress)`
        return lead, text[close:] if close >= 0 else "", case
    dashed = "-" in text or "—" in text or "–" in text
    kept = [m.group(0) for m in _KEPT_TAIL.finditer(text)] if dashed else []
    prose = _PROSE.match(text[len(lead) :]) if dashed and lead.strip() else None
    if prose:  # `- Completed by backend-developer agent`: the agent outlives the phrase, as an assignment
        tails = [tail if "ommitted" in tail else f" - Assigned to {tail.split()[-1]}" for tail in kept]
        return lead, "".join(tails), case_of(prose.group("word"))
    if kept:  # `- Assigned to x`, `- Committed: abc1234`: who and which commit outlive a status change
        return lead or " ", "".join(kept), None
    suffix = "]" if "[" in lead and "]" in text else ""
    note = _NOTE_TAIL.search(text) if "(" in text else None
    if note and not suffix:
        suffix = note.group(0).rstrip()
    return lead or " ", suffix, None


def case_of(words: str) -> str:
    """The case of a status's words: upper (`IN PROGRESS`), title (`In Progress`), sentence (`In progress`), lower."""
    if words.isupper():
        return "upper"
    if words.istitle():
        return "title"
    return "sentence" if words[:1].isupper() else "lower"
