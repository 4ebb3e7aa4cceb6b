"""The installer's pure parts in process: merging is reversible and idempotent; strict parsing; doctor's exit code."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batchgate.cli.verb_doctor import exit_code
from batchgate.errors import InputError
from batchgate.installer import settingsfile
from batchgate.installer.merge import add_entries, remove_entries
from batchgate.installer.wiring import HOOKS, is_ours, script_of
from batchgate.workflow.doctor import Check

EVENT_NAMES = ["SubagentStop", "Stop", "PreToolUse", "PostToolUse", "SessionStart", "Notification", "UserPromptSubmit"]
handlers = st.fixed_dictionaries(
    {"type": st.just("command"), "command": st.text(min_size=1, max_size=20)},
    optional={"timeout": st.integers(min_value=1, max_value=900)},
)
groups = st.fixed_dictionaries(
    {"hooks": st.lists(handlers, max_size=3)},
    optional={"matcher": st.sampled_from(["Bash", "", "*", "Edit|Write", "resume|compact", "backend-developer"])},
)
user_settings = st.fixed_dictionaries(
    {},
    optional={
        "hooks": st.dictionaries(st.sampled_from(EVENT_NAMES), st.lists(groups, max_size=3), max_size=5),
        "env": st.dictionaries(st.text(min_size=1, max_size=5), st.text(max_size=5), max_size=3),
        "model": st.text(max_size=8),
    },
)


def _install(data: dict[str, Any]) -> dict[str, Any]:
    merged = add_entries(data, [], [], "settings.json")
    again = add_entries(merged.data, [], merged.created_events, "settings.json")
    assert again.data == merged.data and not again.created_events and not again.created_hooks_key
    back = remove_entries(merged.data, merged.created_events, merged.created_hooks_key)
    assert back == data
    return merged.data


@settings(max_examples=300, deadline=None)
@given(user_settings)
def test_add_is_idempotent_and_remove_restores(data: dict[str, Any]) -> None:
    merged = _install(data)
    ours = [(e, g.get("matcher"), h) for e, gs in merged["hooks"].items() for g in gs for h in g["hooks"] if is_ours(h)]
    assert sorted(e for e, _m, _h in ours) == sorted(spec.event for spec in HOOKS)


def test_remove_keeps_user_handlers_that_share_batchgates_group() -> None:
    merged = add_entries({}, [], [], "s").data
    merged["hooks"]["Stop"][0]["hooks"].append({"type": "command", "command": "echo mine"})
    back = remove_entries(merged, list(merged["hooks"]), True)
    assert back == {"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo mine"}]}]}}


def test_a_stale_duplicate_of_batchgates_handler_is_dropped() -> None:
    merged = add_entries({}, [], [], "s").data
    merged["hooks"]["Stop"].append(json.loads(json.dumps(merged["hooks"]["Stop"][0])))
    again = add_entries(merged, [], list(merged["hooks"]), "s").data
    assert len(again["hooks"]["Stop"]) == 1


def test_script_of_reads_both_spellings() -> None:
    assert (
        script_of('python3 "$CLAUDE_PROJECT_DIR/.claude/batchgate/hooks/stop.py"') == ".claude/batchgate/hooks/stop.py"
    )
    assert script_of('python3 "${CLAUDE_PROJECT_DIR}"/.claude/batchgate/hooks/stop.py') is None
    launcher = 'sh "$CLAUDE_PROJECT_DIR/.claude/batchgate/hooks/run.sh" subagent_stop'
    assert script_of(launcher) == ".claude/batchgate/hooks/run.sh"
    assert script_of("python3 ${CLAUDE_PROJECT_DIR}/.claude/batchgate/hooks/x.py") == ".claude/batchgate/hooks/x.py"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{\n    "a": 1\n}', 4),
        ('{\n\t"a": 1\n}', "\t"),
        ('{"a": 1}', 2),
        ('\ufeff{\n  "a": {\n    "b": 1\n  }\n}', 2),
    ],
)
def test_render_keeps_the_indentation(text: str, expected: int | str) -> None:
    found = settingsfile.SettingsFile("s", text.encode(), json.loads(text.lstrip("\ufeff")))
    out = found.render({"a": 1}).decode()
    assert out.lstrip("\ufeff") == json.dumps({"a": 1}, indent=expected) + "\n"
    assert out.startswith("\ufeff") == text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": "//not a comment",\n /* real */ "b": 1}', "line 2 column 2: a comment"),
        ('{"a": "x\\"//", // c\n}', "line 1 column 16: a comment"),
        ("{\n\n  'a': 1}", "line 3 column 3: not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_parse_says_where(text: str | bytes, message: str) -> None:
    raw = text if isinstance(text, bytes) else text.encode()
    with pytest.raises(InputError) as raised:
        settingsfile.parse(raw, "s.json")
    assert message in raised.value.message


def test_an_empty_file_is_an_empty_object() -> None:
    assert settingsfile.parse(b"  \n", "s") == {}


@pytest.mark.parametrize(
    ("statuses", "code"),
    [(["ok", "warning"], 0), (["ok", "could-not-check"], 3), (["failed", "could-not-check"], 1), ([], 0)],
)
def test_doctor_exit_code(statuses: list[str], code: int) -> None:
    assert exit_code([Check(str(i), s, "d") for i, s in enumerate(statuses)]) == code


def test_render_keeps_crlf() -> None:
    text = '{\r\n  "a": 1\r\n}\r\n'
    found = settingsfile.SettingsFile("s", text.encode(), json.loads(text))
    assert found.render({"a": 2}) == b'{\r\n  "a": 2\r\n}\r\n'
