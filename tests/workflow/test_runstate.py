"""Run state: under the git directory, one per worktree, and a corrupt file never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batchgate.evidence.gitdir import state_dir_for
from batchgate.evidence.runfile import read_run
from batchgate.evidence.runrecord import record_path
from batchgate.evidence.runstate import ASSIGNED, COMPLETE
from tests.support.batchrepo import BatchRepo, file_content
from tests.support.cli import Result


def _state_files(br: BatchRepo) -> set[str]:
    return {p.name for p in (br.root / ".git" / "batchgate").iterdir()}


def test_run_state_lives_under_the_git_directory(br: BatchRepo) -> None:
    before = set(br.root.rglob("*")) - set((br.root / ".git").rglob("*"))
    assert br.cli("assign", br.task_id).code == 0
    run = read_run(str(br.root / ".git" / "batchgate"))
    assert run is not None and run["task_id"] == br.task_id and run["batch_id"] == "1" and run["state"] == ASSIGNED
    assert run["base"] == br.git.head()
    br.honest_work()
    assert br.cli("verify", br.task_id).code == 0
    assert {"run.json", "build-cache.json"} <= _state_files(br)
    assert not [n for n in _state_files(br) if n.endswith(".tmp") or n.startswith("index-")], "scratch files left"
    after = set(br.root.rglob("*")) - set((br.root / ".git").rglob("*"))
    created = {p.relative_to(br.root).as_posix() for p in after - before}
    assert created == {"lib", "lib/greet.py", "tests", "tests/test_greet.py"}, "only the developer's files"
    assert br.git.git("status", "--porcelain") == f"M task-tracking/{br.task_id}/tasks.md"


def test_the_work_tree_stays_clean_through_a_whole_batch(br: BatchRepo) -> None:
    for verb in ("status", "next", "assign"):
        assert br.cli(verb, br.task_id).code == 0
    plan = f"task-tracking/{br.task_id}/tasks.md"
    br.git.commit("docs(tasks): batch 1 assigned", plan)
    assert br.git.git("status", "--porcelain") == ""
    br.honest_work()
    for verb in ("verify", "complete"):
        assert br.cli(verb, br.task_id).code == 0
    assert br.git.git("status", "--porcelain") == f"M {plan}"  # (leading space stripped)


def test_each_linked_worktree_has_its_own_run(br: BatchRepo, tmp_path: Path) -> None:
    other = tmp_path / "worktree"
    br.git.git("worktree", "add", "-q", "-b", "second", str(other))
    assert br.cli("assign", br.task_id).code == 0
    in_other = br.cli("status", br.task_id, "--json", cwd=other)
    assert in_other.code == 0 and in_other.json()["run"] is None, "the main worktree's run leaked"
    assigned = br.cli("assign", br.task_id, "--json", cwd=other)
    assert assigned.code == 0, assigned
    assert br.cli("status", br.task_id, "--json").json()["run"]["base"] == br.git.head()
    gitdir = Path(br.git.git("-C", str(other), "rev-parse", "--absolute-git-dir"))
    assert gitdir != br.root / ".git"
    assert (gitdir / "batchgate" / "run.json").is_file()
    assert state_dir_for(str(other)) == str(gitdir / "batchgate"), "the hooks' fast path finds the same file"
    for path in ("lib/greet.py", "tests/test_greet.py"):
        (other / path).parent.mkdir(parents=True, exist_ok=True)
        (other / path).write_text(file_content(path), encoding="utf-8")
    br.git.git("-C", str(other), "add", "lib", "tests")
    br.git.git("-C", str(other), "commit", "-q", "-m", br.commit_message())
    sha = br.git.git("-C", str(other), "rev-parse", "--short=7", "HEAD")
    text = (other / "task-tracking" / br.task_id / "tasks.md").read_text(encoding="utf-8")
    text = text.replace("⏸️ PENDING\n\n**File(s)**", "🔄 IMPLEMENTED\n\n**File(s)**", 2)
    text = text.replace("**Dependencies**: None\n", f"**Dependencies**: None\n**Git Commit**: `{sha}`\n", 1)
    (other / "task-tracking" / br.task_id / "tasks.md").write_text(text, encoding="utf-8")
    assert br.cli("complete", br.task_id, cwd=other).code == 0
    assert br.cli("status", br.task_id, "--json", cwd=other).json()["run"]["state"] == COMPLETE
    main_run = br.cli("status", br.task_id, "--json").json()["run"]
    assert main_run["state"] == ASSIGNED, "completing in one worktree must not end the other's run"
    assert br.cli("verify", br.task_id).code == 1, "the main worktree has no batch commit of its own"


CORRUPT = [
    pytest.param(b"", id="empty"),
    pytest.param(b"{not json", id="not-json"),
    pytest.param(b"\xff\xfe\x00garbage", id="binary"),
    pytest.param(b"[1, 2]", id="a-list"),
    pytest.param(b'{"format": 1, "task_id": "T1"}', id="incomplete"),
    pytest.param(b'{"format": 99, "task_id": "T1"}', id="unknown-format"),
]


def _run_json(br: BatchRepo, **change: object) -> bytes:
    data = json.loads((br.root / ".git" / "batchgate" / "run.json").read_text(encoding="utf-8"))
    return json.dumps({**data, **change}).encode()


WRONG_TYPES = [
    pytest.param({"base": 5}, id="base-a-number"),
    pytest.param({"batch_id": None}, id="batch-null"),
    pytest.param({"agents": "backend-developer"}, id="agents-a-string"),
    pytest.param({"subagent_blocks": "2"}, id="blocks-a-string"),
    pytest.param({"state": "exploded"}, id="unknown-state"),
    pytest.param({"verified_sha": 7}, id="verified-sha-a-number"),
]


def _corrupt_and_run(br: BatchRepo, content: bytes | dict[str, object], *args: str, forget: bool = False) -> Result:
    """Assign, work honestly, overwrite run.json with `content` (outside batchgate), run the CLI.

    `forget`: also delete batchgate's per-user record, as if the run had been assigned before it existed.
    """
    br.assign()
    br.honest_work()
    data = content if isinstance(content, bytes) else _run_json(br, **content)
    (br.root / ".git" / "batchgate" / "run.json").write_bytes(data)
    if forget:
        Path(record_path(str(br.root / ".git" / "batchgate"))).unlink()
    return br.cli(*args)


def _assert_changed_outside(result: Result) -> None:
    assert result.code == 3, result
    assert "the run state was changed outside batchgate" in result.stderr
    assert "fix: a gated agent must not touch .git/batchgate" in result.stderr
    assert "batchgate fail T1 --batch 1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2


@pytest.mark.parametrize("content", CORRUPT + WRONG_TYPES)
def test_a_run_file_changed_outside_batchgate_is_refused(br: BatchRepo, content: bytes | dict[str, object]) -> None:
    _assert_changed_outside(_corrupt_and_run(br, content, "status", br.task_id))


@pytest.mark.parametrize("content", CORRUPT + WRONG_TYPES)
def test_a_corrupt_run_file_without_a_record_is_a_clear_error(
    br: BatchRepo, content: bytes | dict[str, object]
) -> None:
    result = _corrupt_and_run(br, content, "status", br.task_id, forget=True)
    assert result.code == 2, result
    assert "run state is unreadable" in result.stderr
    assert "fix: assign the batch again" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2


@pytest.mark.parametrize("verb", ["next", "verify", "complete"])
def test_every_verb_refuses_a_run_file_changed_outside_batchgate(br: BatchRepo, verb: str) -> None:
    _assert_changed_outside(_corrupt_and_run(br, b"{not json", verb, br.task_id))


def test_fail_ends_a_run_changed_outside_batchgate_and_assign_starts_afresh(br: BatchRepo) -> None:
    result = _corrupt_and_run(br, b"{not json", "fail", br.task_id, "--reason", "run state changed")
    assert result.code == 0, result
    assert "FAILED" in next(
        line for line in br.plan_path.read_text(encoding="utf-8").splitlines() if "## Batch 1" in line
    )
    assert br.cli("status", br.task_id).code == 0, "the run is over: nothing is held, nothing refused"
    assert br.cli("assign", br.task_id, "--batch", "1").code == 0


@pytest.mark.parametrize("content", CORRUPT)
def test_assign_starts_afresh_over_a_corrupt_run_file(br: BatchRepo, content: bytes) -> None:
    (br.root / ".git" / "batchgate").mkdir(parents=True, exist_ok=True)
    (br.root / ".git" / "batchgate" / "run.json").write_bytes(content)
    result = br.cli("assign", br.task_id, "--json")
    assert result.code == 0, result
    assert result.json()["run"]["base"] == br.git.head()
    assert br.cli("status", br.task_id).code == 0, "the fresh run file reads again"


# (id, the record's git dir exists, the record holds agents, kept after a new assignment)
RECORDS = [
    ("ended-run-clone-deleted", False, False, False),
    ("active-run-clone-not-found", False, True, True),
    ("ended-run-clone-present", True, False, True),
]


def test_a_new_assignment_removes_the_records_of_deleted_clones(
    br: BatchRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    runs = state / "batchgate" / "runs"
    runs.mkdir(parents=True)
    for name, exists, active, _kept in RECORDS:
        git_dir = tmp_path / "clones" / name / ".git"
        if exists:
            git_dir.mkdir(parents=True)
        record = {"format": 1, "git_dir": str(git_dir), "active": active, "digests": []}
        (runs / f"{name}.json").write_text(json.dumps(record), encoding="utf-8")
        (runs / f"{name}.json.lock").touch()
    (runs / "garbage.json").write_bytes(b"\x00not json")
    assert br.cli("assign", br.task_id).code == 0
    left = {p.name for p in runs.iterdir()}
    for name, _exists, _active, kept in RECORDS:
        assert (f"{name}.json" in left) is kept, (name, left)
        assert (f"{name}.json.lock" in left) is kept, (name, left)
    assert "garbage.json" in left, "what cannot be read is left alone"
    assert Path(record_path(str(br.root / ".git" / "batchgate"))).exists(), "this clone's own record is written"
