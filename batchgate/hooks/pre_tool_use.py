"""PreToolUse (Bash, Write, Edit, MultiEdit, NotebookEdit): the referee out of reach, git's hooks kept, history kept.

While a run is active, for a gated subagent (the payload's agent_type is one
of the run's agents): a tool call that would change batchgate's state, git's
hook configuration or a protected path, or run the team leader's verbs, is
denied (workflow/referee.py). From any agent: `git commit --no-verify`/`-n`
and other ways of skipping the hooks (also a `git config core.hooksPath`
that outlives the command) are denied; amending or rewriting a commit made
before the batch was assigned, or the verified batch commit, is denied; and
where `commit.max_per_batch` is 1, a second batch commit is denied (a commit
of bookkeeping files alone, such as tasks.md, is not one). Commands are
parsed, not grepped: words in messages or echo are not git.
"""

from __future__ import annotations

import os

from batchgate.hooks.common import gated_agent
from batchgate.hooks.decision import Decision, allow, deny
from batchgate.hooks.runtime import HookContext, run_hook

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from batchgate.shell.gitcommand import GitInvocation

EVENT = "PreToolUse"
MAX_COMMAND = 64 * 1024
FILE_TOOLS = {"Write": "file_path", "Edit": "file_path", "MultiEdit": "file_path", "NotebookEdit": "notebook_path"}


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """No active run, or not a git command: allow. A gated subagent touching the referee, or a hook bypass:
    deny (both checks are stdlib, so a broken engine cannot let one through). Only what may rewrite
    history or add a commit needs the engine."""
    if not context.active:
        return allow()
    command = _command(payload)
    gated = gated_agent(payload, context.run) is not None
    if command is not None and len(command) > MAX_COMMAND and (gated or "git" in command):
        # parsing megabytes could outlast the hook's timeout, which fails open
        return deny(
            f"batchgate cannot check a {len(command) // 1024} KiB Bash command while a batch run is active; "
            "run the git commands on their own, in shorter commands."
        )
    refused = _referee(payload, context, command) if gated else None
    if refused is not None or command is None or "git" not in command:
        return refused or allow()
    from batchgate.shell.gitcommand import analyze

    analysis = analyze(command)
    if analysis.parse_error and _mentions_bypass(command):
        return deny(
            f"batchgate could not parse this command ({analysis.parse_error}) and it mentions skipping git hooks; "
            "run the git commands one at a time, without --no-verify."
        )
    bypass = next((i for i in analysis.invocations if i.bypasses_hooks and i.subcommand in ("commit", "config")), None)
    if bypass is not None:
        return _bypass_denied(bypass)
    return None if _risky(analysis.invocations) else allow()


def _referee(payload: dict[str, Any], context: HookContext, command: str | None) -> Decision | None:
    """A gated subagent's call that would change the referee: denied, with what to do instead."""
    tool_input = payload.get("tool_input")
    field = FILE_TOOLS.get(str(payload.get("tool_name")))
    path = tool_input.get(field) if field and isinstance(tool_input, dict) else None
    if context.state_dir is None or context.run is None or (command is None and not isinstance(path, str)):
        return None
    from batchgate.workflow.referee import Referee

    cwd = payload.get("cwd")
    cwd = cwd if isinstance(cwd, str) and os.path.isdir(cwd) else context.project_dir
    referee = Referee.of_run(context.run, context.state_dir, context.project_dir, cwd)
    if command is not None:
        problem = referee.bash_problem(command)
    else:
        problem = referee.file_problem(str(path), str(payload["tool_name"]))
    return deny(problem) if problem else None


def _bypass_denied(invocation: GitInvocation) -> Decision:
    """The deny for a hook bypass, carrying the parser's reading of the command."""
    from batchgate.shell.gitcommand import describe

    instead = (
        "Leave core.hooksPath as it is until the batch is complete."
        if invocation.subcommand == "config"
        else "Commit normally and fix whatever the hooks report."
    )
    return deny(
        f"batchgate: a batch run is active, and skipping git's hooks is not allowed: {describe(invocation)[:300]}. "
        + instead
    )


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """Deny what would rewrite a protected commit or add a second batch commit."""
    from batchgate.shell.gitcommand import analyze

    risky = _risky(analyze(_command(payload) or "").invocations)
    return _history_guard(risky, context) if risky else allow()


def _risky(invocations: Sequence[GitInvocation]) -> list[GitInvocation]:
    return [i for i in invocations if i.amend or i.rewrites_history or i.is_commit]


def _history_guard(invocations: list[GitInvocation], context: HookContext) -> Decision:
    from batchgate.workflow.guard import guard_git

    problem = guard_git(context.project_dir, invocations)
    return deny(problem) if problem else allow()


def _command(payload: dict[str, Any]) -> str | None:
    if payload.get("tool_name") != "Bash":
        return None
    tool_input = payload.get("tool_input")
    command = tool_input.get("command") if isinstance(tool_input, dict) else None
    return command if isinstance(command, str) else None


def _mentions_bypass(command: str) -> bool:
    return "commit" in command and any(word in command for word in ("--no-verify", " -n", "hooksPath", "HUSKY"))


def main(script: str) -> None:
    """Entry point for hooks/pre_tool_use.py."""
    run_hook(EVENT, script, fast, decide)
