"""Scripted team leader and developers for `batchgate run`: several sessions, one batch each.

A `RunBook` answers every Messages request of every session of one run. Each agent's step is
chosen by how many assistant turns its conversation already has, so each fresh session starts the
leader's script again; a developer's script is chosen by the batch its prompt names. The leader
copies its commands from the injected briefing and its developer prompt from `assign`'s output,
as in tests/e2e/playbook.py.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from tests.e2e.api_request import ApiRequest
from tests.e2e.fake_anthropic import Conversation
from tests.e2e.playbook import (
    Playbook,
    Step,
    developer_prompt,
    read_file,
    record_sha,
    report,
    run_bash,
    run_verb,
    say,
    together,
    write_files,
)
from tests.e2e.turns import Turn, tool_use
from tests.support.batchplan import BatchSpec, file_content

DeveloperSteps = Callable[[BatchSpec], Sequence[Step]]


def _turns_taken(request: ApiRequest) -> int:
    return sum(1 for message in request.messages if message.get("role") == "assistant")


def _role(request: ApiRequest) -> str:
    return "frontend" if "<command-name>/phase-6-frontend-execution" in request.first_user_text() else "backend"


def delegate_batch(task_id: str) -> Step:
    """The Agent call with `assign`'s prompt, in the foreground, to the role's developer."""

    def step(request: ApiRequest, playbook: Playbook) -> Turn:
        prompt = developer_prompt(playbook.result_text(request, "assign"))
        batch = re.search(r"Batch (\S+) —", prompt)
        agent_input = {
            "description": f"Batch {batch.group(1) if batch else '?'} of {task_id}",
            "prompt": prompt,
            "subagent_type": f"{_role(request)}-developer",
            "run_in_background": False,
        }
        return playbook.call(("agent", tool_use("Agent", agent_input)))

    return step


def leader_steps(task_id: str) -> list[Step]:
    """One session of the team leader: assign, delegate, complete, report."""
    return [run_verb("assign"), delegate_batch(task_id), run_verb("complete"), say("Session over.")]


def honest(root: str, tasks_md: str) -> DeveloperSteps:
    """Write the batch's files, commit them, record the SHA in tasks.md, report."""

    def steps(batch: BatchSpec) -> list[Step]:
        body = "\n".join(f"- Task {task.id}: {task.title}" for task in batch.tasks)
        subject = f"feat(app): batch {batch.id} - {batch.title.lower()}"
        commit = f"git add {' '.join(batch.files)} && git commit -q -m {shlex.quote(subject)} -m {shlex.quote(body)}"
        headings = [f"### Task {task.id}: {task.title}" for task in batch.tasks]
        return [
            write_files({f"{root}/{path}": file_content(path) for path in batch.files}),
            run_bash("commit", commit),
            together(run_bash("rev-parse", "git rev-parse --short HEAD"), read_file(tasks_md)),
            record_sha(tasks_md, headings, f"**Dependencies**: {batch.dependencies}"),
            report(f"Batch {batch.id} done"),
        ]

    return steps


def never_commits(batch: BatchSpec) -> list[Step]:
    """Claims to be done, every time."""
    return [say("Done.")] * 10


def sleeps(pid_file: str) -> DeveloperSteps:
    """Starts a long command (its shell's pid in `pid_file`) and waits for it."""
    return lambda batch: [run_bash("sleep", f"echo $$ > {shlex.quote(pid_file)}; sleep 120")]


@dataclass
class RunBook:
    """The script of a whole `batchgate run`: `developers[batch id]` (default `default`) per batch."""

    task_id: str
    plan: Sequence[BatchSpec]
    default: DeveloperSteps
    developers: dict[str, DeveloperSteps] = field(default_factory=dict)
    playbook: Playbook = field(default_factory=lambda: Playbook("", []))

    def __call__(self, request: ApiRequest, conversation: Conversation) -> Turn:
        """Answer one request with the step its agent and turn call for."""
        turn = _turns_taken(request)
        steps = self._developer_steps(request) if request.is_subagent else leader_steps(self.task_id)
        if turn >= len(steps):
            raise AssertionError(f"{request.agent[:80]!r} asked for turn {turn + 1} of {len(steps)}")
        return steps[turn](request, self.playbook)

    def _developer_steps(self, request: ApiRequest) -> Sequence[Step]:
        found = re.search(r"Batch (\S+) —", request.task)
        spec = next((b for b in self.plan if found and b.id == found.group(1)), None)
        if spec is None:
            raise AssertionError(f"a subagent whose task names no batch of the plan: {request.task[:200]!r}")
        return self.developers.get(spec.id, self.default)(spec)
