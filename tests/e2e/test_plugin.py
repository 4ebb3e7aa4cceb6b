"""`/batchgate:phase-6-backend-execution` with the real Claude Code CLI and only the plugin: no install.py.

`--plugin-dir` points at a read-only build of the plugin (tests/e2e/plugin.py); the project has a plan
and a config but no `.claude/batchgate/`, no settings and no commands of its own. Everything batchgate
does here comes through the plugin's root: the command's briefing, the CLI the leader and the
developer run, and the hooks that hold the developer.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from batchgate.model.types import Status
from tests.e2e.api_request import content_text
from tests.e2e.conftest import ClaudeSession
from tests.e2e.installed import BATCH, TASK_ID
from tests.e2e.playbook import Playbook, Step, delegate, run_bash, run_verb, say
from tests.e2e.plugin import PLUGIN_AGENT, PLUGIN_COMMAND, PluginProject
from tests.e2e.test_phase6 import (
    SUBJECT,
    commit_command,
    feedback_requests,
    honest_finish,
    ran_ok,
    result_text,
    tool_result,
    writes_the_batch,
)

pytestmark = pytest.mark.e2e

PROMPT = f"{PLUGIN_COMMAND} {TASK_ID}"


def leader_steps() -> list[Step]:
    """Assign, delegate to the plugin's developer in the foreground, complete, report."""
    return [run_verb("assign"), delegate(TASK_ID, BATCH.id, PLUGIN_AGENT), run_verb("complete"), say("Batch 1 done.")]


def nothing_installed(project: PluginProject) -> None:
    """The project holds no batchgate file: the plugin did it all."""
    assert not (project.root / ".claude" / "batchgate").exists()
    assert not (project.root / ".claude" / "settings.json").exists()
    assert not (project.root / ".claude" / "commands").exists()


@pytest.mark.parametrize("bypass", [True, False], ids=["bypass-permissions", "default-permissions"])
def test_the_plugin_command_expands_with_the_live_briefing(claude: ClaudeSession, bypass: bool) -> None:
    project = PluginProject.create_plugin(claude)
    env = {**os.environ, **project.env, "XDG_DATA_HOME": str(claude.runner.home / ".local" / "share")}
    env.pop("BATCHGATE_VENV", None)
    expected = subprocess.run(
        [str(project.cli), "brief", PLUGIN_COMMAND],
        input=TASK_ID,
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
    )

    run = project.run(PROMPT, Playbook(project.developer_marker, [say("Nothing to do yet.")]), bypass=bypass)

    ran_ok(run)
    assert len(run.messages) == 1, run.describe()
    first = run.messages[0].first_user_text()
    assert f"<command-name>{PLUGIN_COMMAND}</command-name>" in first
    before, injected = project.command_body.split("```!\n", 1)
    after = injected.split("\n```\n", 1)[1]
    assert before.strip().replace("${CLAUDE_PLUGIN_ROOT}", str(project.plugin)) in first
    assert after.strip().replace("${CLAUDE_PLUGIN_ROOT}", str(project.plugin)) in first
    assert expected.returncode == 0 and expected.stdout.strip() in first, (expected, first[-3000:])
    assert f"assign:   {project.cli} assign {TASK_ID}" in first
    for leftover in ("$ARGUMENTS", "```!", "BATCHGATE_ARGUMENTS", "${CLAUDE_PLUGIN_ROOT}"):
        assert leftover not in first, first
    assert project.run_state() == {}
    nothing_installed(project)


def test_the_plugin_holds_a_cheating_developer_and_lets_an_honest_one_through(claude: ClaudeSession) -> None:
    project = PluginProject.create_plugin(claude)
    sneaky = commit_command(f"feat(greet): batch {BATCH.id} - skip the hooks", "--no-verify")
    developer = [
        say("All done, I think."),
        writes_the_batch(project),
        run_bash("no-verify", sneaky),
        *honest_finish(project, self_verify=True),
    ]
    playbook = Playbook(project.developer_marker, leader_steps(), developer)

    run = project.run(PROMPT, playbook)

    ran_ok(run)
    asked = run.subagent_requests
    assert len(asked) == len(developer), run.describe()
    assert feedback_requests(asked) == [asked[1]], "blocked once, at its first stop"
    for failing in ("commit FAILED", "files FAILED", "tasks.md FAILED", "build FAILED"):
        assert failing in asked[1].latest_text()
    denied = tool_result(run, playbook, "no-verify")
    assert denied.get("is_error") is True and "--no-verify" in content_text(denied.get("content")), denied
    verified = tool_result(run, playbook, "prompt:verify")
    assert not verified.get("is_error"), result_text(run, playbook, "prompt:verify")

    commits = project.commits_since_base()
    assert [subject for _, subject in commits] == [SUBJECT], commits
    completed = tool_result(run, playbook, "complete")
    assert not completed.get("is_error"), completed
    assert f"Next: {PLUGIN_COMMAND} {TASK_ID}" in content_text(completed.get("content")), "as a plugin user types it"
    assert feedback_requests(run.main_requests) == [], "the Stop hook let the session end"
    batch = project.batch()
    assert batch.status == Status.COMPLETE and batch.commit is not None and commits[0][0].startswith(batch.commit)
    assert project.run_state()["state"] == "complete"
    nothing_installed(project)
