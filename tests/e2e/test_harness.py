"""Smoke scenarios proving the harness: the real CLI, driven by a script, runs what tests write.

Each test asserts on what the CLI sent (the fake server's request log), what its hooks received,
and what happened on disk, never on model text the script itself wrote.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.api_request import ApiRequest, content_text
from tests.e2e.conftest import ClaudeSession
from tests.e2e.fake_anthropic import Conversation, FakeAnthropic
from tests.e2e.home_guard import guarded_paths
from tests.e2e.project import block_once, deny_tool
from tests.e2e.turns import Turn, bash, tool_use

pytestmark = pytest.mark.e2e


@pytest.fixture(autouse=True)
def only_the_messages_endpoint(fake_api: FakeAnthropic) -> Iterator[None]:
    """Every scenario: the CLI called nothing but the Messages API."""
    yield
    assert [(entry.method, entry.path) for entry in fake_api.unknown()] == []


def say_done(request: ApiRequest, conversation: Conversation) -> Turn:
    """A script that ends every turn at once."""
    return Turn.say("done")


def test_runs_with_isolated_home_against_the_fake_server(claude: ClaudeSession) -> None:
    run = claude.run("hello", say_done)

    assert run.code == 0, run.describe()
    assert [entry.path.split("?")[0] for entry in run.log] == ["/v1/messages"]
    assert run.log[0].headers.get("x-api-key") == "<fake key>"
    assert run.init["claude_code_version"] == "2.1.328"
    assert str(claude.runner.home) in str(run.init["memory_paths"])
    assert run.main_transcript() is not None, run.transcripts()
    assert all(not str(path).startswith(str(top)) for path in run.transcripts() for top in guarded_paths())


def test_slash_command_expands_into_the_first_request(claude: ClaudeSession) -> None:
    claude.project.command("hello", "Greet $ARGUMENTS politely.\n!`echo state-$ARGUMENTS`\n", description="greet")

    run = claude.run("/hello world42", say_done)

    assert run.code == 0, run.describe()
    first = run.messages[0].first_user_text()
    assert "<command-name>/hello</command-name>" in first
    assert "<command-args>world42</command-args>" in first
    assert "Greet world42 politely." in first
    assert "state-world42" in first
    assert "!`echo" not in first


def test_stop_hook_blocks_once_and_its_reason_reaches_the_model(claude: ClaudeSession) -> None:
    hook = claude.project.hook("Stop", block_once("MARK-123"))

    run = claude.run("finish the job", say_done)

    assert run.code == 0, run.describe()
    assert len(run.main_requests) == 2, run.describe()
    assert not run.main_requests[0].contains("MARK-123")
    latest = run.main_requests[1].latest_text()
    assert "Stop hook feedback" in latest and "MARK-123" in latest, latest
    assert [call["stop_hook_active"] for call in hook.calls()] == [False, True]
    assert run.result.get("subtype") == "success"


AGENT_MARKER = "You are the E2E backend developer."


def test_foreground_subagent_is_held_by_subagent_stop(claude: ClaudeSession) -> None:
    target = claude.project.root / "made-by-subagent.txt"
    claude.project.agent("backend-developer", AGENT_MARKER + " Do exactly what the task says.\n")
    hook = claude.project.hook("SubagentStop", block_once("SUB-MARK-456"), matcher="backend-developer")
    delegate = tool_use(
        "Agent",
        {
            "description": "make a file",
            "prompt": "Create the file.",
            "subagent_type": "backend-developer",
            "run_in_background": False,
        },
    )

    def script(request: ApiRequest, conversation: Conversation) -> Turn:
        turn = conversation.turn(request)
        if request.is_agent(AGENT_MARKER):
            return [Turn.call(bash(f"touch {target}")), Turn.say("early report"), Turn.say("REPORT-OK")][min(turn, 2)]
        return Turn.call(delegate) if turn == 0 else Turn.say("all done")

    run = claude.run("delegate it", script, bypass=True)

    assert run.code == 0, run.describe()
    assert target.exists()
    subagent = run.subagent_requests
    assert len(subagent) == 3, run.describe()
    assert subagent[0].tool_names == ["Bash", "Read"]
    assert "Stop hook feedback" in subagent[2].latest_text() and "SUB-MARK-456" in subagent[2].latest_text()
    assert not any(request.contains("SUB-MARK-456") for request in run.main_requests)
    handed_back = run.main_requests[1].tool_result_for(delegate["id"])
    assert handed_back is not None, run.describe()
    assert "REPORT-OK" in content_text(handed_back.get("content"))
    calls = hook.calls()
    assert [(call["agent_type"], call["stop_hook_active"]) for call in calls] == [
        ("backend-developer", False),
        ("backend-developer", True),
    ]
    assert len(run.subagent_transcripts()) == 1


def test_pre_tool_use_deny_keeps_the_command_from_running(claude: ClaudeSession) -> None:
    hook = claude.project.hook("PreToolUse", deny_tool("DENIED-789: not this file", "forbidden.txt"), matcher="Bash")
    denied, allowed = bash("touch forbidden.txt"), bash("touch allowed.txt")

    def script(request: ApiRequest, conversation: Conversation) -> Turn:
        return [Turn.call(denied), Turn.call(allowed), Turn.say("done")][min(conversation.turn(request), 2)]

    run = claude.run("touch two files", script, bypass=True)

    assert run.code == 0, run.describe()
    result = run.main_requests[1].tool_result_for(denied["id"])
    assert result is not None, run.describe()
    assert result.get("is_error") is True
    assert "DENIED-789" in content_text(result.get("content"))
    assert not (claude.project.root / "forbidden.txt").exists()
    assert (claude.project.root / "allowed.txt").exists()
    assert [call["tool_input"]["command"] for call in hook.calls()] == ["touch forbidden.txt", "touch allowed.txt"]
