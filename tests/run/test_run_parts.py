"""The parts of `run` that need no Claude Code: permissions from the shipped Markdown, the views, the environment."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from batchgate import bootstrap
from batchgate.config import load_config
from batchgate.report.runsummary import COMPLETE, FAILED, BatchOutcome, RunSummary, summary_text
from batchgate.report.runview import LiveBlock, PlainLines
from batchgate.workflow import session
from batchgate.workflow.permissions import allowed_tools, permission_flags, split_tools
from tests.support.paths import ROOT


@pytest.mark.parametrize(
    ("value", "tools"),
    [
        ("Read", ["Read"]),
        (" Bash(git log:*), Agent ,Read", ["Bash(git log:*)", "Agent", "Read"]),
        ("Bash(a,b:*), Write", ["Bash(a,b:*)", "Write"]),
        ("", []),
    ],
    ids=["one", "spaces", "comma-inside-parens", "empty"],
)
def test_tool_lists_split_on_commas_outside_parentheses(value: str, tools: list[str]) -> None:
    assert split_tools(value) == tools


@pytest.mark.parametrize("role", ["backend", "frontend"])
def test_the_allowed_tools_are_the_commands_and_the_developers_own(role: str) -> None:
    tools = allowed_tools(str(ROOT), role, load_config(str(ROOT)))
    assert "Bash(.claude/batchgate/bin/batchgate:*)" in tools and "Agent" in tools, "the command's allowed-tools"
    assert {"Write", "Edit", "MultiEdit", "Bash"} <= set(tools), "the developer's tools"
    assert len(tools) == len(set(tools))
    assert permission_flags(None, tools)[:2] == ["--permission-mode", "default"]
    assert permission_flags("bypassPermissions", tools)[:2] == ["--permission-mode", "bypassPermissions"]


def test_the_session_gets_the_callers_environment_without_the_launchers_marker(monkeypatch: pytest.MonkeyPatch) -> None:
    assert session.REEXEC_FLAG == bootstrap._REEXEC_FLAG
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:1")
    monkeypatch.setenv(session.REEXEC_FLAG, "1")
    env = session.session_environment()
    assert env["ANTHROPIC_BASE_URL"] == "http://127.0.0.1:1" and session.REEXEC_FLAG not in env
    assert {k: v for k, v in os.environ.items() if k != session.REEXEC_FLAG} == env


def test_the_transcript_is_found_under_the_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path))
    path = tmp_path / "projects" / "-some-slug" / "abc.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text("{}\n")
    assert session.transcript_path("abc", "/anywhere") == str(path)
    assert session.transcript_path("def", "/a/b") == str(tmp_path / "projects" / "-a-b" / "def.jsonl")
    assert session.transcript_path(None, "/a") is None


BLOCK = {
    "asked_by": "SubagentStop",
    "ok": False,
    "retries_used": 1,
    "retries": 3,
    "gates": [
        {"gate": "commit", "verdict": "failed", "summary": "no batch commit"},
        {"gate": "build", "verdict": "passed"},
    ],
}


def outcome(verdict: str = COMPLETE) -> BatchOutcome:
    return BatchOutcome(1, 3, "1", "Greeting library", "backend", verdict, "abc1234def", 1, 65.0, 4)


def test_off_a_terminal_each_event_is_one_timestamped_line() -> None:
    out = io.StringIO()
    view = PlainLines(out)
    view.start_batch(1, 3, "1", "Greeting library", "backend")
    view.tool_call(1, "Write")
    view.verification(BLOCK)
    view.tick()
    view.end_batch(outcome())
    lines = out.getvalue().splitlines()
    assert len(lines) == 4 and all(line[:4].isdigit() and line[19] == "Z" for line in lines), lines
    assert "SubagentStop blocked (1 of 3): commit" in lines[2] and "build" not in lines[2]
    assert lines[3].endswith("COMPLETE abc1234 after 1m05s")
    assert "\x1b[" not in out.getvalue()


def test_on_a_terminal_one_block_is_redrawn_in_place() -> None:
    out = io.StringIO()
    view = LiveBlock(out)
    view.start_batch(2, 3, "2", "Command line", "backend")
    view.tool_call(3, "Bash")
    view.verification(BLOCK)
    view.end_batch(outcome(FAILED))
    drawn = out.getvalue()
    assert drawn.count("batch 2 of 3 · Batch 2: Command line (backend)") == 4
    assert "\x1b[2F\x1b[J" in drawn and "\x1b[3F\x1b[J" in drawn, "each redraw moves up over the last one"
    final = drawn.rsplit("\x1b[J", 1)[1]
    assert "developer tool calls: 3 (last: Bash)" in final and "✗ SubagentStop blocked (1 of 3): commit" in final
    assert "✗ FAILED abc1234" in final


def test_the_summary_table_and_the_ending() -> None:
    done = RunSummary("T1", [outcome()], 0, next_command="/phase-7-completion T1")
    assert "1      Greeting library  abc1234  1       1m05s     COMPLETE" in summary_text(done)
    assert summary_text(done).endswith("Next: /phase-7-completion T1")
    failed = outcome(FAILED)
    failed.failed_gates, failed.transcript = ["commit: no batch commit"], "/t.jsonl"
    stopped = summary_text(RunSummary("T1", [failed], 1, resume_command="batchgate run T1"))
    for line in (
        "Stopped at batch 1 of T1 (Greeting library): FAILED",
        "failed gate: commit: no batch commit",
        "commit: abc1234def",
        "transcript: /t.jsonl",
        "resume: batchgate run T1",
    ):
        assert line in stopped, stopped
