"""Mutations of the corpus files: a real plan after up to N random edits, as a Hypothesis strategy.

`corpus_mutant` takes one corpus file and applies random mutations: line
deletion, duplication, swap, insertion of a plan-like line, splices from
other corpus files, byte flips, truncation, changed line endings.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from hypothesis import strategies as st

from tests.reliability.strategies import line
from tests.support.paths import corpus_files


@cache
def corpus_bytes() -> tuple[tuple[str, bytes], ...]:
    """(name, bytes) of every corpus file; () where ../shared is absent."""
    return tuple((path.name, Path(path).read_bytes()) for path in corpus_files())


def _lines(data: bytes) -> list[bytes]:
    return data.splitlines(keepends=True)


@st.composite
def mutate(draw: st.DrawFn, data: bytes) -> bytes:
    """One random mutation of a file's bytes."""
    lines = _lines(data) or [b""]
    at = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "splice", "flip", "cut", "ending"]))
    if how == "delete":
        del lines[at]
    elif how == "duplicate":
        lines.insert(at, lines[at])
    elif how == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[at], lines[other] = lines[other], lines[at]
    elif how == "insert":
        lines.insert(at, draw(line).encode("utf-8") + b"\n")
    elif how == "splice":
        _, donor = draw(st.sampled_from(corpus_bytes()))
        donor_lines = _lines(donor)
        start = draw(st.integers(0, max(0, len(donor_lines) - 1)))
        lines[at:at] = donor_lines[start : start + draw(st.integers(1, 40))]
    elif how == "flip":
        joined = b"".join(lines)
        index = draw(st.integers(0, max(0, len(joined) - 1)))
        byte = draw(st.integers(1, 255))
        return joined[:index] + bytes([byte]) + joined[index + 1 :]
    elif how == "cut":
        joined = b"".join(lines)
        return joined[: draw(st.integers(0, len(joined)))]
    else:
        lines[at] = lines[at].rstrip(b"\r\n") + draw(st.sampled_from([b"\r\n", b"\r", b"\n", b""]))
    return b"".join(lines)


@st.composite
def corpus_mutant(draw: st.DrawFn, max_mutations: int = 8) -> tuple[str, bytes]:
    """(file name, bytes): a corpus file after 0 to `max_mutations` mutations."""
    name, data = draw(st.sampled_from(corpus_bytes()))
    for _ in range(draw(st.integers(0, max_mutations))):
        data = draw(mutate(data))
    return name, data
