"""`/phase-6-backend-execution` with the real Claude Code CLI, in a repository where install.py ran.

The model is scripted (tests/e2e/playbook.py); everything else is real: the command expansion and
its injected briefing, the Agent tool, batchgate's hooks (started by the CLI with a `python3` that
lacks the dependencies, deciding in the test venv via BATCHGATE_VENV), git, and the build. Each
test asserts on what the CLI sent to the model (the request log), what it ran, and what ended up
in git, tasks.md and the run state; the script's own words are checked only to show which of the
developer's messages the CLI handed back to the team leader.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from collections.abc import Iterator

import pytest

from batchgate.model.types import Status
from tests.e2e.api_request import ApiRequest, content_text
from tests.e2e.conftest import ClaudeSession
from tests.e2e.fake_anthropic import FakeAnthropic
from tests.e2e.installed import BATCH, COMMAND, TASK_ID, Installed
from tests.e2e.playbook import (
    Playbook,
    Step,
    delegate,
    read_file,
    record_sha,
    report,
    run_bash,
    run_prompt_command,
    run_verb,
    say,
    together,
    write_files,
)
from tests.e2e.run_result import ClaudeRun
from tests.support.batchplan import file_content

pytestmark = pytest.mark.e2e

PROMPT = f"{COMMAND} {TASK_ID}"
SUBJECT = f"feat(greet): batch {BATCH.id} - {BATCH.title.lower()}"
BODY = "\n".join(f"- Task {task.id}: {task.title}" for task in BATCH.tasks)


@pytest.fixture(autouse=True)
def only_the_messages_endpoint(fake_api: FakeAnthropic) -> Iterator[None]:
    """Every scenario: the CLI called nothing but the Messages API."""
    yield
    assert [(entry.method, entry.path) for entry in fake_api.unknown()] == []


# -- the developer's moves ----------------------------------------------------------------------


def commit_command(subject: str = SUBJECT, *flags: str) -> str:
    """`git add` the batch's files and commit them with the agreed message (plus `flags`)."""
    files = " ".join(BATCH.files)
    message = f"-m {shlex.quote(subject)} -m {shlex.quote(BODY)}"
    return f"git add {files} && git commit -q {' '.join(flags)} {message}".replace("  ", " ")


def writes_the_batch(project: Installed) -> Step:
    """Create every file of the batch with real content."""
    return write_files({str(project.root / path): file_content(path) for path in BATCH.files})


def honest_finish(project: Installed, self_verify: bool = False) -> list[Step]:
    """Commit the written files, read the SHA from git, record it in tasks.md, (self-verify,) report."""
    tasks_md = str(project.tasks_path)
    headings = [f"### Task {task.id}: {task.title}" for task in BATCH.tasks]
    return [
        run_bash("commit", commit_command()),
        together(run_bash("rev-parse", "git rev-parse --short HEAD"), read_file(tasks_md)),
        record_sha(tasks_md, headings, "**Dependencies**: None"),
        *([run_prompt_command("verify")] if self_verify else []),
        report("Batch 1 done: lib/greet.py, tests/test_greet.py"),
    ]


def leader_steps() -> list[Step]:
    """The team leader's honest run: assign, delegate in the foreground, complete, report."""
    return [run_verb("assign"), delegate(TASK_ID, BATCH.id), run_verb("complete"), say("Batch 1 complete.")]


# -- reading the run ----------------------------------------------------------------------------


def tool_result(run: ClaudeRun, playbook: Playbook, label: str) -> dict[str, object]:
    """The tool_result of a labelled call, from the first request that carries it."""
    for request in run.messages:
        found = request.tool_result_for(playbook.ids[label])
        if found is not None:
            return found
    raise AssertionError(f"no request carries the result of {label!r}\n{run.describe()}")


def result_text(run: ClaudeRun, playbook: Playbook, label: str) -> str:
    """Its text."""
    return content_text(tool_result(run, playbook, label).get("content"))


def feedback_requests(requests: list[ApiRequest]) -> list[ApiRequest]:
    """The requests whose newest input is Stop-hook feedback."""
    return [request for request in requests if "Stop hook feedback" in request.latest_text()]


def ran_ok(run: ClaudeRun) -> None:
    """The run ended normally: exit 0, a success result, no script error."""
    assert run.code == 0, run.describe()
    assert run.script_errors == [], run.script_errors
    assert run.result.get("subtype") == "success", run.describe()


# -- scenarios ----------------------------------------------------------------------------------


# Under the default permission mode CLI 2.1.328 refuses a ```! block with text after the heredoc start
# ("cannot be statically analyzed"): the block ends its heredoc line at the redirection and exits 0 with `true`.
PERMISSION_MODES = [
    pytest.param(True, id="bypass-permissions"),
    pytest.param(False, id="default-permissions"),
]


@pytest.mark.parametrize("bypass", PERMISSION_MODES)
def test_the_command_expands_with_its_argument_and_the_live_briefing(claude: ClaudeSession, bypass: bool) -> None:
    project = Installed.create(claude)
    launcher = project.root / ".claude" / "batchgate" / "bin" / "batchgate"
    env = {**os.environ, **project.env}
    expected = subprocess.run(
        [str(launcher), "brief", COMMAND], input=TASK_ID, cwd=project.root, env=env, capture_output=True, text=True
    )

    run = project.run(PROMPT, Playbook(project.developer_marker, [say("Nothing to do yet.")]), bypass=bypass)

    ran_ok(run)
    assert len(run.messages) == 1, run.describe()
    first = run.messages[0].first_user_text()
    assert f"<command-name>{COMMAND}</command-name>" in first
    assert f"<command-args>{TASK_ID}</command-args>" in first
    before, injected = project.command_body.split("```!\n", 1)
    after = injected.split("\n```\n", 1)[1]
    assert before.strip() in first and after.strip() in first, "the body around the ```! block, verbatim"
    assert "allowed-tools:" not in first
    assert expected.returncode == 0 and expected.stdout.strip() in first, (expected, first[-3000:])
    assert f"{TASK_ID}: 2 batch(es)" in first and "Commands for this run" in first
    assert f"assign:   .claude/batchgate/bin/batchgate assign {TASK_ID}" in first
    for leftover in ("$ARGUMENTS", "```!", "BATCHGATE_ARGUMENTS"):
        assert leftover not in first, first
    assert project.run_state() == {}


def test_the_developer_is_held_until_the_batch_is_done_then_the_leader_completes_it(claude: ClaudeSession) -> None:
    project = Installed.create(claude)
    developer = [say("All done, I think."), writes_the_batch(project), *honest_finish(project, self_verify=True)]
    playbook = Playbook(project.developer_marker, leader_steps(), developer)

    run = project.run(PROMPT, playbook)

    ran_ok(run)
    asked = run.subagent_requests
    assert len(asked) == len(developer), run.describe()
    assert feedback_requests(asked) == [asked[1]], "blocked once, at its first stop"
    reason = asked[1].latest_text()
    for failing in ("commit FAILED", "files FAILED", "tasks.md FAILED", "build FAILED"):
        assert failing in reason, reason
    assert "clean FAILED" not in reason
    assert not any(request.contains("commit FAILED") for request in run.main_requests)
    assert not tool_result(run, playbook, "prompt:verify").get("is_error"), result_text(run, playbook, "prompt:verify")

    commits = project.commits_since_base()
    assert [subject for _, subject in commits] == [SUBJECT], commits
    sha = commits[0][0]
    assert project.files_of(sha) == sorted(BATCH.files)
    assert sha.startswith(playbook.ids["sha"])
    handed_back = result_text(run, playbook, "agent")
    assert playbook.ids["sha"] in handed_back and "All done, I think." not in handed_back, handed_back
    assert not tool_result(run, playbook, "assign").get("is_error")
    completed = tool_result(run, playbook, "complete")
    assert not completed.get("is_error"), completed
    assert f"Next: {COMMAND} {TASK_ID}" in content_text(completed.get("content"))
    assert len(run.main_requests) == 4 and feedback_requests(run.main_requests) == [], "the Stop hook let it end"

    batch = project.batch()
    assert batch.status == Status.COMPLETE and "✅ COMPLETE" in project.heading(), project.heading()
    assert batch.commit is not None and sha.startswith(batch.commit)
    assert project.task_statuses() == [Status.COMPLETE] * len(BATCH.tasks)
    assert project.batch("2").status == Status.PENDING
    state = project.run_state()
    assert (state["state"], state["batch_id"], state["subagent_blocks"]) == ("complete", BATCH.id, 1), state


def test_a_commit_with_no_verify_from_the_developer_is_denied(claude: ClaudeSession) -> None:
    project = Installed.create(claude)
    sneaky = commit_command(f"feat(greet): batch {BATCH.id} - skip the hooks", "--no-verify")
    developer = [writes_the_batch(project), run_bash("no-verify", sneaky), *honest_finish(project)]
    playbook = Playbook(project.developer_marker, leader_steps(), developer)

    run = project.run(PROMPT, playbook)

    ran_ok(run)
    denied = tool_result(run, playbook, "no-verify")
    said = content_text(denied.get("content"))
    assert denied.get("is_error") is True, denied
    assert "PreToolUse:Bash hook error" in said and "skipping git's hooks" in said and "--no-verify" in said, said
    denials = run.result.get("permission_denials") or []
    assert [d["tool_input"]["command"] for d in denials] == [sneaky], denials
    assert [subject for _, subject in project.commits_since_base()] == [SUBJECT], "only the honest commit was made"
    assert project.run_state()["state"] == "complete"


def test_a_developer_that_reaches_for_the_referee_is_denied(claude: ClaudeSession) -> None:
    project = Installed.create(claude)
    config = project.root / ".claude" / "batchgate.yaml"
    before = config.read_bytes()
    disable = write_files({str(config): "build:\n  enabled: false\n"})
    complete = run_bash("leader-verb", f".claude/batchgate/bin/batchgate complete {TASK_ID}")
    developer = [writes_the_batch(project), disable, complete, *honest_finish(project)]
    playbook = Playbook(project.developer_marker, leader_steps(), developer)

    run = project.run(PROMPT, playbook)

    ran_ok(run)
    wrote = content_text(tool_result(run, playbook, f"write:{config}").get("content"))
    assert "PreToolUse:Write hook error" in wrote and "protected during batch" in wrote, wrote
    verb = content_text(tool_result(run, playbook, "leader-verb").get("content"))
    assert "PreToolUse:Bash hook error" in verb and "team leader's command" in verb, verb
    assert config.read_bytes() == before, "the configuration is unchanged"
    assert project.run_state()["state"] == "complete", "the team leader completed it, after the honest commit"


def test_a_developer_that_never_commits_runs_out_of_retries_and_the_batch_fails(claude: ClaudeSession) -> None:
    project = Installed.create(claude, retries=1)
    developer = [say("Done."), say("Done, really.")]
    leader = [*leader_steps()[:3], say("Batch 1 failed; escalating to the user.")]
    playbook = Playbook(project.developer_marker, leader, developer)

    run = project.run(PROMPT, playbook)

    ran_ok(run)
    asked = run.subagent_requests
    assert len(asked) == 2 and feedback_requests(asked) == [asked[1]], run.describe()
    assert "(check 1 of 2)" in asked[1].latest_text()
    completed = tool_result(run, playbook, "complete")
    assert completed.get("is_error") is True, completed
    assert re.match(r"Exit code [1-9]", content_text(completed.get("content"))), completed
    assert len(run.main_requests) == 4 and feedback_requests(run.main_requests) == [], "the session could end"

    assert project.commits_since_base() == []
    batch = project.batch()
    assert batch.status == Status.FAILED and "❌ FAILED" in project.heading(), project.heading()
    section = project.tasks_path.read_text(encoding="utf-8").splitlines()[batch.line - 1 : batch.end_line]
    notes = [line for line in section if line.startswith("**Failure Note**")]
    assert len(notes) == 1 and "failed verification 2 times" in notes[0], section
    state = project.run_state()
    assert (state["state"], state["subagent_blocks"]) == ("failed", 2), state


def test_the_stop_hook_holds_a_leader_that_has_not_delegated(claude: ClaudeSession) -> None:
    project = Installed.create(claude)
    leader = leader_steps()
    leader.insert(1, say("Assigned; stopping here."))
    developer = [writes_the_batch(project), *honest_finish(project)]
    playbook = Playbook(project.developer_marker, leader, developer)

    run = project.run(PROMPT, playbook)

    ran_ok(run)
    main = run.main_requests
    assert len(main) == len(leader) and feedback_requests(main) == [main[2]], run.describe()
    feedback = main[2].latest_text()
    assert f"batch {BATCH.id} of {TASK_ID} is assigned but not verified" in feedback, feedback
    assert f"`.claude/batchgate/bin/batchgate complete {TASK_ID}`" in feedback
    assert "run_in_background: false" in feedback
    assert len(run.subagent_requests) == len(developer), "it delegated after the block"
    assert project.run_state()["state"] == "complete"
    assert project.batch().status == Status.COMPLETE
