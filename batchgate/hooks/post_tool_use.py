"""PostToolUse hook."""

from __future__ import annotations

from typing import TYPE_CHECKING

from batchgate.hooks.decision import Decision, allow
from batchgate.hooks.runtime import HookContext, run_hook

if TYPE_CHECKING:
    from typing import Any

EVENT = "PostToolUse"


def fast(payload: dict[str, Any], context: HookContext) -> Decision | None:
    """Answer without the engine when nothing concerns an active run."""
    if not context.active:
        return allow()
    return None


def decide(payload: dict[str, Any], context: HookContext) -> Decision:
    """The engine's decision."""
    return allow()


def main(script: str) -> None:
    """Entry point for hooks/post_tool_use.py."""
    run_hook(EVENT, script, fast, decide)
