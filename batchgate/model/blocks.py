"""Markdown block structure from mistune, with the source line of every block.

mistune's block parser finds headings, fenced and indented code, lists,
tables, quotes and paragraphs; it does not report positions, so this module
records the match offset of every top-level block as the parser makes it.
Inline parsing is never run: the reader only needs the block structure.
"""

from __future__ import annotations

import bisect
from typing import Any, NamedTuple

import mistune
from mistune.block_parser import BlockParser
from mistune.core import BlockState
from mistune.plugins.table import table

# Block kinds the reader looks inside for fields; the rest is never structure.
CONTENT_KINDS = frozenset({"paragraph", "list"})


class Block(NamedTuple):
    """A top-level block: kind, 0-based [start, end) line range, and heading details."""

    kind: str
    start: int
    end: int
    level: int = 0
    has_fence: bool = False
    token: Any = None


class _PositionedState(BlockState):
    """A block state that stamps each new paragraph with its offset."""

    def add_paragraph(self, text: str) -> None:
        last = self.last_token()
        if not (last and last["type"] == "paragraph"):
            self.tokens.append({"type": "paragraph", "text": text, "_offset": self.cursor})
            return
        super().add_paragraph(text)


class _PositionedParser(BlockParser):
    """Records where each rule matched, so tokens know their source offset."""

    state_cls = _PositionedState

    def parse_method(self, m: Any, state: BlockState) -> int | None:
        before = len(state.tokens)
        result = super().parse_method(m, state)
        if state.parent is None:
            for token in state.tokens[before:]:
                token.setdefault("_offset", m.start())  # nested matches stamped themselves
        return result

    def _parse_indent_code_fast(self, state: BlockState) -> int | None:
        # mistune finds indented code without parse_method: stamp its offset here too
        before, start = len(state.tokens), state.cursor
        result: int | None = super()._parse_indent_code_fast(state)
        if state.parent is None:
            for token in state.tokens[before:]:
                token.setdefault("_offset", start)
        return result


def _make_parser() -> mistune.Markdown:
    markdown = mistune.Markdown(renderer=None, block=_PositionedParser())
    table(markdown)
    return markdown


_MARKDOWN = _make_parser()


def parse_blocks(text: str) -> list[Block]:
    """Top-level blocks of `text` (newline-normalized), in order, with line ranges."""
    state = _PositionedState()
    state.process(text)
    _MARKDOWN.block.parse(state)
    starts = _line_starts(text)
    total_lines = len(starts)
    raw: list[tuple[int, dict[str, Any]]] = []
    offset = 0
    for token in state.tokens:
        offset = token.get("_offset", offset)  # a token mistune made some other way: where the last one began
        if token["type"] == "blank_line":
            continue
        raw.append((bisect.bisect_right(starts, offset) - 1, token))
    blocks: list[Block] = []
    for index, (start, token) in enumerate(raw):
        end = raw[index + 1][0] if index + 1 < len(raw) else total_lines
        blocks.append(_block_of(token, start, max(end, start + 1)))
    return blocks


def _block_of(token: dict[str, Any], start: int, end: int) -> Block:
    kind = token["type"]
    if kind == "heading":
        return Block("heading", start, start + 1, level=int(token["attrs"]["level"]), token=token)
    if kind == "block_code":
        return Block("code", start, end, token=token)
    if kind == "list":
        return Block("list", start, end, has_fence=_contains_code(token), token=token)
    return Block(kind, start, end, token=token)


def _contains_code(token: dict[str, Any]) -> bool:
    stack = [token]
    while stack:
        current = stack.pop()
        if current.get("type") == "block_code":
            return True
        stack.extend(current.get("children", ()))
    return False


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position != -1:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts
