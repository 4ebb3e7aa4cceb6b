"""`audit` on history written before batchgate: every recorded SHA checked, each problem named, no crash."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.batchrepo import BatchRepo, BatchSpec, TaskSpec, file_content, schema_errors


def _spec(batch_id: str, title: str, *files: str) -> BatchSpec:
    return BatchSpec(batch_id, title, (TaskSpec(f"{batch_id}.1", title, files),))


LEGACY_PLAN = (
    _spec("1", "Resolves", "lib/a.py"),
    _spec("2", "Unknown SHA", "lib/b.py"),
    _spec("3", "Unreachable", "lib/c.py"),
    _spec("4", "Did not touch its file", "lib/d.py"),
    _spec("5", "Complete without SHA", "lib/e.py"),
    _spec("6", "Still pending", "lib/f.py"),
    _spec("7", "A tree, not a commit", "lib/g.py"),
    _spec("8", "The root commit", "README.md"),
    _spec("9", "A path outside", "../x.py"),
)


def _complete(text: str, batch_id: str, sha: str | None) -> str:
    """Mark a batch (and its tasks) complete the way people did by hand, with an optional SHA."""
    text = re.sub(rf"^(## Batch {batch_id}: .*) ⏸️ PENDING$", r"\1 ✅ COMPLETE", text, flags=re.M)
    text = re.sub(rf"^(### Task {batch_id}\.1: .*) ⏸️ PENDING$", r"\1 ✅ COMPLETE", text, flags=re.M)
    if sha:
        text = re.sub(
            rf"^(## Batch {batch_id}: [^\n]*\n(?:[^\n#][^\n]*\n|\n)*?\*\*Dependencies\*\*: None)$",
            rf"\1\n**Git Commit**: `{sha}`",
            text,
            count=1,
            flags=re.M,
        )
    return text


def _legacy_repo(tmp_path: Path) -> tuple[BatchRepo, dict[str, str]]:
    br = BatchRepo.create(tmp_path, plan=LEGACY_PLAN)
    git = br.git
    root = git.head()
    for number in range(25):  # years of history, compressed
        git.write("CHANGELOG.md", f"release {number}\n")
        git.commit(f"chore: release {number}", "CHANGELOG.md")
    shas = {"root": root}
    for name in ("a", "d"):
        git.write(f"lib/{name}.py", file_content(f"lib/{name}.py"))
    shas["a"] = git.commit("feat: add a", "lib/a.py")
    git.git("switch", "-q", "-c", "abandoned")
    git.write("lib/c.py", file_content("lib/c.py"))
    shas["c"] = git.commit("feat: add c", "lib/c.py")
    git.git("switch", "-q", "main")
    git.git("branch", "-q", "-D", "abandoned")
    shas["d"] = git.commit("feat: add d", "lib/d.py")
    shas["tree"] = git.git("rev-parse", "HEAD^{tree}")
    text = br.plan_path.read_text(encoding="utf-8")
    for batch_id, sha in [
        ("1", shas["a"][:7]),
        ("2", "abcdef1"),
        ("3", shas["c"][:8]),
        ("4", shas["a"][:7]),
        ("5", None),
        ("7", shas["tree"][:10]),
        ("8", shas["root"]),
        ("9", shas["a"][:7]),
    ]:
        text = _complete(text, batch_id, sha)
    br.plan_path.write_text(text, encoding="utf-8")
    git.commit("docs: the plan as it was", str(br.plan_path.relative_to(br.root)))
    return br, shas


EXPECTED = {
    # batch: (verdict, words of a finding)
    "1": ("ok", None),
    "2": ("problem", "abcdef1 is unknown in this repository"),
    "3": ("problem", "is not reachable from HEAD"),
    "4": ("problem", "Task 4.1: lib/d.py was not changed by"),
    "5": ("problem", "marked complete, but no single commit SHA is recorded"),
    "6": ("ok", "no commit recorded (not complete)"),
    "7": ("problem", "is not a commit in this repository"),
    "8": ("ok", None),
    "9": ("could-not-check", "cannot be placed in the repository"),
}


def test_audit_reports_each_kind_of_recorded_history(tmp_path: Path) -> None:
    br, _ = _legacy_repo(tmp_path)
    result = br.cli("audit", br.task_id, "--json")
    assert result.code == 1, result
    data = result.json()
    assert schema_errors(data) == []
    assert data["verdict"] == "problem" and data["ok"] is False
    batches = {b["batch"]: b for b in data["tasks"][0]["batches"]}
    assert sorted(batches) == sorted(EXPECTED)
    for batch_id, (verdict, words) in EXPECTED.items():
        assert batches[batch_id]["verdict"] == verdict, (batch_id, batches[batch_id])
        if words:
            assert any(words in finding for finding in batches[batch_id]["findings"]), (batch_id, batches[batch_id])
    text = br.cli("audit", br.task_id)
    assert text.code == 1
    assert "1 plan(s), 9 batch(es), 5 with problems" in text.stdout


def test_audit_of_sound_history_passes(tmp_path: Path) -> None:
    br, shas = _legacy_repo(tmp_path)
    text = br.plan_path.read_text(encoding="utf-8")
    keep = text.split("\n---\n")[:2]  # the preamble and batch 1
    br.plan_path.write_text("\n---\n".join(keep) + "\n", encoding="utf-8")
    result = br.cli("audit", br.task_id, "--json")
    assert result.code == 0, result
    assert result.json()["verdict"] == "ok"
    assert result.json()["tasks"][0]["batches"][0]["commit"] == shas["a"][:7]


def test_audit_only_unchecked_exits_3(tmp_path: Path) -> None:
    plan = (_spec("1", "A path outside", "../x.py"),)
    br = BatchRepo.create(tmp_path, plan=plan)
    sha = br.git.head()
    br.plan_path.write_text(_complete(br.plan_path.read_text(encoding="utf-8"), "1", sha[:7]), encoding="utf-8")
    result = br.cli("audit", br.task_id)
    assert result.code == 3, result
    assert "could-not-check" in result.stdout


def test_audit_all_keeps_going_past_an_unreadable_plan(tmp_path: Path) -> None:
    br, _ = _legacy_repo(tmp_path)
    broken = br.root / "task-tracking" / "T0_BROKEN" / "tasks.md"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"\xff\xfe\x00\x00## Batch 1: \xc3\x28 broken \x00\n" * 50)
    empty = br.root / "task-tracking" / "T2_EMPTY" / "tasks.md"
    empty.parent.mkdir(parents=True)
    empty.write_bytes(b"")
    result = br.cli("audit", "--all", "--json")
    assert result.code == 1, result
    data = result.json()
    assert schema_errors(data) == []
    assert [t["task_id"] for t in data["tasks"]] == ["T0_BROKEN", "T1", "T2_EMPTY"]
    assert "looks binary" in data["tasks"][0]["error"]
    assert len(data["tasks"][1]["batches"]) == 9, "the readable plan is still audited"
    text = br.cli("audit", "--all")
    assert text.code == 1 and "1 plan(s) unreadable" in text.stdout


@pytest.mark.parametrize(
    ("args", "says"),
    [((), "audit needs TASK_ID(s) or --all"), (("NOPE",), "does not exist"), (("T1", "NOPE"), "NOPE/tasks.md")],
    ids=["nothing", "missing-plan", "one-plan-missing"],
)
def test_audit_without_a_plan_is_a_usage_error(br: BatchRepo, args: tuple[str, ...], says: str) -> None:
    result = br.cli("audit", *args)
    assert result.code == 2, result
    assert says in result.stderr and "fix:" in result.stderr
    assert result.stdout == ""


def test_audit_in_a_shallow_clone_cannot_check_what_is_missing(tmp_path: Path) -> None:
    br, _ = _legacy_repo(tmp_path)
    clone = tmp_path / "shallow"
    br.git.git("clone", "-q", "--depth", "1", f"file://{br.root}", str(clone))
    result = br.cli("-C", str(clone), "audit", br.task_id, "--json", cwd=tmp_path)
    data = result.json()
    assert schema_errors(data) == []
    batches = {b["batch"]: b for b in data["tasks"][0]["batches"]}
    assert batches["1"]["verdict"] == "could-not-check", batches["1"]
    assert "shallow clone" in batches["1"]["findings"][0]
