"""Installing next to the user's own settings: kept, merged, refused when unreadable."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.install.helpers import (
    assert_schema_valid,
    assert_user_content_kept,
    assert_wired,
    install,
    our_handlers,
    settings,
    visible_files,
    whole_tree,
)
from tests.support.gitrepo import GitRepo

USER_SETTINGS: dict[str, Any] = {
    "$schema": "https://json.schemastore.org/claude-code-settings.json",
    "permissions": {"allow": ["Bash(npm run *)", "Read(./src/**)"], "deny": ["Read(./.env)"]},
    "env": {"NODE_ENV": "development", "FOO": "bär"},
    "model": "sonnet",
    "hooks": {
        "PreToolUse": [
            {"matcher": "Bash", "hooks": [{"type": "command", "command": "echo pre-bash", "timeout": 5}]},
            {"matcher": "Write", "hooks": [{"type": "command", "command": "echo pre-write"}]},
        ],
        "Stop": [{"hooks": [{"type": "command", "command": "echo stop"}]}],
        "SubagentStop": [{"matcher": "backend-developer", "hooks": [{"type": "command", "command": "echo sub"}]}],
        "SessionStart": [{"matcher": "resume|compact", "hooks": [{"type": "command", "command": "echo resumed"}]}],
        "Notification": [{"hooks": [{"type": "command", "command": "notify-send hi"}]}],
    },
}


def _with_user_settings(repo: GitRepo, text: str | None = None, commit: bool = True) -> str:
    content = text if text is not None else json.dumps(USER_SETTINGS, indent=4, ensure_ascii=False) + "\n"
    repo.write(".claude/settings.json", content)
    if commit:
        repo.commit("chore: my settings")
    return content


def test_user_settings_are_kept_and_merged(repo: GitRepo) -> None:
    _with_user_settings(repo)
    done = install(repo)
    assert done.code == 0, done.stderr
    data = settings(repo)
    assert_schema_valid(data)
    assert_wired(data)
    assert_user_content_kept(USER_SETTINGS, data)
    assert (repo.root / ".claude/settings.json").read_text().startswith('{\n    "$schema"')  # their indentation


def test_user_settings_second_install_and_uninstall(repo: GitRepo) -> None:
    original = _with_user_settings(repo)
    before = visible_files(repo)
    install(repo)
    first = visible_files(repo)
    assert install(repo).code == 0
    assert visible_files(repo) == first
    assert install(repo, "--uninstall").code == 0
    assert settings(repo) == USER_SETTINGS
    assert repo.read(".claude/settings.json") == original  # byte-equal: nothing was edited in between
    assert visible_files(repo) == before


def test_user_edits_between_install_and_uninstall_are_kept(repo: GitRepo) -> None:
    _with_user_settings(repo)
    install(repo)
    data = settings(repo)
    data["env"]["ADDED"] = "later"
    data["hooks"]["Stop"].append({"hooks": [{"type": "command", "command": "echo mine-later"}]})
    data["hooks"]["PostToolUse"].insert(0, {"matcher": "Edit", "hooks": [{"type": "command", "command": "echo e"}]})
    repo.write(".claude/settings.json", json.dumps(data, indent=2))
    assert install(repo).code == 0  # still idempotent with the user's additions around batchgate's entries
    assert install(repo, "--uninstall").code == 0
    expected = copy.deepcopy(USER_SETTINGS)
    expected["env"]["ADDED"] = "later"
    expected["hooks"]["Stop"].append({"hooks": [{"type": "command", "command": "echo mine-later"}]})
    expected["hooks"]["PostToolUse"] = [{"matcher": "Edit", "hooks": [{"type": "command", "command": "echo e"}]}]
    assert settings(repo) == expected


def test_settings_without_hooks_key(repo: GitRepo) -> None:
    _with_user_settings(repo, '{"permissions": {"allow": ["Bash(ls*)"]}}', commit=True)
    install(repo)
    assert_wired(settings(repo))
    install(repo, "--uninstall")
    assert settings(repo) == {"permissions": {"allow": ["Bash(ls*)"]}}


def test_dry_run_shows_a_diff_and_writes_nothing(repo: GitRepo) -> None:
    _with_user_settings(repo)
    before = whole_tree(repo.root)
    done = install(repo, "--dry-run")
    assert done.code == 0
    assert "--- a/.claude/settings.json" in done.stdout and "+++ b/.claude/settings.json" in done.stdout
    assert any(line.startswith("+") and 'run.sh\\" subagent_stop' in line for line in done.stdout.splitlines())
    assert whole_tree(repo.root) == before


def test_a_timeout_the_user_raised_is_kept(repo: GitRepo) -> None:
    install(repo)
    data = settings(repo)
    for event, _matcher, handler in our_handlers(data):
        if event == "SubagentStop":
            handler["timeout"] = 3600
    repo.write(".claude/settings.json", json.dumps(data, indent=2) + "\n")
    done = install(repo)
    assert done.code == 0
    assert "kept your timeout 3600s" in done.stdout
    assert [h["timeout"] for e, _m, h in our_handlers(settings(repo)) if e == "SubagentStop"] == [3600]


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{\n  "permissions": {"allow": ["x"],}\n}\n', "line 2 column"),
        ('{\n  "env": {"A": "1"}\n  "model": "x"\n}\n', "line 3 column 3"),
        ("[1, 2]\n", "not an object"),
        ('{"env": {}, "env": {"A": "1"}}', "twice"),
    ],
    ids=["trailing-comma", "missing-comma", "array", "duplicate-key"],
)
def test_malformed_settings_are_refused_untouched(repo: GitRepo, text: str, where: str) -> None:
    _with_user_settings(repo, text)
    before = whole_tree(repo.root)
    done = install(repo)
    assert done.code == 2
    assert where in done.stderr and "fix:" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 2
    assert whole_tree(repo.root) == before
    dry = install(repo, "--dry-run")
    assert dry.code == 0 and "the install would be refused (exit 2)" in dry.stdout and where in dry.stdout
    assert whole_tree(repo.root) == before


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ('{\n  // my model\n  "model": "sonnet"\n}\n', "line 2 column 3"),
        ('{\n  "env": {"URL": "http://x//y"}, /* block */\n  "model": "x"\n}\n', "line 2 column 34"),
    ],
    ids=["line-comment", "block-comment-after-url"],
)
def test_settings_with_comments_are_refused(repo: GitRepo, text: str, where: str) -> None:
    _with_user_settings(repo, text)
    before = whole_tree(repo.root)
    done = install(repo)
    assert done.code == 2
    assert where in done.stderr and "comment" in done.stderr
    assert whole_tree(repo.root) == before


def test_a_read_only_settings_file_is_refused_and_nothing_changes(repo: GitRepo) -> None:
    _with_user_settings(repo)
    path = repo.root / ".claude/settings.json"
    os.chmod(path, 0o444)
    try:
        before = whole_tree(repo.root)
        done = install(repo)
        assert done.code == 2
        assert "read-only" in done.stderr and "chmod u+w" in done.stderr
        assert whole_tree(repo.root) == before
    finally:
        os.chmod(path, 0o644)


def test_hooks_of_the_wrong_type_are_refused(repo: GitRepo) -> None:
    _with_user_settings(repo, '{"hooks": []}')
    done = install(repo)
    assert done.code == 2
    assert '"hooks" is not an object' in done.stderr


def test_a_symlinked_settings_file_stays_a_symlink(repo: GitRepo, tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "settings.json"
    real.parent.mkdir()
    real.write_text(json.dumps(USER_SETTINGS, indent=2) + "\n")
    (repo.root / ".claude").mkdir()
    os.symlink(real, repo.root / ".claude/settings.json")
    assert install(repo).code == 0
    assert (repo.root / ".claude/settings.json").is_symlink()
    assert_wired(json.loads(real.read_text()))
    assert install(repo, "--uninstall").code == 0
    assert json.loads(real.read_text()) == USER_SETTINGS
