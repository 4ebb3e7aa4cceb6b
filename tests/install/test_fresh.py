"""Installing into a repository without .claude/: files, wiring, idempotence, dry run, uninstall."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from tests.install.helpers import (
    assert_schema_valid,
    assert_wired,
    install,
    settings,
    visible_files,
    whole_tree,
)
from tests.support.gitrepo import GitRepo

BUNDLE = (
    ".claude/commands/phase-6-backend-execution.md",
    ".claude/commands/phase-6-frontend-execution.md",
    ".claude/commands/phase-7-completion.md",
    ".claude/agents/backend-developer.md",
    ".claude/agents/frontend-developer.md",
    ".claude/agents/team-leader.md",
    ".claude/batchgate/batchgate.pyz",
    ".claude/batchgate/hooks/run.sh",
    ".claude/batchgate/requirements.txt",
    ".claude/batchgate/bin/batchgate",
    ".claude/batchgate/manifest.json",
)


def test_install_writes_the_bundle_and_valid_wiring(repo: GitRepo) -> None:
    done = install(repo)
    assert done.code == 0, done.stderr
    for rel in BUNDLE:
        assert (repo.root / rel).is_file(), rel
    for launcher in ("bin/batchgate", "hooks/run.sh"):
        assert os.stat(repo.root / ".claude/batchgate" / launcher).st_mode & stat.S_IXUSR, launcher
    written = sorted(p.relative_to(repo.root).as_posix() for p in (repo.root / ".claude").rglob("*") if p.is_file())
    assert written == sorted([*BUNDLE, ".claude/settings.json"])
    data = settings(repo)
    assert_schema_valid(data)
    assert_wired(data)
    assert set(data) == {"hooks"}


def test_manifest_lists_every_file_with_its_sha(repo: GitRepo) -> None:
    install(repo)
    manifest = json.loads(repo.read(".claude/batchgate/manifest.json"))
    assert manifest["name"] == "batchgate" and manifest["scope"] == "project"
    written = {p.relative_to(repo.root).as_posix() for p in (repo.root / ".claude").rglob("*") if p.is_file()}
    assert set(manifest["files"]) == written - {".claude/batchgate/manifest.json", ".claude/settings.json"}
    record = manifest["settings"]
    assert record["path"] == ".claude/settings.json" and record["existed_before"] is False
    assert record["created"] == {
        "hooks_key": True,
        "events": sorted(["SubagentStop", "Stop", "PreToolUse", "PostToolUse", "SessionStart"]),
    }
    assert len(record["entries"]) == 5


def test_second_install_changes_no_byte(repo: GitRepo) -> None:
    install(repo)
    first = visible_files(repo)
    done = install(repo)
    assert done.code == 0 and "nothing changed" in done.stdout
    assert visible_files(repo) == first


def test_installed_files_hold_no_absolute_path_of_this_machine(repo: GitRepo) -> None:
    install(repo)
    for rel in visible_files(repo):
        text = (repo.root / rel).read_bytes()
        assert str(repo.root).encode() not in text, rel
        assert str(repo.root.parent).encode() not in text, rel


def test_dry_run_writes_nothing_and_shows_the_plan(repo: GitRepo) -> None:
    before = whole_tree(repo.root)
    done = install(repo, "--dry-run")
    assert done.code == 0, done.stderr
    assert whole_tree(repo.root) == before
    assert "add      .claude/commands/phase-6-backend-execution.md" in done.stdout
    assert "+++ b/.claude/settings.json" in done.stdout
    assert '"timeout": 1800' in done.stdout


def test_dry_run_of_an_installed_repository_says_unchanged(repo: GitRepo) -> None:
    install(repo)
    before = whole_tree(repo.root)
    done = install(repo, "--dry-run")
    assert done.code == 0
    assert ".claude/settings.json: unchanged" in done.stdout
    assert whole_tree(repo.root) == before


def test_uninstall_restores_the_repository(repo: GitRepo) -> None:
    before = visible_files(repo)
    install(repo)
    (repo.root / ".claude/batchgate/hooks/__pycache__").mkdir()  # as an older version's hooks left it
    (repo.root / ".claude/batchgate/hooks/__pycache__/stop.cpython-311.pyc").write_bytes(b"x")
    done = install(repo, "--uninstall")
    assert done.code == 0, done.stderr
    assert visible_files(repo) == before
    assert not (repo.root / ".claude").exists()


def test_uninstall_dry_run_writes_nothing(repo: GitRepo) -> None:
    install(repo)
    before = whole_tree(repo.root)
    done = install(repo, "--uninstall", "--dry-run")
    assert done.code == 0
    assert "remove   .claude/commands/phase-7-completion.md" in done.stdout
    assert "+++ /dev/null" in done.stdout
    assert whole_tree(repo.root) == before


def test_install_after_commit_leaves_a_clean_status(repo: GitRepo) -> None:
    install(repo)
    repo.commit("chore: install batchgate")
    assert install(repo).code == 0
    assert repo.git("status", "--porcelain") == ""


def test_scope_local_wires_settings_local_and_keeps_it_out_of_git(repo: GitRepo) -> None:
    before = visible_files(repo)
    done = install(repo, "--scope", "local")
    assert done.code == 0, done.stderr
    assert not (repo.root / ".claude/settings.json").exists()
    data = settings(repo, ".claude/settings.local.json")
    assert_schema_valid(data)
    assert_wired(data)
    assert ".claude/settings.local.json" not in visible_files(repo)
    first = visible_files(repo)
    assert install(repo, "--scope", "local").code == 0
    assert visible_files(repo) == first
    assert install(repo, "--uninstall").code == 0
    assert not (repo.root / ".claude/settings.local.json").exists()
    assert "/.claude/settings.local.json" not in (repo.root / ".git/info/exclude").read_text()
    assert visible_files(repo) == before


def test_scope_change_is_refused(repo: GitRepo) -> None:
    install(repo)
    before = whole_tree(repo.root)
    done = install(repo, "--scope", "local")
    assert done.code == 2
    assert "--scope project" in done.stderr
    assert whole_tree(repo.root) == before


def test_not_a_repository_is_refused(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    done = install(GitRepo(plain))
    assert done.code == 2
    assert "not a git work tree" in done.stderr and "fix:" in done.stderr
    assert list(plain.iterdir()) == []


def test_a_subfolder_is_refused_with_the_root_in_the_fix(repo: GitRepo) -> None:
    (repo.root / "sub").mkdir()
    done = install(GitRepo(repo.root / "sub"))
    assert done.code == 2
    assert f"python3 install.py {os.path.realpath(repo.root)}" in done.stderr
    assert not (repo.root / "sub" / ".claude").exists()


def test_missing_target_is_refused(repo: GitRepo) -> None:
    done = install(GitRepo(repo.root / "nope"))
    assert done.code == 2
    assert "is not a directory" in done.stderr
    assert len(done.stderr.strip().splitlines()) <= 2
