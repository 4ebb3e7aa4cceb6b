"""Run the hooks exactly as Claude Code does, and read back what they answered.

`python3 hooks/<event>.py` with the event JSON on stdin, cwd = the repository,
CLAUDE_PROJECT_DIR set and HOME pointed into the test's tmp dir. Payloads have
the shapes Claude Code 2.1.328 sends (shared/reference/claude-code-observed.md
§2). Every run is checked for what must hold whatever the input: exit 0 or 2,
stdout empty or JSON of the documented shape, and never a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.hooks.payloads import bash_input, session_start_payload, stop_payload, subagent_stop_payload, tool_payload
from tests.support.batchrepo import BatchRepo

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = {
    "SubagentStop": ROOT / "hooks" / "subagent_stop.py",
    "Stop": ROOT / "hooks" / "stop.py",
    "PreToolUse": ROOT / "hooks" / "pre_tool_use.py",
    "PostToolUse": ROOT / "hooks" / "post_tool_use.py",
    "SessionStart": ROOT / "hooks" / "session_start.py",
}
EVENTS = tuple(SCRIPTS)
# What each hook answers to its usual payload (Hooks.payload) with batch 1 assigned and nothing done:
# a gated developer's stop, the leader's stop, `git commit --no-verify` before and after it, a resume.
HELD_NORMALLY = {"SubagentStop": True, "Stop": True, "PreToolUse": True, "PostToolUse": False, "SessionStart": False}
PYTHON3 = shutil.which("python3") or sys.executable  # what Claude Code's `python3 …` finds
_COMMON = {"continue", "stopReason", "suppressOutput", "systemMessage"}
_TOP = {
    "SubagentStop": {"decision", "reason"},
    "Stop": {"decision", "reason"},
    "PreToolUse": {"hookSpecificOutput"},
    "PostToolUse": {"decision", "reason", "hookSpecificOutput"},
    "SessionStart": {"hookSpecificOutput"},
}
_SPECIFIC = {
    "PreToolUse": {"hookEventName", "permissionDecision", "permissionDecisionReason", "additionalContext"},
    "PostToolUse": {"hookEventName", "additionalContext"},
    "SessionStart": {"hookEventName", "additionalContext"},
}
_CAP = 10_000  # Claude Code's limit on hook strings


@dataclass(frozen=True)
class HookRun:
    """One hook process: exit code, stdout, stderr, and what they mean."""

    event: str
    code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> dict[str, Any]:
        """stdout as JSON ({} when the hook printed nothing)."""
        return json.loads(self.stdout) if self.stdout.strip() else {}

    @property
    def specific(self) -> dict[str, Any]:
        """hookSpecificOutput ({} when absent)."""
        return dict(self.output.get("hookSpecificOutput") or {})

    @property
    def blocked(self) -> bool:
        """Stop/SubagentStop/PostToolUse held back (JSON block, or exit 2)."""
        return self.code == 2 or self.output.get("decision") == "block"

    @property
    def denied(self) -> bool:
        """PreToolUse refused the tool call."""
        return self.code == 2 or self.specific.get("permissionDecision") == "deny"

    @property
    def held(self) -> bool:
        """Blocked or denied, whichever the event speaks."""
        return self.denied if self.event == "PreToolUse" else self.blocked

    @property
    def reason(self) -> str:
        """What Claude is told to do (block reason, deny reason, or exit-2 stderr)."""
        if self.code == 2:
            return self.stderr
        return str(self.output.get("reason") or self.specific.get("permissionDecisionReason") or "")

    @property
    def context(self) -> str:
        """hookSpecificOutput.additionalContext."""
        return str(self.specific.get("additionalContext") or "")

    @property
    def message(self) -> str:
        """systemMessage (shown to the user)."""
        return str(self.output.get("systemMessage") or "")

    @property
    def said(self) -> str:
        """Every message the hook gave anyone: stderr, systemMessage, reason."""
        return "\n".join(part for part in (self.stderr.strip(), self.message, self.reason) if part)

    @property
    def silent(self) -> bool:
        """Nothing on stdout and nothing on stderr."""
        return not self.stdout.strip() and not self.stderr.strip()

    def describe(self) -> str:
        """For assertion messages."""
        return f"{self.event} exit {self.code}\nstdout: {self.stdout[:3000]}\nstderr: {self.stderr[:3000]}"


def check_well_formed(run: HookRun) -> None:
    """What holds for every hook run, whatever it was given."""
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream, run.describe()
    assert run.code in (0, 2), run.describe()
    if run.code == 2:
        assert run.stderr.strip(), run.describe()
    if not run.stdout.strip():
        return
    out = json.loads(run.stdout)
    assert isinstance(out, dict), run.describe()
    assert set(out) <= _TOP[run.event] | _COMMON, run.describe()
    if "decision" in out:
        assert out["decision"] == "block", run.describe()
        assert isinstance(out.get("reason"), str) and out["reason"].strip(), run.describe()
    specific = out.get("hookSpecificOutput")
    if specific is not None:
        assert isinstance(specific, dict), run.describe()
        assert set(specific) <= _SPECIFIC[run.event], run.describe()
        assert specific.get("hookEventName") == run.event, run.describe()
        assert specific.get("permissionDecision", "deny") in ("allow", "deny", "ask"), run.describe()
    for text in _strings(out):
        assert len(text) <= _CAP, run.describe()


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    return []


def one_line_message(run: HookRun) -> str:
    """The hook's message to a person (stderr, else systemMessage, else reason): present, first line."""
    text = run.said
    assert text.strip(), f"no message at all\n{run.describe()}"
    first = text.strip().splitlines()[0]
    assert first.startswith("batchgate"), run.describe()
    return first


def assert_denied(run: HookRun, *words: str) -> None:
    """PreToolUse denied the call, in batchgate's words, naming each of `words`."""
    assert run.code == 0 and run.denied, run.describe()
    assert run.reason.startswith("batchgate"), run.describe()
    for word in words:
        assert word in run.reason, run.describe()


def run_hook(
    event: str,
    stdin: dict[str, Any] | list[Any] | bytes | str,
    cwd: Path,
    home: Path,
    project_dir: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 300,
) -> HookRun:
    """`python3 hooks/<event>.py` as Claude Code runs it; checked with `check_well_formed`."""
    if isinstance(stdin, bytes):
        data = stdin
    elif isinstance(stdin, str):
        data = stdin.encode()
    else:
        data = json.dumps(stdin).encode()
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE", "BATCHGATE"))}
    full_env.update(
        {"CLAUDE_PROJECT_DIR": str(project_dir or cwd), "HOME": str(home), "CLAUDECODE": "1", **(env or {})}
    )
    done = subprocess.run(
        [PYTHON3, str(SCRIPTS[event])], input=data, cwd=cwd, env=full_env, capture_output=True, timeout=timeout
    )
    run = HookRun(
        event, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )
    check_well_formed(run)
    return run


def run_hook_in_deleted_folder(event: str, stdin: dict[str, Any], folder: Path, home: Path) -> HookRun:
    """The hook started inside `folder`, which is deleted just before python3 starts (the repository gone).

    python3 is resolved to the real interpreter first: a version manager's shell shim on PATH would
    add its own complaints about the missing folder to stderr.
    """
    launcher = (
        "import os, shutil, sys; os.chdir(sys.argv[1]); shutil.rmtree(sys.argv[1]); "
        "os.execvp(sys.argv[2], sys.argv[2:])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLAUDE", "BATCHGATE"))}
    env.update({"CLAUDE_PROJECT_DIR": str(folder), "HOME": str(home)})
    real = subprocess.run([PYTHON3, "-c", "import sys; print(sys.executable)"], capture_output=True, text=True)
    argv = [sys.executable, "-c", launcher, str(folder), real.stdout.strip(), str(SCRIPTS[event])]
    done = subprocess.run(argv, input=json.dumps(stdin).encode(), env=env, capture_output=True, timeout=120)
    run = HookRun(
        event, done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    )
    check_well_formed(run)
    return run


@dataclass
class Hooks:
    """The five hooks, bound to one BatchRepo."""

    br: BatchRepo
    env: dict[str, str] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The repository."""
        return self.br.root

    def run(self, event: str, stdin: dict[str, Any] | list[Any] | bytes | str, **kw: Any) -> HookRun:
        """Run `event`'s hook in the repository."""
        return run_hook(
            event, stdin, kw.pop("cwd", self.root), self.br.home, env={**self.env, **kw.pop("env", {})}, **kw
        )

    def payload(self, event: str) -> dict[str, Any]:
        """A typical payload of `event` in this repository."""
        home, root = self.br.home, self.root
        if event == "SubagentStop":
            return subagent_stop_payload(root, home)
        if event == "Stop":
            return stop_payload(root, home)
        if event == "SessionStart":
            return session_start_payload(root, home)
        return tool_payload(event, root, home, "Bash", bash_input("git commit --no-verify -m x"))

    def subagent_stop(self, agent_type: str | None = "backend-developer", **fields: Any) -> HookRun:
        """The developer (or another subagent) stops."""
        return self.run("SubagentStop", subagent_stop_payload(self.root, self.br.home, agent_type, **fields))

    def stop(self, env: dict[str, str] | None = None, **fields: Any) -> HookRun:
        """The team leader's turn ends."""
        return self.run("Stop", stop_payload(self.root, self.br.home, **fields), env=env or {})

    def pre_bash(self, command: str, agent_type: str | None = None) -> HookRun:
        """PreToolUse of a Bash command."""
        return self.run(
            "PreToolUse", tool_payload("PreToolUse", self.root, self.br.home, "Bash", bash_input(command), agent_type)
        )

    def post(self, tool: str, tool_input: dict[str, Any], **fields: Any) -> HookRun:
        """PostToolUse of any tool."""
        return self.run("PostToolUse", tool_payload("PostToolUse", self.root, self.br.home, tool, tool_input, **fields))

    def session_start(self, source: str = "resume") -> HookRun:
        """SessionStart after a resume or compaction."""
        return self.run("SessionStart", session_start_payload(self.root, self.br.home, source))

    def run_file(self) -> dict[str, Any] | None:
        """The run state as stored (None when there is none)."""
        path = self.root / ".git" / "batchgate" / "run.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
