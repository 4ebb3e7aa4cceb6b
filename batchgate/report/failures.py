"""What a failing gate was about, in a few words: "invented SHA", "missing file", "failing build"…

Read from the gates' own summaries and evidence (batchgate's words, recorded
in the history), first match wins; anything else is named by the gate.
"""

from __future__ import annotations

from collections.abc import Iterable

# (gate, phrase in its summary or evidence, category)
_RULES: tuple[tuple[str, str, str], ...] = (
    ("commit", "no batch commit", "no commit"),
    ("commit", "batch commits for batch", "too many commits"),
    ("commit", "not in the agreed form", "commit message"),
    ("commit", "no longer contains the base", "history rewritten"),
    ("tasks.md", "names no commit", "invented SHA"),
    ("tasks.md", "was made before the batch was assigned", "stale SHA"),
    ("tasks.md", "not reachable from HEAD", "SHA on another branch"),
    ("tasks.md", "is not the batch commit", "wrong SHA"),
    ("tasks.md", "no commit SHA is recorded", "SHA not recorded"),
    ("tasks.md", "removed from tasks.md", "task removed"),
    ("tasks.md", "(tasks.md line", "tasks not marked done"),
    ("files", "missing from the working tree", "missing file"),
    ("files", "never committed", "file not committed"),
    ("files", "not changed by batch commit", "file not in commit"),
    ("files", "only whitespace", "empty file"),
    ("files", "names no files", "no files listed"),
    ("files", "outside the repository", "path outside repository"),
    ("clean", "uncommitted changes", "uncommitted changes"),
    ("build", "timed out", "build timed out"),
    ("build", "not found on PATH", "build tool missing"),
    ("build", "failed with exit code", "failing build"),
)


def classify(gate: str, summary: str, evidence: Iterable[str] = ()) -> str:
    """The category of one failing (or unchecked) gate."""
    texts = [summary, *evidence]
    for rule_gate, phrase, category in _RULES:
        if rule_gate == gate and any(phrase in text for text in texts):
            return category
    return "other"
