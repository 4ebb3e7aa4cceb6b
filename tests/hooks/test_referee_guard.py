"""PreToolUse keeps the referee out of a gated developer's reach (issue 13, point 5; CONTRACT.md §6).

Each row plays the attacker through the real hook: the developer's tool call
(payload with agent_type, as Claude Code sends a subagent's) is denied with
what to do instead; the same call by the team leader (no agent_type) is not
this rule's business. Honest calls of the developer stay allowed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.hooks.payloads import tool_payload
from tests.hooks.support import HookRun, Hooks, assert_denied
from tests.support.batchrepo import BatchRepo
from tests.support.paths import ROOT

DEVELOPER = "backend-developer"
LEADER_VERB = "team leader's command"
STATE = "batchgate's state"
PROTECTED = "which is protected during batch 1"
GIT_HOOKS = "git's hook configuration"
SKIPPING = "skipping git's hooks"

PATCH = """diff --git a/.claude/batchgate.yaml b/.claude/batchgate.yaml
--- a/.claude/batchgate.yaml
+++ b/.claude/batchgate.yaml
@@ -1 +1 @@
-{}
+{"build": {"enabled": false}}
"""


def row(command: str, words: str, id: str) -> Any:
    return pytest.param(command, words, id=id)


# `{root}`, `{home}`, `{engine}` (the batchgate running the hooks) are filled in per test: absolute paths.
TAMPERING = [
    # the team leader's verbs
    row("batchgate complete T1", LEADER_VERB, "complete-on-PATH"),
    row(".claude/batchgate/bin/batchgate complete T1", LEADER_VERB, "complete-installed-launcher"),
    row("scripts/batchgate -C . assign T1 --batch 2", LEADER_VERB, "assign-with--C"),
    row("python3 -m batchgate.cli.main fail T1 --reason stuck", LEADER_VERB, "fail-python--m"),
    row("sh .claude/batchgate/bin/batchgate complete T1", LEADER_VERB, "complete-via-sh"),
    row("cd lib && ../.claude/batchgate/bin/batchgate -C .. complete T1", LEADER_VERB, "complete-after-cd"),
    row("git status && batchgate complete T1 || true", LEADER_VERB, "complete-in-a-chain"),
    # batchgate's run state, however the folder is spelled
    row("echo '{{}}' > .git/batchgate/run.json", STATE, "redirect-over-run.json"),
    row('rm -rf "$(git rev-parse --git-dir)/batchgate"', STATE, "rm-rev-parse-git-dir"),
    row("rm -rf `git rev-parse --absolute-git-dir`/batchgate", STATE, "rm-backquoted-rev-parse"),
    row("cd .git && rm -rf batchgate", STATE, "rm-after-cd"),
    row('d=$(git rev-parse --git-dir); rm -f "$d/batchgate/run.json"', STATE, "rm-through-a-variable"),
    row("rm -f {root}/.git/batchgate/run.json", STATE, "rm-absolute"),
    row("sed -i 's/assigned/complete/' .git/batchgate/run.json", STATE, "sed-i-run.json"),
    row("python3 -c pass > .git/batchgate/run.json", STATE, "truncate-by-redirect"),
    row("mv .git/batchgate /tmp/elsewhere", STATE, "mv-away"),
    row("find .git/batchgate -delete", STATE, "find-delete"),
    row("rm -rf .git", STATE, "rm-the-git-dir"),
    row('rm -rf "$GONE/batchgate"', STATE, "unknown-variable-ending-in-batchgate"),
    # the user's state folder (XDG_STATE_HOME points inside the test's home)
    row("rm -rf ~/.local/state/batchgate", STATE, "rm-user-state-tilde"),
    row('rm -rf "$XDG_STATE_HOME/batchgate"', STATE, "rm-user-state-xdg"),
    row("echo x > {home}/.local/state/batchgate/clones.json", STATE, "write-user-state-absolute"),
    row("rm -rf {home}/.local", STATE, "rm-a-folder-above-the-user-state"),
    # the engine outside the work tree: the plugin's environment in the data folder, the engine's own home
    row("rm -rf ~/.local/share/batchgate", STATE, "rm-user-data-engine-environment"),
    row("echo 'def check(ctx): pass' >> {engine}/batchgate/gates/build.py", STATE, "append-to-the-engine-home"),
    # protected paths
    row("echo 'build: {{enabled: false}}' >> .claude/batchgate.yaml", PROTECTED, "append-to-config"),
    row("printf '{{}}' > .claude/settings.json", PROTECTED, "overwrite-settings"),
    row("cat > .claude/settings.local.json <<'EOF'\n{{}}\nEOF", PROTECTED, "heredoc-into-local-settings"),
    row("cp /tmp/evil.md .claude/agents/backend-developer.md", PROTECTED, "cp-over-an-agent"),
    row("cp /tmp/settings.json .claude/", PROTECTED, "cp-into-.claude"),
    row("mv .claude/batchgate.yaml .claude/batchgate.yaml.off", PROTECTED, "mv-config-away"),
    row("rm .claude/batchgate.yaml", PROTECTED, "rm-config"),
    row("rm -rf .claude", PROTECTED, "rm-.claude"),
    row("sed -i 's/python3/true/' .claude/batchgate.yaml", PROTECTED, "sed-i-config"),
    row("perl -pi -e 's/x/y/' .claude/batchgate.yaml", PROTECTED, "perl-pi-config"),
    row("echo '{{}}' | tee .claude/batchgate.yaml", PROTECTED, "tee-config"),
    row("truncate -s 0 .claude/batchgate.yaml", PROTECTED, "truncate-config"),
    row("ln -sf /dev/null .claude/settings.json", PROTECTED, "ln-over-settings"),
    row("chmod 000 .claude/batchgate.yaml", PROTECTED, "chmod-config"),
    row("touch .claude/commands/extra.md", PROTECTED, "touch-a-command"),
    row("git checkout -- .claude/batchgate.yaml", PROTECTED, "git-checkout--"),
    row("git checkout HEAD~1 -- .claude/batchgate.yaml", PROTECTED, "git-checkout-rev--"),
    row("git restore --source=HEAD~1 .claude/batchgate.yaml", PROTECTED, "git-restore-source"),
    row("git rm -q .claude/batchgate.yaml", PROTECTED, "git-rm"),
    row("git mv .claude/batchgate.yaml config.yaml", PROTECTED, "git-mv"),
    row("git apply <<'EOF'\n" + PATCH.replace("{", "{{").replace("}", "}}") + "EOF", PROTECTED, "git-apply-heredoc"),
    row("cd .claude && echo x > batchgate.yaml", PROTECTED, "redirect-after-cd"),
    row("bash -c 'echo x > .claude/batchgate.yaml'", PROTECTED, "inside-bash--c"),
    row("echo $(echo x > .claude/batchgate.yaml)", PROTECTED, "inside-a-substitution"),
    row("echo x > {root}/.claude/batchgate.yaml", PROTECTED, "absolute-path"),
    row('echo x > "$CLAUDE_PROJECT_DIR/.claude/batchgate.yaml"', PROTECTED, "claude-project-dir"),
    row('echo x > "$SOMEWHERE/.claude/batchgate.yaml"', PROTECTED, "unknown-variable-ending-in-a-protected-path"),
    row("echo x > .claude/batchgate/hooks/run.sh", PROTECTED, "the-installed-engine"),
    # git's hooks, for good
    row("echo '[core] hooksPath = /dev/null' >> .git/config", GIT_HOOKS, "append-to-git-config"),
    row("rm .git/hooks/pre-commit", GIT_HOOKS, "rm-a-git-hook"),
    row("printf '[core]\\n\\thooksPath = /dev/null\\n' >> ~/.gitconfig", GIT_HOOKS, "append-to-the-users-gitconfig"),
]

# denied from any agent during a run: they outlive the command and switch git's hooks off
HOOKS_OFF = [
    row("git config core.hooksPath /dev/null", "sets core.hooksPath", "config-core.hooksPath"),
    row("git config --unset core.hooksPath", "unsets core.hooksPath", "config-unset-core.hooksPath"),
    row("git config --global core.hooksPath /tmp/none", "sets core.hooksPath", "config-global-core.hooksPath"),
    row("git config set core.hooksPath .nohooks", "sets core.hooksPath", "config-set-verb"),
]

HONEST = [
    row("echo 'VALUE = 1' > lib/extra.py", "", "write-a-batch-file"),
    row("rm -rf build dist", "", "rm-build-output"),
    row("find . -name '*.pyc' -delete", "", "find-delete-with-a-test"),
    row("cp lib/a.py lib/b.py", "", "cp-in-lib"),
    row("git checkout -- lib/greet.py", "", "git-checkout-a-batch-file"),
    row("cat .claude/batchgate.yaml && grep -rn build .claude", "", "read-the-config"),
    row("ls -la .git/batchgate", "", "list-the-state"),
    row("batchgate status T1 && .claude/batchgate/bin/batchgate verify T1", "", "status-and-verify"),
    row("echo 'rm -rf .git/batchgate' && echo batchgate complete", "", "words-in-echo"),
    row("python3 -m pytest -q 2> /dev/null", "", "tests-with-a-redirect-to-dev-null"),
    row("echo done >> task-tracking/T1/notes.md", "", "bookkeeping-is-free"),
    row("git config user.name dev", "", "git-config-another-key"),
]


@pytest.fixture
def guarded(br: BatchRepo) -> Hooks:
    """Batch 1 assigned to backend-developer; the user's state folder inside the test's home."""
    br.assign()
    return Hooks(br, env={"XDG_STATE_HOME": str(br.home / ".local" / "state")})


def filled(hooks: Hooks, command: str) -> str:
    return command.format(root=hooks.root, home=hooks.br.home, engine=ROOT)


def assert_allowed(run: HookRun) -> None:
    assert run.code == 0 and not run.denied, run.describe()


@pytest.mark.parametrize(("command", "words"), TAMPERING)
def test_the_developer_cannot_touch_the_referee_from_bash(guarded: Hooks, command: str, words: str) -> None:
    run = guarded.pre_bash(filled(guarded, command), DEVELOPER)
    assert_denied(run, words)
    assert any(hint in run.reason for hint in ("report", "Finish the batch", "commit normally")), run.describe()


@pytest.mark.parametrize(("command", "words"), TAMPERING)
def test_the_team_leader_is_not_restricted_by_this_rule(guarded: Hooks, command: str, words: str) -> None:
    assert_allowed(guarded.pre_bash(filled(guarded, command)))


@pytest.mark.parametrize("agent", [pytest.param(None, id="team-leader"), pytest.param(DEVELOPER, id="developer")])
@pytest.mark.parametrize(("command", "words"), HOOKS_OFF)
def test_switching_git_hooks_off_for_good_is_denied_from_any_agent(
    guarded: Hooks, command: str, words: str, agent: str | None
) -> None:
    assert_denied(guarded.pre_bash(command, agent), SKIPPING, words, "Leave core.hooksPath as it is")


@pytest.mark.parametrize(("command", "words"), HONEST)
def test_the_developers_honest_commands_are_allowed(guarded: Hooks, command: str, words: str) -> None:
    assert_allowed(guarded.pre_bash(command, DEVELOPER))


def test_after_the_run_the_developer_is_not_restricted(br: BatchRepo, guarded: Hooks) -> None:
    br.honest_work()
    assert br.cli("complete", br.task_id).code == 0
    assert_allowed(guarded.pre_bash("echo x >> .claude/batchgate.yaml", DEVELOPER))


def test_an_agent_the_run_does_not_hold_is_not_restricted(guarded: Hooks) -> None:
    assert_allowed(guarded.pre_bash("batchgate complete T1", "Explore"))


def test_a_patch_file_that_changes_a_protected_path_is_denied(guarded: Hooks) -> None:
    (guarded.root / "fix.patch").write_text(PATCH, encoding="utf-8")
    assert_denied(guarded.pre_bash("git apply fix.patch", DEVELOPER), PROTECTED, ".claude/batchgate.yaml")


# -- Write, Edit, MultiEdit, NotebookEdit ------------------------------------------


def file_input(tool: str, path: str) -> dict[str, Any]:
    """The tool's input as Claude Code sends it."""
    if tool == "Write":
        return {"file_path": path, "content": "build:\n  enabled: false\n"}
    if tool == "Edit":
        return {"file_path": path, "old_string": "python3", "new_string": "true", "replace_all": False}
    if tool == "MultiEdit":
        return {"file_path": path, "edits": [{"old_string": "python3", "new_string": "true"}]}
    return {"notebook_path": path, "new_source": "print(1)", "cell_type": "code", "edit_mode": "replace"}


TOOLS = ["Write", "Edit", "MultiEdit", "NotebookEdit"]
FILE_TARGETS = [
    row("{root}/.claude/batchgate.yaml", PROTECTED, "config-absolute"),
    row(".claude/settings.json", PROTECTED, "settings-relative"),
    row("{root}/.claude/agents/backend-developer.md", PROTECTED, "an-agent"),
    row("{root}/lib/../.claude/commands/x.md", PROTECTED, "dot-dot-into-.claude"),
    row("{root}/docs/link.yaml", PROTECTED, "symlink-to-the-config"),
    row("{root}/.git/batchgate/run.json", STATE, "run-state"),
    row("{home}/.local/state/batchgate/clones.json", STATE, "user-state"),
    row("{root}/.git/hooks/pre-commit", GIT_HOOKS, "a-git-hook"),
]


def file_call(hooks: Hooks, tool: str, path: str, agent: str | None) -> HookRun:
    payload = tool_payload("PreToolUse", hooks.root, hooks.br.home, tool, file_input(tool, path), agent)
    return hooks.run("PreToolUse", payload)


@pytest.fixture
def linked(guarded: Hooks) -> Hooks:
    """`docs/link.yaml`, a symlink to the configuration."""
    (guarded.root / "docs").mkdir()
    os.symlink(guarded.root / ".claude" / "batchgate.yaml", guarded.root / "docs" / "link.yaml")
    return guarded


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize(("path", "words"), FILE_TARGETS)
def test_the_developer_cannot_edit_the_referee(linked: Hooks, tool: str, path: str, words: str) -> None:
    run = file_call(linked, tool, filled(linked, path), DEVELOPER)
    assert_denied(run, words, f"the {tool} tool")


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize(("path", "words"), FILE_TARGETS)
def test_the_team_leader_may_edit_them(linked: Hooks, tool: str, path: str, words: str) -> None:
    assert_allowed(file_call(linked, tool, filled(linked, path), None))


@pytest.mark.parametrize("tool", TOOLS)
@pytest.mark.parametrize(
    "path", ["{root}/lib/greet.py", "{root}/task-tracking/T1/tasks.md", "notes/new.md", "/tmp/scratch.txt"]
)
def test_the_developer_may_edit_other_files(guarded: Hooks, tool: str, path: str) -> None:
    assert_allowed(file_call(guarded, tool, filled(guarded, path), DEVELOPER))


def test_the_hook_is_wired_for_the_file_tools() -> None:
    from tests.hooks.support import ROOT

    text = (ROOT / "hooks" / "hooks.json").read_text(encoding="utf-8")
    assert '"matcher": "Bash|Write|Edit|MultiEdit|NotebookEdit"' in text


# -- the honest bookkeeping commit -------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        pytest.param('git commit -am "chore(tasks): record batch 1"', id="-am"),
        pytest.param('git commit -a -m "chore(tasks): record batch 1"', id="-a -m"),
        pytest.param('git commit --all --message="chore(tasks): record batch 1"', id="--all --message"),
    ],
)
@pytest.mark.parametrize("agent", [pytest.param(None, id="team-leader"), pytest.param(DEVELOPER, id="developer")])
def test_the_tasks_md_commit_after_the_batch_commit_is_allowed(
    br: BatchRepo, guarded: Hooks, command: str, agent: str | None
) -> None:
    br.honest_work()  # the batch commit; tasks.md records its SHA, not committed yet
    assert_allowed(guarded.pre_bash(command, agent))


def test_a_second_commit_with_a_batch_file_is_still_denied(br: BatchRepo, guarded: Hooks) -> None:
    br.honest_work()
    Path(br.root / "lib" / "greet.py").write_text("changed = True\n", encoding="utf-8")
    run = guarded.pre_bash('git commit -am "chore(tasks): record batch 1"', DEVELOPER)
    assert_denied(run, "already has its batch commit")
