"""The build gate: the configured build passes, as argv, in the repository root, within its timeout."""

from __future__ import annotations

import shutil
import time

import pytest

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, alive, gate, said


def test_passes_and_runs_in_the_repository_root(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    report = br.verify()
    assert gate(report, "build").verdict == Verdict.PASSED
    assert report.ok and report.exit_code == 0
    assert br.builds() == [(str(br.root), "")]


def test_a_failing_build_fails(br: BatchRepo) -> None:
    br.assign()
    br.do_task_work()
    br.git.write("lib/greet.py", "def greet(:\n    return 1\n")
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.FAILED
    assert "exit code 1" in said(result)
    assert "syntaxerror" in said(result), "the output tail is kept"
    assert report.exit_code == 1


@pytest.mark.parametrize("code", [1, 2, 127], ids=lambda c: f"exit-{c}")
def test_a_non_zero_exit_fails(br: BatchRepo, code: int) -> None:
    br.configure_build({"command": ["python3", "-c", f"import sys; print('broken'); sys.exit({code})"]})
    br.assign()
    br.honest_work()
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.FAILED
    assert f"exit code {code}" in said(result) and "broken" in said(result)
    assert report.exit_code == 1


@pytest.mark.parametrize("variant", ["exits-on-sigterm", "ignore-term"])
def test_a_hanging_build_is_killed_with_its_children(br: BatchRepo, variant: str) -> None:
    br.configure_build({"command": ["python3", str(br.tools / "hang.py"), variant], "timeout_s": 2})
    br.assign()
    br.honest_work()
    started = time.monotonic()
    report = br.verify()
    elapsed = time.monotonic() - started
    result = gate(report, "build")
    assert result.verdict == Verdict.COULD_NOT_CHECK, said(result)
    assert "timed out after 2 s and was killed" in said(result)
    assert report.exit_code == 3 and report.verdict == "could-not-check"
    assert elapsed < 20
    parent, child = (int(pid) for pid in (br.tools / "pids.txt").read_text(encoding="utf-8").split())
    deadline = time.monotonic() + 5
    while (alive(parent) or alive(child)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(parent), "the build process survived its timeout"
    assert not alive(child), "a child the build spawned survived the timeout"


@pytest.mark.parametrize(
    "command",
    [["batchgate-no-such-build-tool", "build"], ["./tools/no-such-script.sh"]],
    ids=["not-on-path", "missing-relative-path"],
)
def test_a_missing_build_tool_could_not_check(br: BatchRepo, command: list[str]) -> None:
    br.configure_build({"command": command})
    br.assign()
    br.honest_work()
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.COULD_NOT_CHECK
    assert "not found on path" in said(result) and "build.command" in said(result)
    assert report.exit_code == 3


def test_a_build_tool_missing_from_path_exits_3_through_the_cli(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    only_git = br.home / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    result = br.cli("verify", br.task_id, env={"PATH": str(only_git)})  # git, but no python3
    assert result.code == 3, result
    assert "not found on PATH" in result.stdout


def test_a_disabled_build_is_skipped_not_passed(br: BatchRepo) -> None:
    br.configure_build({"enabled": False})
    br.assign()
    br.honest_work()
    report = br.verify()
    assert gate(report, "build").verdict == Verdict.SKIPPED
    assert report.ok and br.builds() == []


def test_a_hanging_build_exits_3_through_the_cli(br: BatchRepo) -> None:
    br.configure_build({"command": ["python3", str(br.tools / "hang.py")], "timeout_s": 2})
    br.assign()
    br.honest_work()
    result = br.cli("verify", br.task_id)
    assert result.code == 3, result
    assert "timed out after 2 s and was killed" in result.stdout
    parent, child = (int(pid) for pid in (br.tools / "pids.txt").read_text(encoding="utf-8").split())
    deadline = time.monotonic() + 5
    while (alive(parent) or alive(child)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(parent) and not alive(child)
