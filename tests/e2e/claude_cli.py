"""The pinned Claude Code CLI: installed once into `.cache/claude-code/`, run in print mode.

`install_cli()` returns the executable or skips the calling test with the reason (npm missing,
registry unreachable); any other install failure fails loudly. `ClaudeRunner.run()` runs
`claude -p` in a project folder with an isolated HOME, pointed at a `FakeAnthropic` server.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest

from tests.e2e import home_guard
from tests.e2e.cli_env import cli_env
from tests.e2e.fake_anthropic import FakeAnthropic, Script
from tests.e2e.run_result import ClaudeRun
from tests.support.paths import ROOT

CLI_VERSION = "2.1.328"
CLI_PACKAGE = f"@anthropic-ai/claude-code@{CLI_VERSION}"
CACHE_DIR = Path(os.environ.get("BATCHGATE_E2E_CACHE", ROOT / ".cache" / "claude-code"))
INSTALL_TIMEOUT = 600
_NETWORK_ERRORS = re.compile(
    r"ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|"
    r"network|socket hang up|getaddrinfo|proxy|E403|E401|ERR_SSL|certificate|fetch failed",
    re.IGNORECASE,
)


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on `path` (held across processes, e.g. pytest-xdist workers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def executable_in(prefix: Path) -> Path:
    """Where npm puts the `claude` command inside an install prefix."""
    return prefix / "node_modules" / ".bin" / "claude"


def cli_version(executable: Path) -> str:
    """`claude --version` (run with an empty HOME, so nothing real is read); "" if it fails."""
    home = executable.parent.parent.parent / ".version-home"
    home.mkdir(exist_ok=True)
    try:
        done = subprocess.run(
            [str(executable), "--version"],
            env={"PATH": os.environ.get("PATH", ""), "HOME": str(home), "DISABLE_AUTOUPDATER": "1"},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.strip() if done.returncode == 0 else ""


def npm_install(npm: str, prefix: Path, specs: tuple[str, ...]) -> None:
    """`npm install specs` into `prefix`; skips the test where the registry cannot be reached, fails otherwise."""
    argv = [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--loglevel=error", *specs]
    # Fail fast where the registry is unreachable (npm's default backoff waits ~70 s); the user's settings win.
    quick = {"npm_config_fetch_retries": "1", "npm_config_fetch_retry_mintimeout": "2000"}
    env = {**quick, "npm_config_fetch_retry_maxtimeout": "5000", **os.environ, "npm_config_update_notifier": "false"}
    wanted = " ".join(specs)
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, check=False)
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm registry unreachable: `npm install {wanted}` timed out after {INSTALL_TIMEOUT} s")
    if done.returncode == 0:
        return
    output = (done.stderr + done.stdout).strip()
    if _NETWORK_ERRORS.search(output):
        lines = [line for line in output.splitlines() if _NETWORK_ERRORS.search(line)]
        pytest.skip(f"npm registry unreachable, cannot install {wanted}: {' | '.join(lines[:2])}")
    pytest.fail(f"`npm install {wanted}` failed (exit {done.returncode}):\n{output[-4000:]}")


def install_cli() -> Path:
    """The pinned CLI's executable, installing it first if this checkout has no copy yet."""
    prefix = CACHE_DIR / CLI_VERSION
    marker = prefix / ".installed"
    with _locked(CACHE_DIR / ".install.lock"):
        if marker.is_file() and executable_in(prefix).exists():
            return executable_in(prefix)
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip(f"npm is not on PATH: cannot install {CLI_PACKAGE} for the end-to-end tests")
        partial = CACHE_DIR / f"{CLI_VERSION}.partial-{os.getpid()}"
        shutil.rmtree(partial, ignore_errors=True)
        npm_install(npm, partial, (CLI_PACKAGE,))
        version = cli_version(executable_in(partial))
        if not version.startswith(CLI_VERSION):
            pytest.fail(f"installed {CLI_PACKAGE} but `claude --version` said {version!r}")
        shutil.rmtree(prefix, ignore_errors=True)
        partial.rename(prefix)
        marker.write_text(version + "\n", encoding="utf-8")
        return executable_in(prefix)


def _kill_group(process: subprocess.Popen[str]) -> None:
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)


def _execute(argv: list[str], cwd: Path, env: dict[str, str], limit: float) -> tuple[int, str, str, bool]:
    """Run to completion or `limit` seconds (then kill its whole process group): code, out, err, timed out."""
    process = subprocess.Popen(
        argv,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=limit)
        timed_out = False
    except subprocess.TimeoutExpired:
        _kill_group(process)
        stdout, stderr = process.communicate()
        timed_out = True
    _kill_group(process)  # hooks or tool commands the CLI left behind
    return process.returncode, stdout, stderr, timed_out


class ClaudeRunner:
    """Runs `claude -p` in `project` with an isolated `home`, served by `server`."""

    def __init__(self, executable: Path, server: FakeAnthropic, home: Path, project: Path, timeout: float = 60) -> None:
        self.executable = executable
        self.server = server
        self.home = home
        self.project = project
        self.timeout = timeout
        (home / "tmp").mkdir(parents=True, exist_ok=True)

    def argv(self, prompt: str, bypass: bool, args: Sequence[str]) -> list[str]:
        """The command line for one run."""
        argv = [str(self.executable), "-p", prompt, "--output-format", "stream-json", "--verbose"]
        if bypass:
            argv += ["--permission-mode", "bypassPermissions"]
        return [*argv, *args]

    def run(
        self,
        prompt: str,
        script: Script | None = None,
        *,
        bypass: bool = False,
        args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> ClaudeRun:
        """One run; fails the test if it times out or touches the real ~/.claude."""
        if script is not None:
            self.server.script = script
        argv = self.argv(prompt, bypass, args)
        before_log, before_messages = len(self.server.log), len(self.server.messages)
        before_errors, guard = len(self.server.errors), home_guard.fingerprint()
        started = time.monotonic()
        limit = timeout or self.timeout
        code, stdout, stderr, timed_out = _execute(
            argv, self.project, cli_env(self.home, self.server.base_url, env), limit
        )
        run = ClaudeRun(
            argv=argv,
            code=code,
            stdout=stdout,
            stderr=stderr,
            seconds=time.monotonic() - started,
            home=self.home,
            project=self.project,
            log=self.server.log[before_log:],
            messages=self.server.messages[before_messages:],
            script_errors=self.server.errors[before_errors:],
        )
        touched = home_guard.changes(guard, home_guard.fingerprint())
        assert not touched, f"the run changed the real user's Claude state: {touched[:10]}"
        assert not timed_out, f"claude did not finish within {limit} s\n{run.describe()}"
        return run
