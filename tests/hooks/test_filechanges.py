"""file_changes() and the referee's rules, without a hook process: what a command line would change.

Nothing here runs a command: the strings are only parsed. The hook tests
(test_referee_guard.py) play the same attacks through the real PreToolUse hook.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from batchgate.shell.expand import expand, literal_tail
from batchgate.shell.filechanges import file_changes
from batchgate.workflow.referee import Referee, leader_verb
from tests.hooks.support import ROOT


def changed(command: str) -> list[tuple[str, bool]]:
    """(path as typed, removes) for every change, in order."""
    found, error = file_changes(command)
    assert error is None, error
    return [(c.path, c.removes) for c in found]


CHANGES = [
    pytest.param("echo x > a", [("a", False)], id="redirect"),
    pytest.param("echo x >> a 2>&1", [("a", False)], id="append-and-fd-dup"),
    pytest.param("cmd &> log", [("log", False)], id="both-streams"),
    pytest.param("> f", [("f", False)], id="bare-redirection-truncates"),
    pytest.param("cmd 2>/dev/null", [], id="dev-null"),
    pytest.param("rm -rf -- a b", [("a", True), ("b", True)], id="rm"),
    pytest.param("mv a b", [("b", False), ("b/a", False), ("a", True)], id="mv"),
    pytest.param("cp -r a d/", [("d/", False), ("d/a", False)], id="cp-into-a-folder"),
    pytest.param("cp -t d a", [("d", False), ("d/a", False)], id="cp-target-directory"),
    pytest.param("ln -sf /dev/null s", [("s", False), ("s/null", False)], id="ln"),
    pytest.param("tee -a x y", [("x", False), ("y", False)], id="tee"),
    pytest.param("sed -i 's/a/b/' f", [("f", False)], id="sed-i"),
    pytest.param("sed -Ei.bak -e 's/a/b/' f g", [("f", False), ("g", False)], id="sed-cluster-and-script-option"),
    pytest.param("sed -n 's/a/b/p' f", [], id="sed-without-i-writes-nothing"),
    pytest.param("perl -pi -e 's/a/b/' f", [("f", False)], id="perl-pi"),
    pytest.param("chmod 600 f", [("f", False)], id="chmod-mode"),
    pytest.param("chmod -w f", [("f", False)], id="chmod-minus-w"),
    pytest.param("truncate -s 0 f", [("f", False)], id="truncate"),
    pytest.param("dd if=/dev/zero of=f", [("f", False)], id="dd"),
    pytest.param("find d -delete", [("d", True)], id="find-delete"),
    pytest.param("find d -name '*.pyc' -delete", [("d", False)], id="find-delete-with-a-test"),
    pytest.param("git checkout main -- a", [("main", False), ("a", False)], id="git-checkout"),
    pytest.param("git restore -s HEAD~1 a", [("a", False)], id="git-restore-source-value"),
    pytest.param("git rm -r --cached a", [("a", True)], id="git-rm"),
    pytest.param("cat a | grep b; ls -la", [], id="reading-changes-nothing"),
    pytest.param('python3 -c \'open("f", "w")\'', [], id="python-is-out-of-sight"),
    pytest.param("echo '> x' \"rm y\"", [], id="words-in-quotes"),
]


@pytest.mark.parametrize(("command", "expected"), CHANGES)
def test_what_a_command_changes(command: str, expected: list[tuple[str, bool]]) -> None:
    assert changed(command) == expected


def test_directories_follow_cd_and_git_dash_c() -> None:
    found, _ = file_changes("cd .git && rm -rf batchgate; git -C sub rm x")
    assert [(c.path, c.run.directory) for c in found] == [("batchgate", ".git"), ("x", ".git/sub")]  # cd lasts


EXPANSIONS = [
    pytest.param("~/x", "/h/x", id="tilde"),
    pytest.param("$HOME/x", "/h/x", id="variable"),
    pytest.param("${HOME}/x", "/h/x", id="braced-variable"),
    pytest.param("$(git rev-parse --git-dir)/batchgate", "/r/.git/batchgate", id="rev-parse"),
    pytest.param("`git  rev-parse --git-dir`/batchgate", "/r/.git/batchgate", id="backquoted-rev-parse"),
    pytest.param("$D/run.json", "/r/.git/run.json", id="variable-holding-a-substitution"),
    pytest.param("$NOPE/x", None, id="unknown-variable"),
    pytest.param("${HOME:-/tmp}/x", None, id="parameter-expansion"),
    pytest.param("$(cat f)/x", None, id="unknown-substitution"),
]


@pytest.mark.parametrize(("text", "expected"), EXPANSIONS)
def test_what_a_typed_path_stands_for(text: str, expected: str | None) -> None:
    variables = {"HOME": "/h", "D": "$(git rev-parse --git-dir)"}
    assert expand(text, variables, {"git rev-parse --git-dir": "/r/.git"}) == expected


def test_the_literal_end_of_an_unknown_path() -> None:
    assert literal_tail("$X/.claude/batchgate.yaml") == ".claude/batchgate.yaml"
    assert literal_tail("${A}/b/$(c)/d") == "d"


VERBS = [
    pytest.param(["batchgate", "complete", "T1"], "complete", id="batchgate"),
    pytest.param([".claude/batchgate/bin/batchgate", "-C", "..", "assign", "T1"], "assign", id="launcher--C"),
    pytest.param(["scripts/batchgate", "-C..", "fail", "T1"], "fail", id="checkout--Cdir"),
    pytest.param(["python3", "-m", "batchgate.cli.main", "complete"], "complete", id="python--m"),
    pytest.param(["python3.12", "-S", "scripts/batchgate", "run", "T1"], "run", id="python-script"),
    pytest.param(["sh", ".claude/batchgate/bin/batchgate", "fail"], "fail", id="sh-script"),
    pytest.param(["uv", "run", "--frozen", "batchgate", "complete"], "complete", id="uv-run"),
    pytest.param(["poetry", "run", "python", "-m", "batchgate", "assign"], "assign", id="poetry-run-python--m"),
    pytest.param(["uv", "run", "pytest", "batchgate", "complete"], None, id="uv-run-another-program"),
    pytest.param(["batchgate", "verify", "T1"], None, id="verify-is-not-the-leaders"),
    pytest.param(["batchgate", "status", "T1"], None, id="status"),
    pytest.param(["python3", "-c", "import batchgate"], None, id="python--c"),
    pytest.param(["echo", "batchgate", "complete"], None, id="echo"),
]


@pytest.mark.parametrize(("argv", "verb"), VERBS)
def test_the_leaders_verbs(argv: list[str], verb: str | None) -> None:
    assert leader_verb(tuple(argv)) == verb


# -- the run's rules decide what is protected ----------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A work tree with a git dir holding batchgate's state folder."""
    (tmp_path / ".git" / "batchgate").mkdir(parents=True)
    (tmp_path / ".claude" / "agents").mkdir(parents=True)
    return tmp_path


def referee(tree: Path, rules: dict[str, Any] | None) -> Referee:
    run: dict[str, Any] = {"batch_id": "1", **({"rules": rules} if rules is not None else {})}
    return Referee.of_run(run, str(tree / ".git" / "batchgate"), str(tree), str(tree))


RULES = [
    pytest.param(None, ".claude/agents/x.md", True, id="default-protects-agents"),
    pytest.param({"protect": []}, ".claude/agents/x.md", False, id="protect-empty-frees-agents"),
    pytest.param({"protect": []}, ".claude/batchgate.yaml", True, id="config-always-protected"),
    pytest.param({"protect": []}, ".claude/settings.local.json", True, id="settings-always-protected"),
    pytest.param({"protect": ["nx.json", "**/project.json"]}, "apps/web/project.json", True, id="configured-glob"),
    pytest.param({"protect": ["nx.json"]}, "lib/a.py", False, id="other-files-free"),
    pytest.param({"protect": ["**"]}, "task-tracking/T1/tasks.md", False, id="bookkeeping-stays-free"),
    pytest.param(
        {"protect": ["**"], "bookkeeping": ["plans/"]}, "task-tracking/T1/tasks.md", True, id="run-bookkeeping"
    ),
    pytest.param({"protect": "nonsense"}, ".claude/agents/x.md", True, id="malformed-rules-use-the-default"),
]


@pytest.mark.parametrize(("rules", "path", "protected"), RULES)
def test_the_runs_rules(tree: Path, rules: dict[str, Any] | None, path: str, protected: bool) -> None:
    judge = referee(tree, rules)
    assert (judge.file_problem(path, "Write") is not None) == protected
    assert (judge.bash_problem(f"echo x > {path}") is not None) == protected


def test_a_deleted_folder_holding_a_protected_file_is_protected(tree: Path) -> None:
    (tree / "apps" / "web").mkdir(parents=True)
    (tree / "apps" / "web" / "project.json").write_text("{}", encoding="utf-8")
    judge = referee(tree, {"protect": ["**/project.json"]})
    assert "apps/web/project.json" in (judge.bash_problem("rm -rf apps") or "")
    assert judge.bash_problem("rm -rf apps/web/src") is None


def test_the_guard_imports_only_the_standard_library() -> None:
    code = (
        "import sys; before = set(sys.modules); import batchgate.workflow.referee; "
        "new = sorted(set(sys.modules) - before); import json; print(json.dumps(new))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    foreign = {
        m for m in json.loads(out) if m.split(".")[0] not in sys.stdlib_module_names and m.split(".")[0] != "batchgate"
    }
    assert foreign == set()
    assert "batchgate.config" not in json.loads(out)  # the engine's config loader would pull PyYAML


def test_a_patch_named_by_a_fifo_is_not_read(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "p")  # opening it for reading would wait for a writer: the hook must not
    found, _ = file_changes("git apply p", str(tmp_path))
    assert found == []


def test_a_patch_file_names_its_paths(tmp_path: Path) -> None:
    (tmp_path / "x.patch").write_text("--- a/old.py\n+++ b/.claude/x.md\n", encoding="utf-8")
    found, _ = file_changes("git apply --index x.patch", str(tmp_path))
    assert [c.path for c in found] == ["old.py", ".claude/x.md"]
