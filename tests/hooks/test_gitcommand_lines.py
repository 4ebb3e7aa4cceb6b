"""analyze(): whole command lines — look-alikes, sequences, substitutions, directories, parse errors.

Nothing here runs a command: the strings are only parsed (one test proves no process starts).
"""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from batchgate.shell.gitcommand import CommandAnalysis, analyze, describe
from tests.hooks.gitcases import flags, only

ROOT = Path(__file__).resolve().parents[2]

NO_GIT = [
    pytest.param('echo "git commit --no-verify"', id="echo a quoted git command"),
    pytest.param("echo git commit -n", id="echo git words"),
    pytest.param('grep -r "no-verify" .', id="grep for no-verify"),
    pytest.param("printf '%s\\n' 'git commit -n'", id="printf"),
    pytest.param("cat <<EOF\ngit commit -n\nEOF", id="heredoc body is data"),
    pytest.param("cat <<'EOF'\n$(git commit -n)\nEOF", id="quoted heredoc delimiter keeps substitution data"),
    pytest.param("cat <<-EOF\n\tgit commit -n\n\tEOF\necho done", id="tab-stripping heredoc"),
    pytest.param("# git commit -n", id="comment line"),
    pytest.param("ls # ; git commit -n", id="comment after a command"),
    pytest.param("echo '$(git commit -n)'", id="single-quoted substitution"),
    pytest.param('echo "\\$(git commit -n)"', id="escaped dollar"),
    pytest.param("echo \\`git commit -n\\`", id="escaped backquotes"),
    pytest.param("gitk --all", id="gitk"),
    pytest.param("legit commit -n", id="legit"),
    pytest.param("command -v git", id="command -v looks git up"),
    pytest.param("which git && type git", id="which and type"),
    pytest.param("man git-commit", id="man page"),
    pytest.param('MSG="git commit -n"', id="assignment value"),
    pytest.param('"FOO=1" git commit -n', id="quoted assignment is the program"),
    pytest.param("bash script.sh", id="script file is out of sight"),
    pytest.param("python -c 'import os'", id="other interpreter"),
    pytest.param(": git commit -n", id="colon builtin"),
]


@pytest.mark.parametrize("command", NO_GIT)
def test_look_alikes_run_no_git(command: str) -> None:
    result = analyze(command)
    assert result.invocations == ()
    assert result.parse_error is None


SEQUENCES = [
    pytest.param(
        'git status && git commit -m "fix -n flag" && git push',
        [("status", ""), ("commit", "commit"), ("push", "")],
        id="and-chain",
    ),
    pytest.param(
        "git add -A; git commit -n || git commit --amend",
        [("add", ""), ("commit", "bypass commit"), ("commit", "rewrite commit")],
        id="semicolon and or",
    ),
    pytest.param("git log | head\ngit reset --hard HEAD~1", [("log", ""), ("reset", "rewrite")], id="pipe and newline"),
    pytest.param("echo $(git commit -n)", [("commit", "bypass commit")], id="substitution"),
    pytest.param(
        'git commit -m "$(git log -1 --format=%s)" --amend',
        [("log", ""), ("commit", "rewrite commit")],
        id="substitution runs before its command",
    ),
    pytest.param("(git commit -n) && git push -f", [("commit", "bypass commit"), ("push", "rewrite")], id="subshell"),
    pytest.param(
        "while read x; do git commit -n; done < <(git log)",
        [("commit", "bypass commit"), ("log", "")],
        id="process substitution target",
    ),
    pytest.param(
        "git commit -m \"$(cat <<'EOF'\nfix: thing --no-verify\nEOF\n)\"",
        [("commit", "commit")],
        id="heredoc message inside a substitution",
    ),
    pytest.param("git --version; git; git help commit", [(None, ""), (None, ""), ("help", "")], id="no subcommand"),
]


@pytest.mark.parametrize(("command", "expected"), SEQUENCES)
def test_every_invocation_in_order(command: str, expected: list[tuple[str | None, str]]) -> None:
    result = analyze(command)
    assert result.parse_error is None
    assert [(i.subcommand, flags(i)) for i in result.invocations] == [(s, set(f.split())) for s, f in expected]


SUBSTITUTIONS = [
    pytest.param("echo $(git commit -n)", id="dollar-paren"),
    pytest.param("echo `git commit -n`", id="backquotes"),
    pytest.param('echo "$(git commit -n)"', id="inside double quotes"),
    pytest.param("diff <(git commit -n) x", id="process substitution"),
    pytest.param("x=$((git commit -n) )", id="dollar-paren of a subshell"),
    pytest.param("echo ${x:-$(git commit -n)}", id="inside a parameter default"),
    pytest.param("cat <<EOF\n$(git commit -n)\nEOF", id="unquoted heredoc body"),
    pytest.param('echo "`git commit -n`"', id="backquotes in double quotes"),
]


@pytest.mark.parametrize("command", SUBSTITUTIONS)
def test_git_in_a_substitution_runs(command: str) -> None:
    inv = only(command)
    assert (inv.subcommand, inv.in_substitution, inv.no_verify) == ("commit", True, True)


DIRECTORIES = [
    pytest.param("cd sub && git commit -m x", ["sub"], id="cd and"),
    pytest.param("cd sub; git commit -m x", ["sub"], id="cd semicolon"),
    pytest.param("cd a && cd b && git commit -m x", ["a/b"], id="cd twice"),
    pytest.param('cd "my dir" && git commit -m x', ["my dir"], id="quoted dir"),
    pytest.param("cd /abs && git -C rel commit -m x", ["/abs/rel"], id="cd then -C"),
    pytest.param("git -C a -C b commit -m x", ["a/b"], id="-C twice"),
    pytest.param("git -C /repo commit -m x", ["/repo"], id="-C absolute"),
    pytest.param("cd a || git commit -m x", [None], id="or-branch runs only when cd failed"),
    pytest.param("cd a || exit 1; git commit -m x", ["a"], id="cd or exit"),
    pytest.param("cd a | git commit -m x", [None], id="cd in a pipeline"),
    pytest.param("cd a & git commit -m x", [None], id="cd in the background"),
    pytest.param("true | cd a; git commit -m x", [None], id="cd after a pipe"),
    pytest.param("(cd a && git commit -m x); git commit -m y", ["a", None], id="cd inside a subshell"),
    pytest.param("cd ~ && git commit -m x", ["~"], id="home"),
    pytest.param("cd && git commit -m x", ["~"], id="bare cd"),
    pytest.param("env -C dir git commit -m x", ["dir"], id="env -C"),
    pytest.param("git commit -m x", [None], id="unchanged"),
]


@pytest.mark.parametrize(("command", "expected"), DIRECTORIES)
def test_effective_directory(command: str, expected: list[str | None]) -> None:
    assert [i.directory for i in analyze(command).invocations] == expected


def test_env_assignments_are_reported() -> None:
    inv = only("GIT_DIR=x FOO='a b' git commit -m x")
    assert ("GIT_DIR", "x") in inv.env
    assert ("FOO", "a b") in inv.env
    assert not inv.bypasses_hooks


def test_exports_reach_later_commands_but_not_out_of_subshells() -> None:
    result = analyze("(export A=1); export B=2; C=3; unset C; git commit -m x")
    assert dict(result.invocations[0].env) == {"B": "2"}


def test_parts_of_an_invocation() -> None:
    inv = only("sudo git --no-pager -c core.hooksPath=/dev/null -C repo commit -m 'a b' --amend")
    assert inv.subcommand == "commit"
    assert inv.global_options == ("--no-pager", "-c", "core.hooksPath=/dev/null", "-C", "repo")
    assert inv.args == ("-m", "a b", "--amend")
    assert inv.options == (("-m", "a b"), ("--amend", None))
    assert (inv.directory, inv.wrappers, inv.program) == ("repo", ("sudo",), "git")
    assert (inv.amend, inv.rewrites_history, inv.bypasses_hooks) == (True, True, True)


def test_wrappers_are_listed_outermost_first() -> None:
    inv = only("sudo env FOO=1 bash -c 'nice git commit -n'")
    assert inv.wrappers == ("sudo", "env", "bash", "nice")
    assert ("FOO", "1") in inv.env


UNPARSEABLE = [
    pytest.param('git commit -m "oops --no-verify', "commit", False, id="unterminated double quote"),
    pytest.param("git commit -n; echo 'oops", "commit", True, id="unterminated single quote after"),
    pytest.param("echo $(git commit -n", "commit", True, id="unterminated substitution"),
    pytest.param("echo `git commit -n", "commit", True, id="unterminated backquote"),
    pytest.param("git commit -n )", "commit", True, id="unbalanced paren"),
    pytest.param("git push -f > ", "push", False, id="redirection without target"),
]


@pytest.mark.parametrize(("command", "subcommand", "no_verify"), UNPARSEABLE)
def test_unparseable_lines_report_an_error_and_a_best_effort(command: str, subcommand: str, no_verify: bool) -> None:
    result = analyze(command)
    assert result.parse_error
    assert [(i.subcommand, i.no_verify) for i in result.invocations] == [(subcommand, no_verify)]


DESCRIPTIONS = [
    pytest.param("git commit -n", "git commit -n (skips the pre-commit and commit-msg hooks)", id="no-verify"),
    pytest.param("git commit -m 'a b'", "git commit -m 'a b' (creates a commit)", id="plain commit quotes args"),
    pytest.param("cd x && git push -f", "git push -f (force-pushes (rewrites the remote's history); in x)", id="push"),
    pytest.param("HUSKY=0 git commit -m x", "git commit -m x (HUSKY=0 disables hooks)", id="husky"),
    pytest.param("echo $(git status)", "git status (inside a command substitution)", id="substitution"),
    pytest.param("git log", "git log", id="nothing to say"),
]


@pytest.mark.parametrize(("command", "text"), DESCRIPTIONS)
def test_describe(command: str, text: str) -> None:
    assert describe(only(command)) == text


def test_commits_and_flagged_views() -> None:
    result = analyze("git commit -m a && git commit --amend -m b && git log")
    assert [i.args[-1] for i in result.commits] == ["a", "b"]
    assert [i.args[-1] for i in result.flagged] == ["b"]


def test_nothing_is_executed(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("analyze() started a process")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(os, "execv", refuse)
    result = analyze("rm -rf / && git reset --hard HEAD~9 && $(git push -f) && bash -c 'git commit -n'")
    assert [i.subcommand for i in result.invocations] == ["reset", "push", "commit"]


def test_imports_only_the_standard_library() -> None:
    code = (
        "import sys; before = set(sys.modules); import batchgate.shell.gitcommand; "
        "new = sorted(set(sys.modules) - before); import json; print(json.dumps(new))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out))
    ours = {"batchgate", "batchgate.shell"} | {
        f"batchgate.shell.{m}" for m in ("gitcommand", "gitoptions", "shellcommand", "shellwords")
    }
    assert "batchgate.shell.gitcommand" in loaded
    assert {m for m in loaded if m.split(".")[0] not in sys.stdlib_module_names} == ours


SHELLISH = st.text(alphabet=list("git commt-nv'\"$()`\\;&|<>#{}\n\t=~*!-C/ab"), max_size=120)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(max_size=200), SHELLISH))
def test_garbage_never_raises(text: str) -> None:
    result = analyze(text)
    assert isinstance(result, CommandAnalysis)
    assert result.parse_error is None or isinstance(result.parse_error, str)
    for inv in result.invocations:
        describe(inv)
        assert inv.program.rsplit("/", 1)[-1].startswith("git")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_single_quoted_message_is_data(message: str) -> None:
    inv = only(f"git commit -m {shlex.quote(message)}")
    assert inv.args == ("-m", message)
    assert (inv.no_verify, inv.is_commit) == (False, True)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_double_quoted_message_is_data(message: str) -> None:
    escaped = "".join("\\" + c if c in '\\"$`' else c for c in message)
    inv = only(f'git commit -n -m "{escaped}"')
    assert inv.args == ("-n", "-m", message)
    assert (inv.no_verify, inv.is_commit) == (True, True)
