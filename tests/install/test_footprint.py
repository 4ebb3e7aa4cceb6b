"""What lands in the user's repository: a handful of files, and an upgrade changes only those that changed."""

from __future__ import annotations

import hashlib
import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
import time
import types
import zipfile
from pathlib import Path

import pytest

from batchgate.installer import archive
from batchgate.installer.bundle import collect
from tests.install.helpers import checkout, install, isolated_env, visible_files
from tests.support.gitrepo import GitRepo


def _launcher() -> types.ModuleType:
    """scripts/batchgate (bin/batchgate once installed) as a module: its Python part reads the build key."""
    loader = importlib.machinery.SourceFileLoader("batchgate_launcher", str(checkout() / "scripts" / "batchgate"))
    module = types.ModuleType(loader.name)
    module.__file__ = loader.path
    loader.exec_module(module)
    return module


launcher = _launcher()
COMMANDS_AND_AGENTS = (".claude/commands/", ".claude/agents/")
BUDGET = 10  # files besides the commands and agents (issue 17)


def _footprint(repo: GitRepo) -> list[str]:
    return [
        rel for rel in visible_files(repo) if rel.startswith(".claude/") and not rel.startswith(COMMANDS_AND_AGENTS)
    ]


def test_an_install_adds_a_handful_of_files_besides_commands_and_agents(repo: GitRepo) -> None:
    assert install(repo).code == 0
    footprint = _footprint(repo)
    assert footprint == [
        ".claude/batchgate/batchgate.pyz",
        ".claude/batchgate/bin/batchgate",
        ".claude/batchgate/hooks/run.sh",
        ".claude/batchgate/manifest.json",
        ".claude/batchgate/requirements.txt",
        ".claude/settings.json",
    ]
    assert len(footprint) <= BUDGET


def test_the_archive_holds_what_the_repository_runs_and_nothing_else() -> None:
    (engine,) = [f for f in collect(str(checkout())) if f.path.endswith(archive.NAME)]
    names = zipfile.ZipFile(__import__("io").BytesIO(engine.data)).namelist()
    assert "batchgate/hooks/stop.py" in names and "schemas/config.schema.json" in names
    assert not [n for n in names if n.startswith(("tests/", "bench/")) or n.endswith(("demo.py", "devtools.py"))]
    assert not [n for n in names if "__pycache__" in n]


def test_the_archive_packs_to_the_same_bytes_every_time(tmp_path: Path) -> None:
    first = [f.data for f in collect(str(checkout())) if f.path.endswith(archive.NAME)]
    copy = shutil.copytree(checkout(), tmp_path / "copy")  # other mtimes, other folder
    second = [f.data for f in collect(str(copy)) if f.path.endswith(archive.NAME)]
    assert first == second


def test_the_build_key_written_is_the_one_read(tmp_path: Path) -> None:
    assert (archive.KEY_PREFIX, archive.KEY_LENGTH) == (launcher.KEY_PREFIX, launcher.KEY_LENGTH)
    packed = tmp_path / "a.pyz"
    packed.write_bytes(archive.pack([("a.py", b"x = 1\n")]))
    key = launcher.build_key(str(packed))
    assert key is not None and len(key) == archive.KEY_LENGTH
    packed.write_bytes(archive.pack([("a.py", b"x = 2\n")]))
    assert launcher.build_key(str(packed)) not in (None, key)
    packed.write_bytes(b"not a zip at all, but long enough to seek back over its end" * 2)
    assert launcher.build_key(str(packed)) is None


def test_an_upgrade_changes_only_the_files_that_changed(repo: GitRepo, tmp_path: Path) -> None:
    assert install(repo).code == 0
    repo.commit("chore: install batchgate")
    newer = shutil.copytree(checkout(), tmp_path / "newer")
    init = newer / "batchgate" / "__init__.py"
    init.write_text(init.read_text().replace('__version__ = "', '__version__ = "9.'), encoding="utf-8")
    argv = [sys.executable, str(newer / "install.py"), str(repo.root), "--no-env", "--upgrade"]
    done = subprocess.run(argv, env=isolated_env(tmp_path / "home"), capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert "9." in done.stdout
    changed = repo.git("status", "--porcelain", "--untracked-files=all").splitlines()
    assert sorted(line.split()[-1] for line in changed) == [
        ".claude/batchgate/batchgate.pyz",
        ".claude/batchgate/manifest.json",
    ], changed


def test_an_upgrade_from_the_many_file_layout_leaves_only_the_new_files(repo: GitRepo) -> None:
    assert install(repo).code == 0
    manifest = json.loads(repo.read(".claude/batchgate/manifest.json"))
    old = {".claude/batchgate/batchgate/errors.py": "# 0.0.9\n", ".claude/batchgate/.gitignore": "__pycache__/\n"}
    for rel, text in old.items():
        repo.write(rel, text)
    repo.write(".claude/batchgate/batchgate/__pycache__/errors.cpython-311.pyc", b"bytecode an old hook left")
    manifest["version"] = "0.0.9"
    manifest["files"].update({rel: hashlib.sha256(text.encode()).hexdigest() for rel, text in old.items()})
    repo.write(".claude/batchgate/manifest.json", json.dumps(manifest, indent=2) + "\n")
    assert install(repo, "--upgrade").code == 0
    left = sorted(p.relative_to(repo.root).as_posix() for p in (repo.root / ".claude/batchgate").rglob("*"))
    assert left == [
        ".claude/batchgate/batchgate.pyz",
        ".claude/batchgate/bin",
        ".claude/batchgate/bin/batchgate",
        ".claude/batchgate/hooks",
        ".claude/batchgate/hooks/run.sh",
        ".claude/batchgate/manifest.json",
        ".claude/batchgate/requirements.txt",
    ]


DAY = 24 * 3600
# (id, entry name, seconds since its `.used` mark (None: no mark), seconds since the folder changed, kept?)
OLD_BUILDS = [
    ("used-an-hour-ago", "a" * 32, 3600, 30 * DAY, True),
    ("used-six-days-ago", "b" * 32, 6 * DAY, 30 * DAY, True),
    ("unused-for-eight-days", "c" * 32, 8 * DAY, 30 * DAY, False),
    ("unmarked-unpacked-two-days-ago", "d" * 32, None, 2 * DAY, True),
    ("unmarked-unpacked-a-month-ago", "e" * 32, None, 30 * DAY, False),
    ("half-unpacked-two-hours-ago", ".f-x1", None, 2 * 3600, False),
    ("being-unpacked-now", ".f-x2", None, 10, True),
]


def _age(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when))


def test_a_new_build_prunes_the_builds_unused_for_a_week(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    engines = tmp_path / "batchgate-engine"
    for _id, name, marked, changed, _kept in OLD_BUILDS:
        folder = engines / name / "batchgate"
        folder.mkdir(parents=True)
        if marked is not None:
            (engines / name / launcher.USED_MARK).touch()
            _age(engines / name / launcher.USED_MARK, marked)
        _age(engines / name, changed)
    (engines / "a-file").write_text("not a build\n", encoding="utf-8")
    packed = tmp_path / "engine.pyz"
    packed.write_bytes(archive.pack([("batchgate/__init__.py", b"x = 1\n")]))
    key = launcher.build_key(str(packed))
    assert key is not None
    target = launcher.unpacked(str(packed), key)
    assert target == str(engines / key) and (engines / key / launcher.USED_MARK).exists()
    left = {name for _i, name, *_rest in OLD_BUILDS if (engines / name).exists()}
    assert left == {name for _i, name, _m, _c, kept in OLD_BUILDS if kept}
    assert (engines / "a-file").exists()


def test_a_start_marks_its_build_used_at_most_hourly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    packed = tmp_path / "engine.pyz"
    packed.write_bytes(archive.pack([("batchgate/__init__.py", b"x = 1\n")]))
    key = launcher.build_key(str(packed))
    assert key is not None
    mark = Path(launcher.unpacked(str(packed), key) or "") / launcher.USED_MARK
    _age(mark, 600)
    launcher.unpacked(str(packed), key)
    assert time.time() - mark.stat().st_mtime > 500, "marked ten minutes ago: not written again"
    _age(mark, 2 * 3600)
    launcher.unpacked(str(packed), key)
    assert time.time() - mark.stat().st_mtime < 60, "two hours: marked again"
