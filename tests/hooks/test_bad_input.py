"""Malformed hook input, for every hook: a one-line message, the documented policy, never a traceback.

Each test runs with batch 1 assigned and nothing done, so a gated developer's
stop fails every gate. Policy (CONTRACT.md §5): where the input still names a
gated subagent and a run is active, SubagentStop fails closed (the gates
decide, and they block); any other malformed input fails open (allows).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.hooks.support import EVENTS, HELD_NORMALLY, HookRun, Hooks, one_line_message
from tests.support.batchrepo import BatchRepo

MB = 2**20

NAMELESS = [
    pytest.param(b"hello, hook", id="not-json"),
    pytest.param(b"", id="empty"),
    pytest.param(b" \n\t ", id="whitespace-only"),
    pytest.param(b'{"session_id": "5f0c2a2e', id="truncated"),
    pytest.param(b"[1, 2, 3]", id="json-array"),
    pytest.param(b"42", id="json-number"),
    pytest.param(b'"SubagentStop"', id="json-string"),
    pytest.param(b"null", id="json-null"),
    pytest.param(b"\xff\xfe\x00\x01 not text", id="invalid-utf8"),
    pytest.param(b"[" * 100_000, id="nested-100k-deep"),
    pytest.param(b'{"cwd": ' + b"[" * 50_000 + b"]" * 50_000 + b"}", id="nested-in-an-object"),
    pytest.param(b'{"x": "' + b"a" * (17 * MB) + b'"}', id="over-16-MB"),
]


def assert_policy(run: HookRun, held: bool, *words: str) -> str:
    """Held (blocked/denied) or allowed as expected, with a one-line message; that message."""
    assert run.held == held, run.describe()
    line = one_line_message(run)
    for word in words:
        assert word in run.said, run.describe()
    return line


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("stdin", NAMELESS)
def test_input_that_names_nothing_fails_open_with_a_message(active: Hooks, event: str, stdin: bytes) -> None:
    run = active.run(event, stdin)
    assert run.code == 0, run.describe()
    assert_policy(run, False, "allowed without checking")


def cut_after(payload: dict[str, Any], key: str) -> bytes:
    """The payload's JSON, cut just before `key` (so every field before it is whole)."""
    raw = json.dumps(payload).encode()
    return raw[: raw.index(f'"{key}"'.encode())]


def test_truncated_stop_that_still_names_the_developer_fails_closed(active: Hooks) -> None:
    run = active.run("SubagentStop", cut_after(active.payload("SubagentStop"), "stop_hook_active"))
    assert_policy(run, True, "is not JSON", "names agent_type 'backend-developer'")
    assert "- commit FAILED" in run.reason, run.describe()


def test_truncated_stop_naming_another_agent_fails_open(active: Hooks) -> None:
    payload = {**active.payload("SubagentStop"), "agent_type": "Explore"}
    run = active.run("SubagentStop", cut_after(payload, "stop_hook_active"))
    assert_policy(run, False, "names agent_type 'Explore'")


def test_truncated_stop_cut_before_agent_type_fails_open(active: Hooks) -> None:
    run = active.run("SubagentStop", cut_after(active.payload("SubagentStop"), "agent_type"))
    assert_policy(run, False, "allowed without checking")


def test_truncated_stop_of_an_honest_developer_is_checked_and_let_through(br: BatchRepo, active: Hooks) -> None:
    br.honest_work()
    run = active.run("SubagentStop", cut_after(active.payload("SubagentStop"), "stop_hook_active"))
    assert_policy(run, False, "names agent_type", "verified")


def test_over_16_MB_stop_naming_the_developer_fails_closed(active: Hooks) -> None:
    payload = {"agent_type": "backend-developer", **active.payload("SubagentStop")}
    payload["last_assistant_message"] = "x" * (17 * MB)
    run = active.run("SubagentStop", payload)
    assert_policy(run, True, "over the 16 MB", "names agent_type")


def big(hooks: Hooks, event: str, size: int) -> dict[str, Any]:
    """The usual payload with a field that Claude Code fills from the model or a tool made `size` long."""
    payload = hooks.payload(event)
    if event == "PreToolUse":
        payload["tool_input"]["description"] = "d" * size
    elif event == "PostToolUse":
        payload["tool_response"]["stdout"] = "o" * size
    elif event == "SessionStart":
        payload["model"] = "m" * size
    else:
        payload["last_assistant_message"] = "m" * size
    return payload


@pytest.mark.parametrize("event", EVENTS)
def test_payload_of_several_megabytes_is_decided_as_usual(active: Hooks, event: str) -> None:
    run = active.run(event, big(active, event, 6 * MB))
    assert run.held == HELD_NORMALLY[event], run.describe()
    assert run.message == "", run.describe()


def test_bypass_hidden_in_a_command_of_megabytes_is_still_denied(active: Hooks) -> None:
    run = active.pre_bash(f"git commit --no-verify -m '{'x' * (3 * MB)}'")
    assert run.denied and "KiB Bash command" in run.reason, run.describe()  # too long to parse in time: denied


# -- wrong types: the field is ignored (as if absent), with a message ----------------

WRONG_TYPES = [
    pytest.param({"agent_type": 5}, {"SubagentStop"}, "agent_type is a number", id="agent_type-5"),
    pytest.param({"agent_type": None}, {"SubagentStop"}, "agent_type is null", id="agent_type-null"),
    pytest.param({"tool_input": "x"}, {"PreToolUse"}, "tool_input is a string", id="tool_input-string"),
    pytest.param({"tool_input": {"command": 5}}, {"PreToolUse"}, "command is a number", id="command-5"),
    pytest.param({"tool_name": ["Bash"]}, {"PreToolUse"}, "tool_name is an array", id="tool_name-array"),
    pytest.param({"cwd": 3}, set(), "cwd is a number", id="cwd-3"),
    pytest.param({"background_tasks": {"id": 1}}, set(), "background_tasks is an object", id="background_tasks-obj"),
    pytest.param({"hook_event_name": 5}, set(), "hook_event_name is a number", id="hook_event_name-5"),
    pytest.param(
        {"agent_type": 5, "tool_input": "x", "cwd": 3}, {"SubagentStop", "PreToolUse"}, "is a", id="all-three"
    ),
]


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize(("fields", "allowed", "words"), WRONG_TYPES)
def test_wrong_types_are_ignored_with_a_message(
    active: Hooks, event: str, fields: dict[str, Any], allowed: set[str], words: str
) -> None:
    run = active.run(event, {**active.payload(event), **fields})
    assert_policy(run, HELD_NORMALLY[event] and event not in allowed, words)


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("named", ["Nonsense", "PostToolUseFailure", ""])
def test_an_event_this_hook_is_not_for_fails_open(active: Hooks, event: str, named: str) -> None:
    run = active.run(event, {**active.payload(event), "hook_event_name": named})
    assert_policy(run, False, "check the hook wiring")


@pytest.mark.parametrize("event", EVENTS)
def test_payload_of_another_of_the_five_events_fails_open(active: Hooks, event: str) -> None:
    other = EVENTS[(EVENTS.index(event) + 1) % len(EVENTS)]
    run = active.run(event, active.payload(other))
    assert_policy(run, False, f"is a '{other}' event", "check the hook wiring")


@pytest.mark.parametrize("event", EVENTS)
def test_missing_fields_are_absent_not_errors(active: Hooks, event: str) -> None:
    payload = {"hook_event_name": event}
    if event == "SubagentStop":
        payload["agent_type"] = "backend-developer"
    run = active.run(event, payload)
    assert run.held == (event in ("SubagentStop", "Stop")), run.describe()


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize(
    ("drop", "words"),
    [
        pytest.param(("hook_event_name", "cwd"), "has no hook_event_name and no cwd", id="both-missing"),
        pytest.param(("hook_event_name",), "has no hook_event_name", id="no-hook_event_name"),
        pytest.param(("cwd",), "has no cwd", id="no-cwd"),
    ],
)
def test_a_payload_without_its_event_or_cwd_says_what_is_missing(
    active: Hooks, event: str, drop: tuple[str, ...], words: str
) -> None:
    payload = {k: v for k, v in active.payload(event).items() if k not in drop}
    run = active.run(event, payload)
    assert run.code == 0, run.describe()
    line = one_line_message(run)
    assert words in line, run.describe()


@pytest.mark.parametrize("event", EVENTS)
def test_an_empty_object_says_what_is_missing(active: Hooks, event: str) -> None:
    run = active.run(event, {})
    assert run.code == 0 and run.held == (event == "Stop"), run.describe()  # decided as usual: the leader's run holds
    assert "hook input has no hook_event_name and no cwd" in one_line_message(run), run.describe()
