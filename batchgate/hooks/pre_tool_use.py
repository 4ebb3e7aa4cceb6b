"""PreToolUse (Bash): no hook bypass, no rewriting of protected commits, one batch commit.

While a run is active, from any agent: `git commit --no-verify`/`-n` (and
other ways of skipping the hooks) is denied; amending or rewriting a commit
made before the batch was assigned, or the verified batch commit, is
denied; and where `commit.max_per_batch` is 1, a second batch commit is
denied (a commit of bookkeeping files alone, such as tasks.md, is not one).
The command is parsed, not grepped: words in messages or echo are not git.
"""

from __future__ import annotations

from batchgate.hooks.decision import Decision, allow, deny
from batchgate.hooks.runtime import HookContext, run_hook

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import Any

    from batchgate.hooks.gitcommand import GitInvocation

EVENT = "PreToolUse"
MAX_COMMAND = 64 * 1024


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """No active run, or not a git command: allow. A hook bypass: deny (the parser is stdlib, so a broken
    engine cannot let one through). Only what may rewrite history or add a commit needs the engine."""
    command = _command(payload)
    if not context.active or command is None or "git" not in command:
        return allow()
    if len(command) > MAX_COMMAND:  # parsing megabytes could outlast the hook's timeout, which fails open
        return deny(
            f"batchgate cannot check a {len(command) // 1024} KiB Bash command that mentions git while a batch "
            "run is active; run the git commands on their own, in shorter commands."
        )
    from batchgate.hooks.gitcommand import analyze

    analysis = analyze(command)
    if analysis.parse_error and _mentions_bypass(command):
        return deny(
            f"batchgate could not parse this command ({analysis.parse_error}) and it mentions skipping git hooks; "
            "run the git commands one at a time, without --no-verify."
        )
    for invocation in analysis.invocations:
        if invocation.is_commit and (invocation.no_verify or invocation.bypasses_hooks):
            return deny(
                "batchgate: a batch run is active, and skipping git's hooks (--no-verify, -n, core.hooksPath, HUSKY=0) "
                "is not allowed. Commit normally and fix whatever the hooks report."
            )
    return None if _risky(analysis.invocations) else allow()


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """Deny what would rewrite a protected commit or add a second batch commit."""
    from batchgate.hooks.gitcommand import analyze

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
