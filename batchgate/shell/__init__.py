"""Reading shell command lines without running them: which programs run, what git does, what files change.

Standard library only (the hooks' fast path imports it). Below the workflow,
so the PreToolUse hook and the workflow's guard share one parser.
"""
