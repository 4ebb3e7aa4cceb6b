"""Reading the shipped Markdown the way Claude Code does: frontmatter, body, `!` blocks, code spans."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import mistune
import yaml

from tests.support.paths import ROOT

COMMANDS = sorted((ROOT / ".claude" / "commands").glob("*.md"))
AGENTS = sorted((ROOT / ".claude" / "agents").glob("*.md"))
_FRONTMATTER = re.compile(r"\A---\n(.*?)\n---\n(.*)\Z", re.DOTALL)


def split(path: Path) -> tuple[dict[str, Any], str]:
    """(frontmatter as YAML, body) of a command or agent file."""
    match = _FRONTMATTER.match(path.read_text(encoding="utf-8"))
    assert match, f"{path.name} has no --- frontmatter ---"
    meta = yaml.safe_load(match.group(1))
    assert isinstance(meta, dict), f"{path.name}: frontmatter is not a mapping"
    return meta, match.group(2)


def tokens(body: str) -> list[dict[str, Any]]:
    """mistune's AST of a body (inline parsing included, so code spans are tokens)."""
    parsed = mistune.create_markdown(renderer=None)(body)
    assert isinstance(parsed, list)
    return parsed


def walk(nodes: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Every token, depth first."""
    for node in nodes:
        yield node
        yield from walk(node.get("children", []) or [])


def injected_blocks(body: str) -> list[str]:
    """The ```! blocks Claude Code runs before the first request."""
    return [
        t["raw"] for t in walk(tokens(body)) if t["type"] == "block_code" and (t.get("attrs") or {}).get("info") == "!"
    ]


def batchgate_lines(body: str) -> list[str]:
    """Every code span or code-block line that invokes batchgate."""
    found = []
    for token in walk(tokens(body)):
        if token["type"] in ("codespan", "block_code"):
            for line in str(token.get("raw", "")).splitlines():
                if re.search(r"(^|/)batchgate\s+\w", line.strip()):
                    found.append(line.strip())
    return found
