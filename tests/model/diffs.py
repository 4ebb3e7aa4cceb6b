"""Exact diffs of edited bytes: which lines an edit replaced or inserted (difflib), endings and BOM kept."""

from __future__ import annotations

import difflib
import re

from batchgate.model.text import BOM

_EMOJI = re.compile("[\u2190-\u2bff\U0001f000-\U0001faff\ufe0f]")


def has_emoji(text: str) -> bool:
    """True when `text` holds an emoji (or its variation selector)."""
    return _EMOJI.search(text) is not None


def body_lines(data: bytes) -> list[bytes]:
    """The file's lines with their endings, BOM left out."""
    return data.removeprefix(BOM).splitlines(keepends=True)


def opcodes(old: bytes, new: bytes) -> list[tuple[str, int, int, int, int]]:
    """difflib's non-equal opcodes between two versions, line by line (endings kept).

    The common head and tail are set aside first (difflib on 3,000 equal lines is slow)."""
    before, after = body_lines(old), body_lines(new)
    head = 0
    while head < min(len(before), len(after)) and before[head] == after[head]:
        head += 1
    tail = 0
    while tail < min(len(before), len(after)) - head and before[-1 - tail] == after[-1 - tail]:
        tail += 1
    matcher = difflib.SequenceMatcher(
        a=before[head : len(before) - tail], b=after[head : len(after) - tail], autojunk=False
    )
    return [
        (tag, i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
        if tag != "equal"
    ]


def assert_only_line_replaced(old: bytes, new: bytes, index: int) -> tuple[str, str]:
    """The edit replaced exactly line `index` (0-based), same ending, BOM kept; (old line, new line)."""
    assert old.startswith(BOM) == new.startswith(BOM)
    assert opcodes(old, new) == [("replace", index, index + 1, index, index + 1)]
    before, after = body_lines(old)[index], body_lines(new)[index]
    assert _ending(before) == _ending(after)
    return before.decode(), after.decode()


def assert_lines_replaced(old: bytes, new: bytes, indices: list[int]) -> list[str]:
    """The edit replaced exactly these lines (0-based), each keeping its ending; the new lines."""
    assert old.startswith(BOM) == new.startswith(BOM)
    assert opcodes(old, new) == [("replace", i, i + 1, i, i + 1) for i in sorted(indices)]
    before, after = body_lines(old), body_lines(new)
    assert all(_ending(before[i]) == _ending(after[i]) for i in indices)
    return [after[i].decode() for i in sorted(indices)]


def assert_only_lines_inserted(old: bytes, new: bytes) -> list[str]:
    """The edit inserted lines in one place and changed nothing else; the inserted lines."""
    assert old.startswith(BOM) == new.startswith(BOM)
    ops = opcodes(old, new)
    assert len(ops) == 1, ops
    tag, i1, i2, j1, j2 = ops[0]
    assert tag == "insert" and i1 == i2, ops
    added = body_lines(new)[j1:j2]
    ending = _dominant(old)
    assert all(_ending(line) in {ending, b""} for line in added), added
    return [line.decode() for line in added]


def _ending(line: bytes) -> bytes:
    return line[len(line.rstrip(b"\r\n")) :]


def _dominant(data: bytes) -> bytes:
    crlf = data.count(b"\r\n")
    return b"\r\n" if crlf > data.count(b"\n") - crlf else b"\n"
