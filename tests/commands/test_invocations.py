"""Every `batchgate …` line in the shipped Markdown is a real verb with real flags."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tests.commands.markdown import AGENTS, COMMANDS, batchgate_lines, split
from tests.support.cli import run_cli

PLACEHOLDERS = {"<TASK_ID>": "TASK_X", "<N>": "1", '"..."': '"why"', '"<why, in one line>"': '"why"'}


def invocations() -> list[object]:
    found: list[object] = []
    for path in COMMANDS + AGENTS:
        _meta, body = split(path)
        for line in batchgate_lines(body):
            found.append(pytest.param(line, id=f"{path.stem}: {line[:50]}"))
    return found


def test_the_markdown_names_batchgate_at_all() -> None:
    assert len(invocations()) >= 8


@pytest.mark.parametrize("line", invocations())
def test_invocation_is_a_real_verb_with_real_flags(line: str) -> None:
    for placeholder, value in PLACEHOLDERS.items():
        line = line.replace(placeholder, value)
    words = shlex.split(line.split("<<")[0].split("2>&1")[0])
    start = next(i for i, w in enumerate(words) if w.endswith("batchgate"))
    assert words[start] in (".claude/batchgate/bin/batchgate", "batchgate"), "run from the project directory"
    verb, rest = words[start + 1], words[start + 2 :]
    help_text = run_cli(verb, "--help")
    assert help_text.code == 0, f"{verb} is not a batchgate verb: {help_text.stderr}"
    for flag in (w.split("=")[0] for w in rest if w.startswith("--")):
        assert flag in help_text.stdout, f"{flag} is not a flag of `batchgate {verb}`"


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: p.stem)
def test_no_bare_project_dir_variable(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "$CLAUDE_PROJECT_DIR" not in text.replace("${CLAUDE_PROJECT_DIR}", ""), "unset outside hooks"
