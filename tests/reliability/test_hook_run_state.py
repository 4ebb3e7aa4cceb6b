"""Every hook with the run state corrupt: never hung; the developer it held blocked, every other hook let through.

The corruptions are derived from the real run.json of an assigned batch:
truncated at many points, a byte replaced by 0xFF at many points (never
UTF-8 then), each field given a wrong type, JSON that is not an object,
other formats, and files that are not files (a folder, a FIFO, /dev/zero,
a symlink loop). Each hook gets its usual payload, which it would hold if
the run were readable (SubagentStop, Stop, PreToolUse). With the run
unreadable, batchgate's per-user record still says the run holds the
developer: SubagentStop blocks it ("changed outside batchgate"); every other
hook lets go, and the one-line message says the run state is unreadable.
SubagentStop sees every corruption; each other hook a fifth of them in turn.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from batchgate.evidence.runrecord import record_path
from tests.hooks.support import EVENTS, Hooks
from tests.reliability import hookrun
from tests.reliability.support import scaled
from tests.support.batchrepo import BatchRepo

POINTS = scaled(12)
Corrupt = Callable[[Path, bytes], object]


def _writes(data: Callable[[bytes], bytes]) -> Corrupt:
    return lambda path, real: path.write_bytes(data(real))


def _field(name: str, value: object) -> Corrupt:
    return _writes(lambda real: json.dumps({**json.loads(real), name: value}).encode())


def _special(kind: str) -> Corrupt:
    def make(path: Path, real: bytes) -> None:
        if kind == "a-folder":
            path.mkdir()
        elif kind == "a-fifo":
            os.mkfifo(path)
        elif kind == "dev-zero":
            path.symlink_to("/dev/zero")
        elif kind == "symlink-loop":
            path.symlink_to(path.name)
        elif kind == "dangling-symlink":
            path.symlink_to("no-such-run.json")

    return make


def _cut(real: bytes, i: int) -> bytes:
    return real[: (len(real) - 2) * i // POINTS]  # never just the final "}\n": always broken JSON


def _ff(real: bytes, i: int) -> bytes:
    at = len(real) * i // POINTS
    return real[:at] + b"\xff" + real[at + 1 :]


def _constant(_real: bytes, data: bytes) -> bytes:
    return data


def corruptions() -> dict[str, Corrupt]:
    found: dict[str, Corrupt] = {}
    for i in range(POINTS):
        found[f"truncated-{i + 1}of{POINTS}"] = _writes(functools.partial(_cut, i=i))
        found[f"ff-byte-{i + 1}of{POINTS}"] = _writes(functools.partial(_ff, i=i))
    wrong = {"task_id": 5, "batch_id": [], "state": "running", "base": 5, "agents": "backend-developer"}
    wrong |= {"retries": "3", "subagent_blocks": True, "stop_blocks": 1.5, "rules": "x", "format": 2}
    for name, value in wrong.items():
        found[f"{name}-is-{type(value).__name__}-{str(value)[:12]}"] = _field(name, value)
    found["agents-not-names"] = _field("agents", [{"name": "backend-developer"}])
    for name, data in {"array": b"[]", "number": b"1", "string": b'"run"', "null": b"null", "empty": b""}.items():
        found[f"json-{name}"] = _writes(functools.partial(_constant, data=data))
    found["no-format"] = _writes(
        lambda real: json.dumps({k: v for k, v in json.loads(real).items() if k != "format"}).encode()
    )
    for kind in ("a-folder", "a-fifo", "dev-zero", "symlink-loop", "dangling-symlink"):
        found[kind] = _special(kind)
    return found


CORRUPTIONS = corruptions()


def cases() -> list[Any]:
    names = list(CORRUPTIONS)
    rows = [pytest.param("SubagentStop", name, id=f"SubagentStop-{name}") for name in names]
    others = [event for event in EVENTS if event != "SubagentStop"]
    rows += [
        pytest.param(others[i % len(others)], name, id=f"{others[i % len(others)]}-{name}")
        for i, name in enumerate(names)
    ]
    return rows


class State:
    def __init__(self, br: BatchRepo) -> None:
        self.br, self.hooks = br, Hooks(br)
        self.path = hookrun.run_state(br)
        self.real = self.path.read_bytes()
        self.record = Path(record_path(str(self.path.parent)))
        self.record_bytes = self.record.read_bytes()  # restored per case: each starts with no block counted

    def clear(self) -> None:
        if self.path.is_dir() and not self.path.is_symlink():
            self.path.rmdir()
        elif self.path.exists() or self.path.is_symlink():
            self.path.unlink()

    def corrupt(self, name: str) -> None:
        self.clear()
        self.record.write_bytes(self.record_bytes)
        CORRUPTIONS[name](self.path, self.real)


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> Iterator[State]:
    br = BatchRepo.create(tmp_path_factory.mktemp("runstate"))
    br.assign()
    yield State(br)


@pytest.mark.parametrize(("event", "name"), cases())
def test_corrupt_run_state_follows_the_policy(state: State, event: str, name: str) -> None:
    state.corrupt(name)
    result = hookrun.run(event, json.dumps(state.hooks.payload(event)).encode(), state.br, timeout=30)
    assert result.code == 0
    if event == "SubagentStop":
        hookrun.assert_policy(result, True, "the run state was changed outside batchgate", "run state is unreadable")
        return
    line = hookrun.assert_policy(result, False, "run state is unreadable")
    assert "batchgate assign" in line, result.describe()


def test_the_intact_run_state_is_held_by(state: State) -> None:
    """Control: with the run file intact, the same payloads are held (so the test above could fail)."""
    state.clear()
    state.path.write_bytes(state.real)
    state.record.write_bytes(state.record_bytes)
    for event in ("Stop", "PreToolUse"):
        assert hookrun.run(event, json.dumps(state.hooks.payload(event)).encode(), state.br).held
