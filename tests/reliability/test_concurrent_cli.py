"""Two `complete` commands on two batches of the same plan at once, through the real CLI: both recorded."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from batchgate.model.reader import read_tasks
from batchgate.model.types import Status
from tests.reliability.support import assert_clean, scaled
from tests.support.batchrepo import BatchRepo
from tests.support.cli import Result


def _complete(br: BatchRepo, batch: str, out: dict[str, Result]) -> None:
    out[batch] = br.cli("complete", "T1", "--batch", batch)


@pytest.mark.parametrize("attempt", range(scaled(2)))
def test_two_completes_at_once_through_the_cli(tmp_path: Path, attempt: int) -> None:
    br = BatchRepo.create(tmp_path)
    for batch in ("1", "2"):
        br.honest_work(batch)
    br.git.commit("docs: tasks.md records both batches", "task-tracking")
    out: dict[str, Result] = {}
    threads = [threading.Thread(target=_complete, args=(br, b, out)) for b in ("1", "2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for result in out.values():
        assert_clean(result, 0)
    doc = read_tasks(str(br.plan_path))
    assert [b.status for b in doc.batches[:2]] == [Status.COMPLETE, Status.COMPLETE]
    assert all(b.commit for b in doc.batches[:2])
    assert "**Status**: 2/3 batches complete" in br.plan_path.read_text(encoding="utf-8")
