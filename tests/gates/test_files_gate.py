"""The files gate: every batch file real, inside the repository, in the batch commit and changed by it."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, BatchSpec, TaskSpec, file_content, gate, said


@dataclass(frozen=True)
class Case:
    """A scenario from the assignment on, and what the files gate must say."""

    id: str
    arrange: Callable[[BatchRepo], None]
    verdict: Verdict
    says: str


def _finish(br: BatchRepo, sha: str) -> None:
    br.mark_implemented()
    br.record_sha(sha[:7])


def _honest(br: BatchRepo) -> None:
    br.honest_work()


def _never_committed(br: BatchRepo) -> None:
    br.do_task_work()
    _finish(br, br.commit_batch(paths=["lib/greet.py"]))


def _deleted_after_commit(br: BatchRepo) -> None:
    br.honest_work()
    (br.root / "tests" / "test_greet.py").unlink()


def _stub(content: str) -> Callable[[BatchRepo], None]:
    def arrange(br: BatchRepo) -> None:
        br.do_task_work()
        br.git.write("tests/test_greet.py", content)
        _finish(br, br.commit_batch())

    return arrange


def _stub_committed_then_filled(br: BatchRepo) -> None:
    _stub("")(br)
    br.git.write("tests/test_greet.py", file_content("tests/test_greet.py"))


def _emptied_after_commit(br: BatchRepo) -> None:
    br.honest_work()
    br.git.write("tests/test_greet.py", " \n")


def _not_a_file(br: BatchRepo) -> None:
    br.do_task_work()
    sha = br.commit_batch()
    _finish(br, sha)
    (br.root / "tests" / "test_greet.py").unlink()
    (br.root / "tests" / "test_greet.py").mkdir()


def _symlink_out(br: BatchRepo) -> None:
    outside = br.root.parent / "outside.py"
    outside.write_text(file_content("outside.py"), encoding="utf-8")
    br.do_task_work(only=["lib/greet.py"])
    (br.root / "tests").mkdir(exist_ok=True)
    os.symlink(outside, br.root / "tests" / "test_greet.py")
    _finish(br, br.commit_batch())


def _symlink_inside(br: BatchRepo) -> None:
    br.do_task_work(only=["lib/greet.py"])
    (br.root / "tests").mkdir(exist_ok=True)
    os.symlink(os.path.join("..", "lib", "greet.py"), br.root / "tests" / "test_greet.py")
    _finish(br, br.commit_batch())


CASES = [
    Case("passes: every file committed", _honest, Verdict.PASSED, "all 2 file(s) exist"),
    Case("passes: a symlink that stays inside", _symlink_inside, Verdict.PASSED, "all 2 file(s) exist"),
    Case("fails: a file never committed", _never_committed, Verdict.FAILED, "tests/test_greet.py: not in batch commit"),
    Case("fails: a file gone from the working tree", _deleted_after_commit, Verdict.FAILED, "missing from the working"),
    Case("fails: an empty stub", _stub(""), Verdict.FAILED, "empty or only whitespace (a stub)"),
    Case("fails: a whitespace-only stub", _stub("  \n\t\n\n"), Verdict.FAILED, "empty or only whitespace (a stub)"),
    Case(
        "fails: committed empty, filled in later",
        _stub_committed_then_filled,
        Verdict.FAILED,
        "committed empty or only whitespace",
    ),
    Case(
        "fails: emptied in the working tree after the commit",
        _emptied_after_commit,
        Verdict.FAILED,
        "tests/test_greet.py: is empty or only whitespace (a stub)",
    ),
    Case("fails: a directory where the file should be", _not_a_file, Verdict.FAILED, "is not a regular file"),
    Case("fails: a symlink leading out", _symlink_out, Verdict.FAILED, "leads outside the repository"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_files_gate(br: BatchRepo, case: Case) -> None:
    br.assign()
    case.arrange(br)
    report = br.verify()
    result = gate(report, "files")
    assert result.verdict == case.verdict, said(result)
    assert case.says.lower() in said(result)
    if case.verdict == Verdict.FAILED:
        assert report.exit_code == 1 and result.fix


def test_a_file_the_batch_commit_did_not_change(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path, files={"tests/test_greet.py": file_content("tests/test_greet.py")})
    br.assign()
    br.do_task_work(only=["lib/greet.py"])
    _finish(br, br.commit_batch(paths=["lib/greet.py"]))
    result = gate(br.verify(), "files")
    assert result.verdict == Verdict.FAILED
    assert "tests/test_greet.py: not changed by batch commit" in said(result)


OUTSIDE = [
    pytest.param("../outside.py", "leads outside the repository", id="dot-dot"),
    pytest.param("lib/../../outside.py", "leads outside the repository", id="dot-dot-inside-the-path"),
    pytest.param("/etc/passwd", "cannot be placed inside the repository", id="absolute"),
    pytest.param("~/.bashrc", "home-folder path", id="home-folder"),
]


@pytest.mark.parametrize(("path", "says"), OUTSIDE)
def test_a_path_outside_the_repository_fails_the_gate(tmp_path: Path, path: str, says: str) -> None:
    plan = (BatchSpec("1", "Escape", (TaskSpec("1.1", "Write outside", ("lib/greet.py", path)),)),)
    br = BatchRepo.create(tmp_path, plan=plan)
    (tmp_path / "outside.py").write_text(file_content("outside.py"), encoding="utf-8")
    br.do_task_work(only=["lib/greet.py"])
    sha = br.commit_batch(paths=["lib/greet.py"])
    br.mark_implemented()
    br.record_sha(sha[:7])
    report = br.verify("1")  # no run: assign refuses such a plan (tests/workflow/test_assign.py)
    result = gate(report, "files")
    assert result.verdict == Verdict.FAILED, said(result)
    assert path in said(result) and says in said(result)
    assert report.exit_code == 1


def test_a_path_into_the_git_directory_fails_the_gate(tmp_path: Path) -> None:
    plan = (BatchSpec("1", "Hooks", (TaskSpec("1.1", "Write a hook", ("lib/greet.py", ".git/config")),)),)
    br = BatchRepo.create(tmp_path, plan=plan)
    br.assign()
    br.do_task_work(only=["lib/greet.py"])
    _finish(br, br.commit_batch(paths=["lib/greet.py"]))
    result = gate(br.verify(), "files")
    assert result.verdict == Verdict.FAILED
    assert ".git/config: is inside the .git directory" in said(result)


def test_without_a_batch_commit_the_files_gate_does_not_pass(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    result = gate(br.verify(), "files")
    assert result.verdict == Verdict.COULD_NOT_CHECK, said(result)
    assert "no batch commit" in said(result)


SWAP = (
    BatchSpec(
        "1",
        "Swap",
        (TaskSpec("1.1", "Remove the old module", ("lib/old.py",)), TaskSpec("1.2", "Add the new", ("lib/new.py",))),
    ),
)


@pytest.mark.parametrize("really_delete", [True, False], ids=["deleted", "still-there"])
def test_a_file_marked_for_deletion_must_be_gone(tmp_path: Path, really_delete: bool) -> None:
    br = BatchRepo.create(tmp_path, plan=SWAP, files={"lib/old.py": file_content("lib/old.py")})
    br.plan_path.write_text(
        br.plan_path.read_text(encoding="utf-8").replace("`lib/old.py` **[NEW]**", "`lib/old.py` **[DELETE]**"),
        encoding="utf-8",
    )
    br.git.commit("docs(tasks): the old module goes")
    br.assign()
    if really_delete:
        br.git.git("rm", "-q", "lib/old.py")
    br.do_task_work(only=["lib/new.py"])
    br.git.git("add", "lib/new.py")
    br.git.git("commit", "-q", "-m", br.commit_message())
    _finish(br, br.git.head())
    result = gate(br.verify(), "files")
    if really_delete:
        assert result.verdict == Verdict.PASSED, said(result)
    else:
        assert result.verdict == Verdict.FAILED
        assert "lib/old.py: marked for deletion but still in the working tree" in said(result)
        assert "lib/old.py: marked for deletion but still in batch commit" in said(result)


def test_a_file_dropped_from_the_plan_after_assignment_is_still_required(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work(only=["lib/greet.py"])
    _finish(br, br.commit_batch(paths=["lib/greet.py"]))
    text = br.plan_path.read_text(encoding="utf-8")
    br.plan_path.write_text(text.replace("**File(s)**: `tests/test_greet.py` **[NEW]**", ""), encoding="utf-8")
    report = br.verify()
    assert not report.ok
    assert "tests/test_greet.py: removed from tasks.md after the batch was assigned" in said(gate(report, "files"))
