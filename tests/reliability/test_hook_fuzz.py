"""Every hook fed random, truncated, mis-encoded, deeply nested and oversized input: the policy, every time.

Batch 1 is assigned and nothing is done, so each hook's usual payload is
held (SubagentStop, Stop, PreToolUse's `--no-verify`) or let through
(PostToolUse, SessionStart). Whatever the bytes: exit 0 or 2, the
documented output shape, no traceback, a one-line message whenever the
input was not usable, and held exactly when hookrun.expected_held says. The
run state and tasks.md are restored before each case (a block counts).
Random cases come from a fixed seed (BATCHGATE_RELIABILITY_SEED).
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from batchgate.evidence.runrecord import record_path
from tests.hooks.support import EVENTS, Hooks
from tests.reliability import hookrun
from tests.reliability.hookcases import nesting_cases, padded, random_bytes, utf8_cases
from tests.reliability.support import scaled
from tests.support.batchrepo import BatchRepo

SEED = int(os.environ.get("BATCHGATE_RELIABILITY_SEED", "9"))
RANDOM_PER_HOOK, CUTS_PER_HOOK = scaled(10), scaled(8)
MiB = 2**20


class Shared:
    """One repository per test module (and worker), its starting files restored before every case."""

    def __init__(self, br: BatchRepo) -> None:
        self.br = br
        self.hooks = Hooks(br)
        state = hookrun.run_state(br)
        record = Path(record_path(str(state.parent)))  # batchgate's per-user record of what it wrote there
        self.files = {path: path.read_bytes() for path in (state, record, br.plan_path)}

    def reset(self) -> None:
        for path, data in self.files.items():
            path.write_bytes(data)

    def payload(self, event: str) -> dict[str, Any]:
        return self.hooks.payload(event)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    br = BatchRepo.create(tmp_path_factory.mktemp("hooks"))
    br.assign()
    yield Shared(br)


def random_cases() -> list[Any]:
    rng = random.Random(SEED)
    return [
        pytest.param(event, random_bytes(rng), id=f"{event}-random-{i:02d}")
        for event in EVENTS
        for i in range(RANDOM_PER_HOOK)
    ]


def cut_cases() -> list[Any]:
    return [
        pytest.param(event, k, id=f"{event}-cut-{k}of{CUTS_PER_HOOK}") for event in EVENTS for k in range(CUTS_PER_HOOK)
    ]


def check(shared: Shared, event: str, data: bytes) -> None:
    shared.reset()
    result = hookrun.run(event, data, shared.br)
    held = hookrun.expected_held(event, data)
    if hookrun.is_object(data):
        assert result.held == held, result.describe()
    else:
        hookrun.assert_policy(result, held)


@pytest.mark.parametrize(("event", "data"), random_cases())
def test_random_bytes(shared: Shared, event: str, data: bytes) -> None:
    check(shared, event, data)


@pytest.mark.parametrize(("event", "k"), cut_cases())
def test_truncated_payload(shared: Shared, event: str, k: int) -> None:
    raw = json.dumps(shared.payload(event)).encode()
    check(shared, event, raw[: len(raw) * k // CUTS_PER_HOOK + (k % 3)])


UTF8 = list(utf8_cases({"hook_event_name": "x", "agent_type": "backend-developer"}))


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("kind", UTF8)
def test_invalid_utf8(shared: Shared, event: str, kind: str) -> None:
    check(shared, event, utf8_cases(shared.payload(event))[kind])


NESTING = list(nesting_cases({}))


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("kind", NESTING)
def test_deeply_nested_json(shared: Shared, event: str, kind: str) -> None:
    check(shared, event, nesting_cases(shared.payload(event))[kind])


SIZES = {"exactly-16-MiB": 16 * MiB, "16-MiB-plus-1": 16 * MiB + 1, "64-MiB": 64 * MiB}


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("size", list(SIZES))
def test_huge_payload(shared: Shared, event: str, size: str) -> None:
    data = padded(shared.payload(event), SIZES[size])
    check(shared, event, data)
    assert hookrun.is_object(data) == (SIZES[size] <= hookrun.MAX_PAYLOAD)


def test_the_oracle_is_not_trivial(tmp_path: Path) -> None:
    """The policy's two outcomes both occur for input that is not usable."""
    gated = json.dumps({"agent_type": "backend-developer", "cwd": str(tmp_path)}).encode()
    assert hookrun.expected_held("SubagentStop", gated[:-1])
    assert not hookrun.expected_held("Stop", gated[:-1])
    assert not hookrun.expected_held("SubagentStop", gated[:20])
