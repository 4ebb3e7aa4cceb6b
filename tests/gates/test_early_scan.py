"""The work-tree scan the CLI starts before the engine imports: taken only for the same root and
arguments, the same answer as a scan on demand, never left running, and really the first git."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from batchgate.evidence import earlyscan
from batchgate.evidence.git import open_repository
from tests.support.batchrepo import BatchRepo
from tests.support.gittrace import traced_git_commands


@pytest.fixture(autouse=True)
def no_scan_left() -> Iterator[None]:
    yield
    earlyscan._stop_unclaimed()  # a test that leaves one must not hand it to the next


def changed(br: BatchRepo) -> None:
    (br.root / "README.md").write_text("changed\n", encoding="utf-8")
    (br.root / "new.txt").write_text("new\n", encoding="utf-8")


def _link(root: Path) -> Path:
    link = root.parent / "linked"
    link.symlink_to(root)
    return link


STARTS: list[tuple[str, Callable[[Path], Path]]] = [
    ("the root", lambda root: root),
    ("a subfolder", lambda root: root / "src"),
    ("a symlink to the root", _link),
]


@pytest.mark.parametrize("where", [s[1] for s in STARTS], ids=[s[0] for s in STARTS])
def test_the_repository_takes_the_scan_started_early(br: BatchRepo, where: Callable[[Path], Path]) -> None:
    changed(br)
    (br.root / "src").mkdir(exist_ok=True)
    earlyscan.start_scan(str(where(br.root)))
    started = list(earlyscan._waiting.values())
    assert len(started) == 1
    repo = open_repository(str(br.root))
    repo.prefetch_worktree()
    assert repo._status is started[0], "the early scan was claimed, not a second one started"
    assert not earlyscan._waiting
    early = repo.worktree_status()
    on_demand = open_repository(str(br.root)).worktree_status()
    assert sorted(c.path for c in early.changes) == ["README.md", "new.txt"]
    assert early.content_key(str(br.root)) == on_demand.content_key(str(br.root))


def test_another_root_or_other_arguments_do_not_take_it(br: BatchRepo, tmp_path: Path) -> None:
    earlyscan.start_scan(str(br.root))
    args = earlyscan.status_args(str(br.root), str(br.root / ".git"), str(br.root / ".git"))
    assert earlyscan.claim_scan(str(tmp_path), args) is None
    assert earlyscan.claim_scan(str(br.root), [*args, "--ignored"]) is None
    assert len(earlyscan._waiting) == 1


def test_an_unclaimed_scan_is_stopped_at_exit(br: BatchRepo) -> None:
    earlyscan.start_scan(str(br.root))
    (process,) = earlyscan._waiting.values()
    earlyscan._stop_unclaimed()
    assert process.returncode is not None
    assert not earlyscan._waiting


def test_outside_a_repository_nothing_starts(tmp_path: Path) -> None:
    earlyscan.start_scan(str(tmp_path / "nowhere"))
    assert not earlyscan._waiting


@pytest.mark.parametrize("from_inside", [True, False], ids=["from-the-repo", "with-dash-C"])
def test_verify_runs_one_status_and_it_is_the_first_git(br: BatchRepo, tmp_path: Path, from_inside: bool) -> None:
    br.assign()
    br.honest_work()
    trace = tmp_path / "trace.txt"
    env = {"GIT_TRACE": str(trace)}
    result = (
        br.cli("verify", br.task_id, cwd=br.root, env=env) if from_inside else br.cli("verify", br.task_id, env=env)
    )
    assert result.code == 0, result.stdout + result.stderr
    commands = traced_git_commands(trace)
    assert [c for c in commands if c.startswith("git status")] == [commands[0]], commands
