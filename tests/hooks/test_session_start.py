"""SessionStart (resume, compact): remind Claude where the active run stands."""

from __future__ import annotations

import pytest

from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo

SOURCES = ["resume", "compact"]


@pytest.mark.parametrize("source", SOURCES)
def test_active_run_is_described_with_the_next_command(active: Hooks, source: str) -> None:
    run = active.session_start(source)
    assert run.code == 0 and not run.blocked, run.describe()
    text = run.context
    assert "a run is active. Task T1, batch 1 (backend)" in text, text
    assert "not verified yet" in text
    base = active.run_file()["base"]  # type: ignore[index]
    assert f"base {base[:7]}" in text
    assert "status T1`" in text and "complete T1`" in text and "fail T1 --reason" in text


@pytest.mark.parametrize("source", SOURCES)
def test_verified_run_names_the_verified_commit(br: BatchRepo, active: Hooks, source: str) -> None:
    sha = br.honest_work()
    assert br.verify().ok
    run = active.session_start(source)
    assert f"verified at {sha[:7]}" in run.context, run.describe()


def test_block_count_is_reported(br: BatchRepo, active: Hooks) -> None:
    assert active.subagent_stop().blocked
    run = active.session_start()
    assert "the developer was stopped 1 time(s)" in run.context, run.describe()


@pytest.mark.parametrize("source", SOURCES)
def test_no_run_says_nothing(hooks: Hooks, source: str) -> None:
    run = hooks.session_start(source)
    assert run.code == 0 and run.silent, run.describe()


@pytest.mark.parametrize("source", SOURCES)
def test_ended_run_says_nothing(br: BatchRepo, active: Hooks, source: str) -> None:
    assert br.cli("fail", "T1", "--reason", "out of scope").code == 0
    run = active.session_start(source)
    assert run.code == 0 and run.silent, run.describe()
