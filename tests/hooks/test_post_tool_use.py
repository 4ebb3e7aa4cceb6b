"""PostToolUse: record a commit made during the run; lint tasks.md after every edit of it."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.hooks.payloads import bash_input
from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo

EDITORS = ["Edit", "Write", "MultiEdit"]


def edit_input(tool: str, path: str) -> dict[str, Any]:
    """The editing tools' inputs, as Claude Code sends them."""
    if tool == "Write":
        return {"file_path": path, "content": "…"}
    if tool == "MultiEdit":
        return {"file_path": path, "edits": [{"old_string": "a", "new_string": "b"}]}
    return {"file_path": path, "old_string": "a", "new_string": "b", "replace_all": False}


def duplicate_task_id(br: BatchRepo) -> list[int]:
    """Give task 1.2 the id 1.1 (a lint error); the 1-based lines of both headings."""
    text = br.plan_path.read_text(encoding="utf-8").replace("### Task 1.2:", "### Task 1.1:")
    br.plan_path.write_text(text, encoding="utf-8")
    return [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("### Task 1.1:")]


# -- commits -----------------------------------------------------------------------


def test_commit_during_a_run_is_recorded_and_named(br: BatchRepo, active: Hooks) -> None:
    br.do_task_work()
    sha = br.commit_batch()
    run = active.post("Bash", bash_input(f"git add lib tests && git commit -m {br.commit_message()!r}"))
    assert run.code == 0 and not run.blocked, run.describe()
    assert f"commit {sha[:7]} recorded for batch 1 of T1" in run.context, run.describe()
    assert f"**Git Commit**: `{sha[:7]}`" in run.context
    assert active.run_file()["recorded_commits"] == [sha]  # type: ignore[index]


def test_the_same_commit_is_recorded_once(br: BatchRepo, active: Hooks) -> None:
    br.do_task_work()
    sha = br.commit_batch()
    assert active.post("Bash", bash_input("git commit -m x")).context
    again = active.post("Bash", bash_input("git commit -m x"))
    assert again.silent, again.describe()
    assert active.run_file()["recorded_commits"] == [sha]  # type: ignore[index]


@pytest.mark.parametrize(
    "command",
    [
        pytest.param("git status", id="not-a-commit"),
        pytest.param("echo git commit", id="echo-mentions-commit"),
        pytest.param("git commit --dry-run -m x", id="dry-run"),
    ],
)
def test_commands_that_make_no_commit_say_nothing(br: BatchRepo, active: Hooks, command: str) -> None:
    br.do_task_work()
    br.commit_batch()
    run = active.post("Bash", bash_input(command))
    assert run.code == 0 and run.silent, run.describe()
    assert active.run_file()["recorded_commits"] == []  # type: ignore[index]


def test_commit_that_left_head_at_the_base_says_nothing(active: Hooks) -> None:
    run = active.post("Bash", bash_input("git commit -m x"))
    assert run.code == 0 and run.silent, run.describe()


def test_commit_without_a_run_says_nothing(br: BatchRepo, hooks: Hooks) -> None:
    br.do_task_work()
    br.commit_batch()
    run = hooks.post("Bash", bash_input("git commit -m x"))
    assert run.code == 0 and run.silent, run.describe()
    assert hooks.run_file() is None


# -- tasks.md lint -------------------------------------------------------------------


@pytest.mark.parametrize("tool", EDITORS)
@pytest.mark.parametrize("with_run", [False, True], ids=["no-run", "run-active"])
def test_edit_of_tasks_md_with_a_lint_error_gives_the_line_numbers(br: BatchRepo, tool: str, with_run: bool) -> None:
    if with_run:
        br.assign()
    lines = duplicate_task_id(br)
    run = Hooks(br).post(tool, edit_input(tool, str(br.plan_path)))
    assert run.code == 0 and not run.blocked, run.describe()
    assert re.search(r"T1/tasks\.md: [1-9]\d* error\(s\)", run.context), run.describe()
    assert f"line {lines[1]}: error: task id 1.1 is used more than once" in run.context, run.describe()


@pytest.mark.parametrize("tool", EDITORS)
def test_edit_of_a_clean_tasks_md_says_nothing(br: BatchRepo, active: Hooks, tool: str) -> None:
    run = active.post(tool, edit_input(tool, str(br.plan_path)))
    assert run.code == 0 and run.silent, run.describe()


@pytest.mark.parametrize(
    "relative",
    [
        pytest.param("lib/greet.py", id="source-file"),
        pytest.param("task-tracking/T1/notes.md", id="other-file-in-task-tracking"),
        pytest.param("docs/tasks.md", id="tasks-md-outside-task-tracking"),
    ],
)
@pytest.mark.parametrize("tool", EDITORS)
def test_edit_of_other_files_says_nothing(br: BatchRepo, active: Hooks, tool: str, relative: str) -> None:
    duplicate_task_id(br)  # even while the real tasks.md has an error
    path = br.git.write(relative, "### Task 1.1: x\n### Task 1.1: y\n")
    run = active.post(tool, edit_input(tool, str(path)))
    assert run.code == 0 and run.silent, run.describe()


def test_edit_of_a_tasks_md_that_is_gone_says_so(br: BatchRepo, active: Hooks) -> None:
    path = br.root / "task-tracking" / "T9" / "tasks.md"
    run = active.post("Write", edit_input("Write", str(path)))
    assert run.code == 0 and not run.blocked, run.describe()
    assert "cannot be read after this edit" in run.context, run.describe()
