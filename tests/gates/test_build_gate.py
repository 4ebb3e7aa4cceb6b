"""The build gate: the configured build passes, as argv, in the repository root, within its timeout."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, alive, gate, said


def _configure(br: BatchRepo, build: dict[str, Any]) -> None:
    br.write_config({"build": build})
    br.git.commit("chore: build config", ".claude/batchgate.yaml")


def _verified_except_build(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()


def test_passes_and_runs_in_the_repository_root(br: BatchRepo) -> None:
    _verified_except_build(br)
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
    _configure(br, {"command": ["python3", "-c", f"import sys; print('broken'); sys.exit({code})"]})
    _verified_except_build(br)
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.FAILED
    assert f"exit code {code}" in said(result) and "broken" in said(result)
    assert report.exit_code == 1


@pytest.mark.parametrize("variant", ["exits-on-sigterm", "ignore-term"])
def test_a_hanging_build_is_killed_with_its_children(br: BatchRepo, variant: str) -> None:
    _configure(br, {"command": ["python3", str(br.tools / "hang.py"), variant], "timeout_s": 2})
    _verified_except_build(br)
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
    _configure(br, {"command": command})
    _verified_except_build(br)
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.COULD_NOT_CHECK
    assert "not found on path" in said(result) and "build.command" in said(result)
    assert report.exit_code == 3


def test_a_build_tool_missing_from_path_exits_3_through_the_cli(br: BatchRepo) -> None:
    _verified_except_build(br)
    only_git = br.home / "bin"
    only_git.mkdir()
    (only_git / "git").symlink_to(shutil.which("git") or "/usr/bin/git")
    result = br.cli("verify", br.task_id, env={"PATH": str(only_git)})  # git, but no python3
    assert result.code == 3, result
    assert "not found on PATH" in result.stdout


def test_a_disabled_build_is_skipped_not_passed(br: BatchRepo) -> None:
    _configure(br, {"enabled": False})
    _verified_except_build(br)
    report = br.verify()
    assert gate(report, "build").verdict == Verdict.SKIPPED
    assert report.ok and br.builds() == []


INJECTIONS = [
    pytest.param("x; touch {pwned}", id="semicolon"),
    pytest.param("$(touch {pwned})", id="command-substitution"),
    pytest.param("`touch {pwned}`", id="backticks"),
    pytest.param("x && touch {pwned}", id="and-list"),
    pytest.param("x | tee {pwned}", id="pipe"),
    pytest.param("x\ntouch {pwned}", id="newline"),
    pytest.param("--output={pwned}", id="option-with-value"),
    pytest.param("-rf", id="leading-dash-option"),
]


@pytest.mark.parametrize("name", INJECTIONS)
def test_a_project_name_that_injects_a_command_runs_nothing(tmp_path: Path, name: str) -> None:
    pwned = tmp_path / "PWNED"
    project = json.dumps({"name": name.format(pwned=pwned)})
    br = BatchRepo.create(tmp_path, files={"lib/project.json": project, "tests/project.json": project})
    _configure(br, br.build_config("{project}"))
    _verified_except_build(br)
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.FAILED, said(result)
    assert "not a plain name" in said(result)
    assert report.exit_code == 1
    assert br.builds() == [], "the build must not run with a rejected project name"
    assert not pwned.exists()
    assert not (br.root / "pwned").exists()


NX_FILES = {
    "project.json": json.dumps({"name": "workspace-root"}),
    "lib/project.json": json.dumps({"name": "greet-lib"}),
    "tests/project.json": json.dumps({"name": "greet-tests"}),
}


def test_each_project_the_batch_spans_is_built(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path, files=NX_FILES)
    _configure(br, br.build_config("{project}"))
    _verified_except_build(br)
    report = br.verify()
    assert gate(report, "build").verdict == Verdict.PASSED, said(gate(report, "build"))
    assert sorted(args for _, args in br.builds()) == ["greet-lib", "greet-tests"], "nearest project.json wins"


def test_a_project_json_without_a_name_is_named_after_its_folder(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path, files={"lib/project.json": "{}", "tests/project.json": '{"name": "t"}'})
    _configure(br, br.build_config("{project}"))
    _verified_except_build(br)
    assert br.verify().ok
    assert sorted(args for _, args in br.builds()) == ["lib", "t"]


def test_the_configured_project_map_is_used(br: BatchRepo) -> None:
    _configure(br, {**br.build_config("{project}"), "projects": {"lib/": "api", "tests/": "api-tests", "li": "x"}})
    _verified_except_build(br)
    assert br.verify().ok
    assert sorted(args for _, args in br.builds()) == ["api", "api-tests"], "the longest prefix wins"


@pytest.mark.parametrize(
    ("projects", "says"),
    [("nx", "no project.json above the batch's files"), ({"web/": "web"}, "no build.projects prefix matches")],
    ids=["nx-without-project-json", "map-without-a-match"],
)
def test_no_project_found_could_not_check(br: BatchRepo, projects: object, says: str) -> None:
    _configure(br, {**br.build_config("{project}"), "projects": projects})
    _verified_except_build(br)
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.COULD_NOT_CHECK
    assert says in said(result)
    assert report.exit_code == 3 and br.builds() == []


def test_an_unchanged_tree_is_not_rebuilt(br: BatchRepo) -> None:
    _verified_except_build(br)
    assert br.verify().ok
    second = br.verify()
    assert second.ok
    assert "cached result" in said(gate(second, "build"))
    assert len(br.builds()) == 1, "the second verify ran the build again"


def test_an_uncommitted_change_rebuilds(br: BatchRepo) -> None:
    _verified_except_build(br)
    assert br.verify().ok
    br.git.write("README.md", "# an uncommitted change\n")
    assert gate(br.verify(), "build").verdict == Verdict.PASSED
    assert len(br.builds()) == 2
    br.git.write("notes/new-file.txt", "an untracked file\n")
    br.verify()
    assert len(br.builds()) == 3
    br.verify()
    assert len(br.builds()) == 3, "the changed tree, unchanged since, is cached again"


def test_a_changed_command_rebuilds(br: BatchRepo) -> None:
    _verified_except_build(br)
    assert br.verify().ok
    br.write_config({"build": br.build_config("--again")})
    br.verify()
    assert [args for _, args in br.builds()] == ["", "--again"]


def test_a_failed_build_on_an_unchanged_tree_is_not_rerun(br: BatchRepo) -> None:
    _configure(br, br.build_config())
    br.assign()
    br.do_task_work()
    br.git.write("lib/greet.py", "def broken(:\n")
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])
    first, second = br.verify(), br.verify()
    assert gate(first, "build").verdict == gate(second, "build").verdict == Verdict.FAILED
    assert len(br.builds()) == 1
    assert "syntaxerror" in said(gate(second, "build")), "the cached failure keeps its output"


def test_an_unreadable_project_json_fails_with_its_own_fix(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path, files={"lib/project.json": "{not json", "tests/project.json": '{"name": "t"}'})
    _configure(br, br.build_config("{project}"))
    _verified_except_build(br)
    result = gate(br.verify(), "build")
    assert result.verdict == Verdict.FAILED
    assert "lib/project.json cannot be read" in said(result)
    assert "fix the json of each project.json" in said(result)
    assert br.builds() == []


def test_a_hanging_build_exits_3_through_the_cli(br: BatchRepo) -> None:
    _configure(br, {"command": ["python3", str(br.tools / "hang.py")], "timeout_s": 2})
    _verified_except_build(br)
    result = br.cli("verify", br.task_id)
    assert result.code == 3, result
    assert "timed out after 2 s and was killed" in result.stdout
    parent, child = (int(pid) for pid in (br.tools / "pids.txt").read_text(encoding="utf-8").split())
    deadline = time.monotonic() + 5
    while (alive(parent) or alive(child)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(parent) and not alive(child)
