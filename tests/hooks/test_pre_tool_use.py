"""PreToolUse (Bash): no hook bypass, no rewriting of protected commits, one batch commit."""

from __future__ import annotations

import pytest

from tests.hooks.payloads import tool_payload
from tests.hooks.support import HookRun, Hooks, assert_denied
from tests.support.batchrepo import BatchRepo, file_content

AGENTS = [
    pytest.param(None, id="team-leader"),
    pytest.param("backend-developer", id="developer"),
    pytest.param("Explore", id="explore"),
]

BYPASSES = [
    pytest.param("git commit --no-verify -m x", id="--no-verify"),
    pytest.param("git commit -n -m x", id="-n"),
    pytest.param('git commit -anm "x"', id="-anm"),
    pytest.param("FOO=1 git commit -n -m x", id="env-prefix"),
    pytest.param("cd sub && git commit --no-verify -m x", id="cd-chain"),
    pytest.param("git -c core.hooksPath=/dev/null commit -m x", id="core.hooksPath"),
    pytest.param("git status; git commit -m x --no-verify", id="second-in-a-sequence"),
    pytest.param("HUSKY=0 git commit -m x", id="HUSKY=0"),
]

HARMLESS = [
    pytest.param('git commit -m "mention --no-verify in text"', id="message-mentions-no-verify"),
    pytest.param("echo git commit -n", id="echo"),
    pytest.param("git log -n 3", id="log-n"),
    pytest.param("git status", id="status"),
    pytest.param("grep -rn 'no-verify' docs", id="grep"),
    pytest.param("ls -la", id="no-git"),
]


def assert_allowed(run: HookRun) -> None:
    assert run.code == 0 and not run.denied and run.silent, run.describe()


@pytest.mark.parametrize("command", BYPASSES)
def test_no_run_allows_even_a_bypass(hooks: Hooks, command: str) -> None:
    assert_allowed(hooks.pre_bash(command))


@pytest.mark.parametrize("agent", AGENTS)
@pytest.mark.parametrize("command", BYPASSES)
def test_bypassing_git_hooks_is_denied_from_any_agent(active: Hooks, command: str, agent: str | None) -> None:
    assert_denied(active.pre_bash(command, agent), "skipping git's hooks", "Commit normally")


@pytest.mark.parametrize("agent", AGENTS[:2])
@pytest.mark.parametrize("command", HARMLESS)
def test_commands_that_only_mention_the_words_are_allowed(active: Hooks, command: str, agent: str | None) -> None:
    assert_allowed(active.pre_bash(command, agent))


@pytest.mark.parametrize("tool", ["Read", "Edit", "Agent", "Grep"])
def test_other_tools_are_allowed(active: Hooks, tool: str) -> None:
    tool_input = {"command": "git commit --no-verify -m x", "file_path": str(active.root / "README.md")}
    run = active.run("PreToolUse", tool_payload("PreToolUse", active.root, active.br.home, tool, tool_input))
    assert_allowed(run)


# -- amending and rewriting --------------------------------------------------------


def test_amend_of_the_base_is_denied(active: Hooks) -> None:
    assert_denied(active.pre_bash("git commit --amend --no-edit"), "made before batch 1 was assigned")


def test_amend_of_an_unverified_batch_commit_is_allowed(br: BatchRepo, active: Hooks) -> None:
    br.do_task_work()
    br.commit_batch()
    assert_allowed(active.pre_bash("git commit --amend --no-edit"))


def test_amend_of_the_verified_batch_commit_is_denied(br: BatchRepo, active: Hooks) -> None:
    sha = br.honest_work()
    assert br.verify().ok
    run = active.pre_bash("git add -A && git commit --amend --no-edit")
    assert_denied(run, f"{sha[:7]} is the verified commit of batch 1")


@pytest.fixture
def deep(br: BatchRepo) -> Hooks:
    """Two more commits before the batch is assigned, then one batch commit after it."""
    br.git.write("docs/a.md", "a\n")
    br.git.commit("docs: a", "docs/a.md")
    br.git.write("docs/b.md", "b\n")
    br.git.commit("docs: b", "docs/b.md")
    br.assign()
    br.do_task_work()
    br.commit_batch()
    return Hooks(br)


@pytest.mark.parametrize(
    "command",
    [
        pytest.param("git reset --hard HEAD~2", id="reset-hard-HEAD~2"),
        pytest.param("git reset --soft HEAD~3", id="reset-soft-before-base"),
        pytest.param("git rebase -i HEAD~3", id="rebase-before-base"),
    ],
)
def test_rewriting_before_the_base_is_denied(deep: Hooks, command: str) -> None:
    assert_denied(deep.pre_bash(command), "reaches before batch 1's base")


def test_reset_soft_to_the_base_squashes_this_batch_and_is_allowed(br: BatchRepo, deep: Hooks) -> None:
    br.git.write("lib/greet.py", file_content("lib/greet.py", 2))
    br.git.commit("fix: second batch commit", "lib/greet.py")
    base = deep.run_file()["base"]  # type: ignore[index]
    assert_allowed(deep.pre_bash(f"git reset --soft {base[:7]}"))
    assert_allowed(deep.pre_bash("git reset --soft HEAD~1"))


# -- one batch commit --------------------------------------------------------------


@pytest.fixture
def committed(br: BatchRepo, active: Hooks) -> Hooks:
    """Batch 1 committed once; tasks.md updated but not committed."""
    br.honest_work()
    return active


def test_second_batch_commit_is_denied(br: BatchRepo, committed: Hooks) -> None:
    br.git.write("lib/greet.py", file_content("lib/greet.py", 2))
    br.git.git("add", "lib/greet.py")
    run = committed.pre_bash('git commit -m "fix: more"')
    assert_denied(run, "already has its batch commit", "commit.max_per_batch: 1")


def test_second_batch_commit_with_all_is_denied(br: BatchRepo, committed: Hooks) -> None:
    br.git.write("lib/greet.py", file_content("lib/greet.py", 2))
    assert_denied(committed.pre_bash('git commit -am "fix: more"'), "already has its batch commit")


@pytest.mark.parametrize(
    "command",
    [
        pytest.param('git add task-tracking/T1/tasks.md && git commit -m "docs: tasks"', id="staged-tasks-md"),
        pytest.param('git commit -m "docs: tasks" -- task-tracking/T1/tasks.md', id="pathspec-tasks-md"),
    ],
)
def test_commit_of_task_tracking_files_only_is_allowed(br: BatchRepo, committed: Hooks, command: str) -> None:
    if command.startswith("git add"):
        br.git.git("add", "task-tracking/T1/tasks.md")
    assert_allowed(committed.pre_bash(command))


def test_first_batch_commit_is_allowed(br: BatchRepo, active: Hooks) -> None:
    br.do_task_work()
    br.git.git("add", "lib", "tests")
    assert_allowed(active.pre_bash(f"git commit -m {br.commit_message()!r}"))


def test_a_megabyte_git_command_is_denied_quickly_rather_than_parsed_past_the_timeout(active: Hooks) -> None:
    command = " && ".join(["git status"] * 40_000)
    assert_denied(active.pre_bash(command), "KiB Bash command", "shorter commands")
