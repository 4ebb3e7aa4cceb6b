"""A disk that refuses writes (full, file size limit, read-only): a clear error, the original intact.

Where the tests may mount (root, Linux), the disk is a real tmpfs of a few
MiB filled to ENOSPC, and the read-only folder a tmpfs remounted read-only
(root ignores permission bits). Everywhere, a forked child under
RLIMIT_FSIZE (SIGXFSZ ignored, so writes fail with EFBIG) shows the same.
After every refused write: tasks.md and run.json are byte-identical, no
temporary file is left, and the CLI says what is wrong in one or two lines
with a documented exit code (2 for tasks.md, 3 for the run state).
"""

from __future__ import annotations

import os
import resource
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from batchgate.errors import CouldNotCheck, InputError
from batchgate.evidence.runstate import change_run
from batchgate.model.edits import Edit
from batchgate.model.types import TasksDoc
from batchgate.model.writer import append_failure_note, update_tasks_file
from tests.reliability.mounts import fill, mounted_tmpfs, remount_read_only
from tests.reliability.support import assert_clean
from tests.support.batchrepo import BatchRepo
from tests.support.cli import Result

REASON = "the disk is full " * 500


def note(doc: TasksDoc) -> list[Edit]:
    return append_failure_note(doc, doc.batches[0], REASON, "now")


def snapshot(br: BatchRepo) -> dict[str, bytes]:
    """The bytes of tasks.md and run.json, and every name in their folders."""
    state = br.root / ".git" / "batchgate"
    files = {"tasks.md": br.plan_path.read_bytes(), "run.json": (state / "run.json").read_bytes()}
    names = sorted(os.listdir(br.plan_path.parent)) + sorted(os.listdir(state))
    return {**files, "names": "\n".join(n for n in names if not n.startswith("index-")).encode()}


def assert_said(result: Result, code: int, *words: str) -> None:
    assert_clean(result, code)
    assert "bug" not in result.stderr and "crashed" not in result.stdout + result.stderr, result.stderr
    for word in words:
        assert word in result.stderr, result.stderr


@pytest.fixture
def full_repo(tmp_path: Path) -> Iterator[BatchRepo]:
    """Batch 1 assigned and honestly done, in a repository on a tmpfs that is then filled up."""
    with mounted_tmpfs(tmp_path / "fs", "4m") as fs:
        br = BatchRepo.create(fs)
        br.assign()
        br.honest_work()
        fill(fs)
        yield br


def test_full_disk_through_the_cli(full_repo: BatchRepo) -> None:
    before = snapshot(full_repo)
    assert_said(full_repo.cli("fail", "T1", "--reason", REASON), 2, "No space left on device", "unchanged")
    assert_said(full_repo.cli("verify", "T1"), 3, "No space left on device", "run state")
    assert_said(full_repo.cli("complete", "T1"), 3, "No space left on device")
    assert snapshot(full_repo) == before


def test_full_disk_in_the_library(full_repo: BatchRepo) -> None:
    before = snapshot(full_repo)
    with pytest.raises(InputError, match=r"No space left on device.*unchanged"):
        update_tasks_file(str(full_repo.plan_path), str(full_repo.root), note)
    with pytest.raises(CouldNotCheck, match="No space left on device"):
        change_run(str(full_repo.root / ".git" / "batchgate"), lambda run: run)
    assert snapshot(full_repo) == before


def test_file_size_limit(br: BatchRepo) -> None:
    """RLIMIT_FSIZE in a forked child: the rewrite fails with EFBIG; the file and its folder stay as they were."""
    before = br.plan_path.read_bytes()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 100, len(before) + 100))
        try:
            update_tasks_file(str(br.plan_path), str(br.root), note)
        except InputError as error:
            os._exit(0 if "File too large" in error.message and "unchanged" in error.message else 3)
        except BaseException:
            os._exit(4)
        os._exit(5)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0, "the write did not fail with a clear InputError"
    assert br.plan_path.read_bytes() == before
    assert sorted(os.listdir(br.plan_path.parent)) == ["tasks.md"]


def test_read_only_tasks_md(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    br.plan_path.chmod(0o444)
    before = snapshot(br)
    assert_said(br.cli("fail", "T1", "--reason", "x"), 2, "read-only", "unchanged")
    assert snapshot(br) == before
    assert_said(br.cli("complete", "T1"), 2, "read-only", "unchanged")  # verified, then refused to write
    assert br.plan_path.read_bytes() == before["tasks.md"]
    assert sorted(os.listdir(br.plan_path.parent)) == ["tasks.md"]


def test_read_only_folder(tmp_path: Path) -> None:
    with mounted_tmpfs(tmp_path / "fs", "4m") as fs:
        br = BatchRepo.create(fs)
        br.assign()
        br.honest_work()
        before = snapshot(br)
        with remount_read_only(fs):
            assert_said(br.cli("fail", "T1", "--reason", "x"), 2, "read-only", "unchanged")
            assert_said(br.cli("complete", "T1"), 3, "Read-only file system")
            assert snapshot(br) == before
