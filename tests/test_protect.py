"""Protected paths: which globs hold which paths (table-driven)."""

from __future__ import annotations

import pytest

from batchgate.protect import ALWAYS_PROTECTED, glob_regex, normalize, protecting_glob

CASES = [
    # (path, protect, expected glob or None)
    (".claude/settings.json", None, ".claude/settings*.json"),
    (".claude/settings.local.json", [], ".claude/settings*.json"),
    (".claude/batchgate.yaml", [], ".claude/batchgate.yaml"),
    (".claude/batchgate/bin/batchgate", [], ".claude/batchgate/**"),
    ("./.claude//batchgate.yaml", [], ".claude/batchgate.yaml"),
    (".claude/agents/backend-developer.md", None, ".claude/**"),
    (".claude/agents/backend-developer.md", [], None),
    (".claude/agents/backend-developer.md", ["nx.json"], None),
    ("nx.json", ["nx.json"], "nx.json"),
    ("apps/api/project.json", ["**/project.json"], "**/project.json"),
    ("project.json", ["**/project.json"], "**/project.json"),
    ("apps/api/project.json.bak", ["**/project.json"], None),
    (".github/workflows/ci.yml", [".github/**"], ".github/**"),
    (".github", [".github/**"], ".github/**"),
    (".githubx/a", [".github/**"], None),
    ("libs/a/src/x.ts", None, None),
    ("libs/a/src/x.ts", ["libs/*/src/*.ts"], "libs/*/src/*.ts"),
    ("libs/a/src/deep/x.ts", ["libs/*/src/*.ts"], None),
    ("task-tracking/T1/tasks.md", ["**"], None),
    ("../outside/.claude/settings.json", None, None),
    ("a/../.claude/settings.json", [], ".claude/settings*.json"),
    ("file[1].txt", ["file[1].txt"], "file[1].txt"),
    ("file1.txt", ["file[1].txt"], None),
]


@pytest.mark.parametrize(("path", "protect", "expected"), CASES, ids=[f"{c[0]}|{c[1]}" for c in CASES])
def test_protecting_glob(path: str, protect: list[str] | None, expected: str | None) -> None:
    assert protecting_glob(path, protect) == expected


def test_the_fixed_part_cannot_be_configured_away() -> None:
    for path in (".claude/settings.json", ".claude/batchgate.yaml", ".claude/batchgate/x.pyz"):
        assert protecting_glob(path, []) in ALWAYS_PROTECTED


@pytest.mark.parametrize(("path", "expected"), [("/etc/passwd", None), ("..", None), (".", None), ("a\\b", "a/b")])
def test_normalize(path: str, expected: str | None) -> None:
    assert normalize(path) == expected


def test_regex_metacharacters_are_escaped() -> None:
    assert glob_regex("a+b(c).md").match("a+b(c).md")
    assert not glob_regex("a+b(c).md").match("aab(c).md")


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"XDG_STATE_HOME": "/x/state", "HOME": "/h"}, "/x/state/batchgate"),
        ({"XDG_STATE_HOME": "relative", "HOME": "/h"}, "/h/.local/state/batchgate"),
        ({"HOME": "/h"}, "/h/.local/state/batchgate"),
    ],
    ids=["xdg", "relative-xdg-ignored", "home"],
)
def test_user_state_dir(monkeypatch: pytest.MonkeyPatch, env: dict[str, str], expected: str) -> None:
    from batchgate.userdirs import user_state_dir

    monkeypatch.delenv("XDG_STATE_HOME", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert user_state_dir() == expected
