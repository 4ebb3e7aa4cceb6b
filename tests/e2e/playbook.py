"""Scripted team leader and backend developer for `/phase-6-backend-execution` runs.

A `Playbook` is a fake-server script: each agent (the main agent = team leader, the
`backend-developer` subagent) has a list of steps, and its n-th request is answered by its n-th
step. A step sees the request, so it acts on what the CLI really sent: the leader copies its
commands from the injected briefing and the developer prompt from `assign`'s tool result; the
developer takes its commit SHA from the result of its own `git rev-parse`. Every tool call a step
makes is kept under a label (`playbook.ids`) so a test can find its result in later requests.
A request beyond an agent's steps is a script error (the run fails with a 400 and the traceback).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tests.e2e.api_request import ApiRequest, content_text
from tests.e2e.fake_anthropic import Conversation
from tests.e2e.turns import Turn, bash, tool_use

Step = Callable[[ApiRequest, "Playbook"], Turn]
PROMPT_START, PROMPT_END = "----- developer prompt -----", "----- end of prompt -----"


@dataclass
class Playbook:
    """The script of one run: the leader's steps, the developer's steps, and the tool calls made."""

    developer_marker: str
    leader: Sequence[Step]
    developer: Sequence[Step] = ()
    ids: dict[str, str] = field(default_factory=dict)

    def __call__(self, request: ApiRequest, conversation: Conversation) -> Turn:
        """Answer one Messages request with the next step of the agent that sent it."""
        if request.is_subagent and not request.is_agent(self.developer_marker):
            raise AssertionError(f"a subagent that is not backend-developer asked: {request.agent_prompt[:200]!r}")
        steps = self.developer if request.is_subagent else self.leader
        turn = conversation.turn(request)
        if turn >= len(steps):
            who = "developer" if request.is_subagent else "team leader"
            raise AssertionError(f"the {who} was asked for turn {turn + 1}, but has {len(steps)} steps")
        return steps[turn](request, self)

    def call(self, *labelled: tuple[str, dict[str, Any]]) -> Turn:
        """Tool calls in one turn, each remembered under its label."""
        for label, block in labelled:
            self.ids[label] = block["id"]
        return Turn.call(*(block for _, block in labelled))

    def result(self, request: ApiRequest, label: str) -> dict[str, Any]:
        """The tool_result (in `request`) of the call made under `label`."""
        found = request.tool_result_for(self.ids[label])
        if found is None:
            raise AssertionError(f"no tool result for {label!r} in request #{request.index}")
        return found

    def result_text(self, request: ApiRequest, label: str) -> str:
        """That tool result's text."""
        return content_text(self.result(request, label).get("content"))


def briefing_command(request: ApiRequest, verb: str) -> str:
    """The command line the injected briefing gives for `verb` (e.g. `assign:   <cmd>`)."""
    match = re.search(rf"^\s*{re.escape(verb)}:\s+(\S.*)$", request.first_user_text(), re.MULTILINE)
    if match is None:
        raise AssertionError(f"the briefing names no {verb!r} command:\n{request.first_user_text()[-3000:]}")
    return match.group(1).strip()


def developer_prompt(assign_output: str) -> str:
    """The developer prompt `assign` printed between its two marker lines."""
    start, end = assign_output.find(PROMPT_START), assign_output.find(PROMPT_END)
    if start < 0 or end < start:
        raise AssertionError(f"assign printed no developer prompt:\n{assign_output}")
    return assign_output[start + len(PROMPT_START) : end].strip()


# -- steps -----------------------------------------------------------------------------------


def say(text: str) -> Step:
    """End the turn with this text."""
    return lambda request, playbook: Turn.say(text)


def run_verb(verb: str) -> Step:
    """Run the briefing's command for `verb` through Bash (label: the verb)."""
    return lambda request, playbook: playbook.call((verb, bash(briefing_command(request, verb))))


def run_prompt_command(verb: str) -> Step:
    """Run the batchgate command for `verb` that the developer prompt quotes (label "prompt:<verb>")."""

    def step(request: ApiRequest, playbook: Playbook) -> Turn:
        match = re.search(rf"`([^`\s]*batchgate {re.escape(verb)} [^`]*)`", request.first_user_text())
        if match is None:
            raise AssertionError(f"the developer prompt quotes no `batchgate {verb}`:\n{request.first_user_text()}")
        return playbook.call((f"prompt:{verb}", bash(match.group(1))))

    return step


def together(*steps: Step) -> Step:
    """Several steps' tool calls in one turn (the CLI runs read-only ones in parallel)."""

    def step(request: ApiRequest, playbook: Playbook) -> Turn:
        return Turn([block for each in steps for block in each(request, playbook).content])

    return step


def delegate(task_id: str, batch_id: str, agent: str = "backend-developer") -> Step:
    """Call the Agent tool with `assign`'s developer prompt, in the foreground (label "agent").

    `agent` is the subagent type: a plugin's agent is `batchgate:backend-developer`.
    """

    def step(request: ApiRequest, playbook: Playbook) -> Turn:
        prompt = developer_prompt(playbook.result_text(request, "assign"))
        agent_input = {
            "description": f"Batch {batch_id} of {task_id}",
            "prompt": prompt,
            "subagent_type": agent,
            "run_in_background": False,
        }
        return playbook.call(("agent", tool_use("Agent", agent_input)))

    return step


def run_bash(label: str, command: str) -> Step:
    """One Bash call."""
    return lambda request, playbook: playbook.call((label, bash(command)))


def write_files(files: dict[str, str]) -> Step:
    """Write tool calls, one per (absolute path, content), in one turn (labels "write:<path>")."""
    blocks = [(f"write:{path}", {"file_path": path, "content": content}) for path, content in files.items()]
    return lambda request, playbook: playbook.call(*((label, tool_use("Write", data)) for label, data in blocks))


def read_file(path: str) -> Step:
    """A Read call (Edit refuses a file the agent has not read)."""
    return lambda request, playbook: playbook.call((f"read:{path}", tool_use("Read", {"file_path": path})))


def record_sha(tasks_path: str, task_ids: Sequence[str], anchor: str) -> Step:
    """Edit tasks.md: each task IMPLEMENTED and, after the `anchor` line, the SHA `rev-parse` printed."""

    def step(request: ApiRequest, playbook: Playbook) -> Turn:
        sha = playbook.result_text(request, "rev-parse").strip()
        if not re.fullmatch(r"[0-9a-f]{7,40}", sha):
            raise AssertionError(f"git rev-parse printed {sha!r}")
        playbook.ids["sha"] = sha
        edits = [(anchor, f"{anchor}\n**Git Commit**: `{sha}`")]
        edits += [(f"{task} ⏸️ PENDING", f"{task} 🔄 IMPLEMENTED") for task in task_ids]
        return playbook.call(
            *(
                (f"edit:{index}", tool_use("Edit", {"file_path": tasks_path, "old_string": old, "new_string": new}))
                for index, (old, new) in enumerate(edits)
            )
        )

    return step


def report(text: str) -> Step:
    """The final report, naming the SHA recorded by `record_sha`."""
    return lambda request, playbook: Turn.say(f"{text} (commit {playbook.ids.get('sha', '?')})")
