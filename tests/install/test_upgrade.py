"""An earlier batchgate already installed; a user's own file where batchgate wants to write."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

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

OLD = {
    ".claude/commands/phase-6-backend-execution.md": "old command, batchgate 0.0.1\n",
    ".claude/agents/team-leader.md": "old team leader, batchgate 0.0.1\n",
    ".claude/batchgate/hooks/stop.py": "# old stop hook\n",
    ".claude/batchgate/hooks/user_prompt.py": "# a hook 0.0.1 had and 0.1 dropped\n",
}
USER: dict[str, Any] = {
    "permissions": {"allow": ["Bash(make *)"]},
    "hooks": {"Stop": [{"hooks": [{"type": "command", "command": "echo my-stop"}]}]},
}


def _cmd(module: str) -> str:
    return f'python3 "$CLAUDE_PROJECT_DIR/.claude/batchgate/hooks/{module}.py"'


def _old_install(repo: GitRepo) -> None:
    """What a (pretend) batchgate 0.0.1 left: its files, entries and manifest, committed; one file then edited."""
    data = copy.deepcopy(USER)
    data["hooks"]["Stop"].append({"hooks": [{"type": "command", "command": _cmd("stop"), "timeout": 60}]})
    data["hooks"]["SubagentStop"] = [
        {
            "matcher": "backend-developer",
            "hooks": [{"type": "command", "command": _cmd("subagent_stop"), "timeout": 600}],
        }
    ]
    data["hooks"]["UserPromptSubmit"] = [
        {"hooks": [{"type": "command", "command": _cmd("user_prompt"), "timeout": 10}]}
    ]
    entries = [
        {"event": e, "matcher": m, "command": h["command"], "timeout": h["timeout"]} for e, m, h in our_handlers(data)
    ]
    manifest = {
        "name": "batchgate",
        "format": 1,
        "version": "0.0.1",
        "scope": "project",
        "files": {rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in OLD.items()},
        "displaced": {},
        "settings": {
            "path": ".claude/settings.json",
            "existed_before": True,
            "before_sha256": None,
            "created": {"hooks_key": False, "events": ["SubagentStop", "UserPromptSubmit"]},
            "entries": entries,
            "git_exclude": False,
        },
    }
    for rel, text in OLD.items():
        repo.write(rel, text)
    repo.write(".claude/settings.json", json.dumps(data, indent=2) + "\n")
    repo.write(".claude/batchgate/manifest.json", json.dumps(manifest, indent=2) + "\n")
    repo.commit("chore: batchgate 0.0.1")
    repo.write(".claude/agents/team-leader.md", "old team leader, with my own notes\n")
    repo.commit("docs: my team leader notes")


def test_plain_install_over_an_older_version_asks_for_upgrade(repo: GitRepo) -> None:
    _old_install(repo)
    before = whole_tree(repo.root)
    done = install(repo)
    assert done.code == 2
    assert "batchgate 0.0.1 is installed" in done.stderr and "--upgrade" in done.stderr
    assert whole_tree(repo.root) == before


def test_upgrade_replaces_only_batchgates_files_and_entries(repo: GitRepo) -> None:
    _old_install(repo)
    done = install(repo, "--upgrade")
    assert done.code == 0, done.stderr
    assert "kept .claude/agents/team-leader.md" in done.stdout
    assert repo.read(".claude/agents/team-leader.md") == "old team leader, with my own notes\n"
    assert (
        repo.read(".claude/commands/phase-6-backend-execution.md")
        != OLD[".claude/commands/phase-6-backend-execution.md"]
    )
    assert not (repo.root / ".claude/batchgate/hooks/user_prompt.py").exists()
    data = settings(repo)
    assert_schema_valid(data)
    assert_wired(data)
    assert_user_content_kept(USER, data)
    assert "UserPromptSubmit" not in data["hooks"]
    assert json.loads(repo.read(".claude/batchgate/manifest.json"))["version"] != "0.0.1"


def test_upgrade_twice_changes_no_byte_and_uninstall_restores(repo: GitRepo) -> None:
    _old_install(repo)
    install(repo, "--upgrade")
    first = visible_files(repo)
    assert install(repo, "--upgrade").code == 0
    assert install(repo).code == 0
    assert visible_files(repo) == first
    done = install(repo, "--uninstall")
    assert done.code == 0, done.stderr
    assert "kept .claude/agents/team-leader.md" in done.stdout
    assert settings(repo) == USER
    left = {rel for rel in visible_files(repo) if rel.startswith(".claude/")}
    assert left == {".claude/settings.json", ".claude/agents/team-leader.md"}


def test_upgrade_force_replaces_an_edited_file_with_a_backup(repo: GitRepo) -> None:
    _old_install(repo)
    done = install(repo, "--upgrade", "--force")
    assert done.code == 0, done.stderr
    edited = b"old team leader, with my own notes\n"
    assert (repo.root / ".claude/agents/team-leader.md").read_bytes() != edited
    backup = repo.root / ".git/batchgate/backups" / hashlib.sha256(edited).hexdigest()
    assert backup.read_bytes() == edited


def test_a_users_own_command_file_is_refused(repo: GitRepo) -> None:
    repo.write(".claude/commands/phase-6-backend-execution.md", "my own phase 6\n")
    repo.commit("docs: my command")
    before = whole_tree(repo.root)
    done = install(repo)
    assert done.code == 2
    assert ".claude/commands/phase-6-backend-execution.md already exists and batchgate did not write it" in done.stderr
    assert "--force" in done.stderr
    assert whole_tree(repo.root) == before


def test_force_backs_up_a_users_file_outside_the_work_tree_and_uninstall_restores_it(repo: GitRepo) -> None:
    repo.write(".claude/commands/phase-6-backend-execution.md", "my own phase 6\n")
    repo.commit("docs: my command")
    before = visible_files(repo)
    done = install(repo, "--force")
    assert done.code == 0, done.stderr
    assert repo.read(".claude/commands/phase-6-backend-execution.md") != "my own phase 6\n"
    backups = list((repo.root / ".git/batchgate/backups").iterdir())
    assert [b.read_text() for b in backups] == ["my own phase 6\n"]
    assert set(visible_files(repo)) - set(before) <= {
        p for p in visible_files(repo) if p.startswith(".claude/")
    }  # nothing new outside .claude/
    first = visible_files(repo)
    assert install(repo).code == 0
    assert visible_files(repo) == first
    assert install(repo, "--uninstall").code == 0
    assert repo.read(".claude/commands/phase-6-backend-execution.md") == "my own phase 6\n"
    assert visible_files(repo) == before


def test_uninstall_keeps_an_edited_file_unless_forced(repo: GitRepo) -> None:
    install(repo)
    repo.write(".claude/commands/phase-7-completion.md", "tuned by me\n")
    done = install(repo, "--uninstall")
    assert done.code == 0
    assert "kept .claude/commands/phase-7-completion.md" in done.stdout
    assert repo.read(".claude/commands/phase-7-completion.md") == "tuned by me\n"
    assert not (repo.root / ".claude/settings.json").exists()
    assert not (repo.root / ".claude/batchgate").exists()


def test_uninstall_when_nothing_is_installed(repo: GitRepo) -> None:
    before = whole_tree(repo.root)
    done = install(repo, "--uninstall")
    assert done.code == 2
    assert "not installed" in done.stderr
    assert whole_tree(repo.root) == before


def test_a_damaged_manifest_is_refused(repo: GitRepo) -> None:
    install(repo)
    repo.write(".claude/batchgate/manifest.json", "{not json")
    done = install(repo)
    assert done.code == 2
    assert "manifest.json is damaged" in done.stderr and "fix:" in done.stderr
