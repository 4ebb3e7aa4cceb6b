"""The fake Messages API on its own (no CLI needed): wire format, recording, errors."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest

from tests.e2e.api_request import ApiRequest
from tests.e2e.fake_anthropic import FAKE_API_KEY, Conversation, FakeAnthropic
from tests.e2e.turns import Turn, bash


def post(server: FakeAnthropic, path: str, body: dict[str, Any], key: str = FAKE_API_KEY) -> tuple[int, str]:
    request = urllib.request.Request(
        server.base_url + path, data=json.dumps(body).encode(), headers={"x-api-key": key}, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def sse_events(stream: str) -> list[dict[str, Any]]:
    """Parse `event:`/`data:` pairs; the event name must match the data's type."""
    events = []
    for chunk in stream.strip().split("\n\n"):
        name_line, data_line = chunk.split("\n")
        data = json.loads(data_line.removeprefix("data: "))
        assert name_line == f"event: {data['type']}"
        events.append(data)
    return events


def test_streams_text_and_tool_use_in_the_messages_event_order() -> None:
    call = bash("echo hi")
    with FakeAnthropic(lambda request, conversation: Turn.call(call, note="working")) as server:
        status, stream = post(server, "/v1/messages?beta=true", {"model": "m", "stream": True, "messages": []})
    events = sse_events(stream)
    assert status == 200
    assert [event["type"] for event in events] == [
        "message_start", "ping",
        "content_block_start", "content_block_delta", "content_block_stop",
        "content_block_start", "content_block_delta", "content_block_stop",
        "message_delta", "message_stop",
    ]  # fmt: skip
    assert events[0]["message"]["usage"]["input_tokens"] > 0
    assert events[3]["delta"] == {"type": "text_delta", "text": "working"}
    assert events[5]["content_block"] == {**call, "input": {}}
    assert json.loads(events[6]["delta"]["partial_json"]) == call["input"]
    assert events[8]["delta"]["stop_reason"] == "tool_use"
    assert events[8]["usage"]["output_tokens"] > 0


def test_answers_without_streaming_and_records_every_request() -> None:
    with FakeAnthropic(lambda request, conversation: Turn.say("hello")) as server:
        status, text = post(server, "/v1/messages", {"model": "m", "messages": [{"role": "user", "content": "hi"}]})
        missing, _ = post(server, "/v1/other", {"x": 1})
    body = json.loads(text)
    assert (status, body["content"], body["stop_reason"]) == (200, [{"type": "text", "text": "hello"}], "end_turn")
    assert missing == 404
    assert [(entry.path, entry.status) for entry in server.log] == [("/v1/messages", 200), ("/v1/other", 404)]
    assert [entry.path for entry in server.unknown()] == ["/v1/other"]
    assert server.log[0].headers["x-api-key"] == "<fake key>"
    assert server.messages[0].task == "hi"


def test_refuses_any_key_but_the_fake_one_and_never_records_it() -> None:
    with FakeAnthropic() as server:
        status, _ = post(server, "/v1/messages", {"messages": []}, key="sk-ant-api03-real-looking")
    assert status == 401
    assert "real-looking" not in json.dumps([entry.headers for entry in server.log])
    assert server.messages == []


def test_a_failing_script_answers_400_once_and_keeps_the_traceback() -> None:
    def broken(request: ApiRequest, conversation: Conversation) -> Turn:
        raise ValueError("script bug")

    with FakeAnthropic(broken) as server:
        first, text = post(server, "/v1/messages", {"messages": []})
        second, _ = post(server, "/v1/messages", {"messages": []})
    assert (first, second) == (400, 400)
    assert "script bug" in json.loads(text)["error"]["message"]
    assert len(server.errors) == 1 and "ValueError: script bug" in server.errors[0]


SUBAGENT_BODY = {
    "system": [
        {"type": "text", "text": "x-anthropic-billing-header: cc_version=2.1.328; cc_is_subagent=true;"},
        {"type": "text", "text": "You are a Claude agent."},
        {"type": "text", "text": "You are the reviewer.\nReview things."},
    ],
    "tools": [{"name": "Bash"}],
    "messages": [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "<system-reminder>r</system-reminder>"},
                {"type": "text", "text": "Review it."},
            ],
        },
        {"role": "assistant", "content": [{"type": "tool_use", "id": "t1", "name": "Bash", "input": {}}]},
        {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "out", "is_error": True}]},
        {"role": "system", "content": "Stop hook feedback:\nR"},
    ],
}


@pytest.mark.parametrize("body", [SUBAGENT_BODY], ids=["subagent"])
def test_request_view_tells_agents_apart_and_finds_the_latest_input(body: dict[str, Any]) -> None:
    request, main = ApiRequest(body), ApiRequest({**body, "system": body["system"][1:]})
    assert (request.is_subagent, main.is_subagent) == (True, False)
    assert request.is_agent("You are the reviewer.") and not main.is_agent("You are the reviewer.")
    assert (request.agent, main.agent) == ("sub:You are the reviewer.|Review it.", "main")
    assert request.task == "Review it." and request.tool_names == ["Bash"]
    assert request.tool_result_for("t1") == request.latest_tool_result()
    assert request.latest_text() == "out\nStop hook feedback:\nR"
    assert request.latest_user_text() == "out"
    conversation = Conversation([main, request, ApiRequest(body)])
    assert conversation.turn(conversation.requests[-1]) == 1
