"""PostToolUse: record the batch commit's SHA; lint tasks.md after every edit of it.

After a successful `git commit` during a run, the new HEAD is recorded in
the run state and Claude is told the SHA to write into tasks.md. After an
Edit/Write/MultiEdit of a tasks.md, its lint findings (with line numbers)
come back as additional context.
"""

from __future__ import annotations

import os

from batchgate.hooks.decision import Decision, allow
from batchgate.hooks.runtime import HookContext, run_hook

TYPE_CHECKING = False  # importing typing would cost the fast path ~4 ms; type checkers read this as usual
if TYPE_CHECKING:
    from typing import Any

EVENT = "PostToolUse"
_EDITORS = ("Edit", "Write", "MultiEdit")


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """Only a tasks.md edit, or a git commit during a run, needs the engine."""
    tool = payload.get("tool_name")
    if tool in _EDITORS:
        return None if _edited_tasks_file(payload) else allow()
    if tool == "Bash" and context.active:
        command = _command(payload)
        return None if command and "git" in command and "commit" in command else allow()
    return allow()


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """Lint the edited tasks.md, or record the commit just made."""
    path = _edited_tasks_file(payload)
    if path is not None:
        from batchgate.workflow.aftertool import lint_summary

        summary = lint_summary(path)
        return allow(context=summary) if summary else allow()
    from batchgate.shell.gitcommand import analyze
    from batchgate.workflow.aftertool import record_commit

    if not analyze(_command(payload) or "").commits:
        return allow()
    note = record_commit(context.project_dir)
    return allow(context=note) if note else allow()


def _edited_tasks_file(payload: dict[str, Any]) -> str | None:
    tool_input = payload.get("tool_input")
    path = tool_input.get("file_path") if isinstance(tool_input, dict) else None
    if not isinstance(path, str):
        return None
    normal = path.replace("\\", "/")
    if os.path.basename(normal) != "tasks.md" or "task-tracking/" not in normal:
        return None
    return path


def _command(payload: dict[str, Any]) -> str | None:
    tool_input = payload.get("tool_input")
    command = tool_input.get("command") if isinstance(tool_input, dict) else None
    return command if isinstance(command, str) else None


def main(script: str) -> None:
    """Entry point for hooks/post_tool_use.py."""
    run_hook(EVENT, script, fast, decide)
