"""Fixtures for end-to-end runs of the real Claude Code CLI.

    def test_something(claude: ClaudeSession) -> None:
        claude.project.command("hello", "Say hello to $ARGUMENTS")
        run = claude.run("/hello world", script)
        assert "Say hello to world" in run.messages[0].first_user_text()

`claude_executable` (session) installs the pinned CLI once or skips with the reason.
`fake_api` is a fresh FakeAnthropic server per test. `claude` binds both to a new project
(a git repository with one commit) and an isolated HOME under the test's tmp_path.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.e2e.claude_cli import ClaudeRunner, install_cli
from tests.e2e.fake_anthropic import FakeAnthropic, Script
from tests.e2e.project import Project
from tests.e2e.run_result import ClaudeRun
from tests.support.gitrepo import GitRepo


@dataclass
class ClaudeSession:
    """What a scenario needs: the runner, the project, its git repository, the fake server."""

    runner: ClaudeRunner
    project: Project
    repo: GitRepo
    api: FakeAnthropic

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
        """`claude -p PROMPT` answered by `script`; see `ClaudeRunner.run`."""
        return self.runner.run(prompt, script, bypass=bypass, args=args, env=env, timeout=timeout)


@pytest.fixture(scope="session")
def claude_executable() -> Path:
    """The pinned CLI (installed into .cache/claude-code on first use)."""
    return install_cli()


@pytest.fixture
def fake_api() -> Iterator[FakeAnthropic]:
    """A fake Messages API on 127.0.0.1, stopped after the test."""
    with FakeAnthropic() as server:
        yield server


@pytest.fixture
def claude(claude_executable: Path, fake_api: FakeAnthropic, tmp_path: Path) -> ClaudeSession:
    """A runner bound to a fresh server, project repository and isolated HOME."""
    repo = GitRepo.create(tmp_path / "project")
    repo.write("README.md", "# e2e project\n")
    repo.commit("chore: initial commit")
    runner = ClaudeRunner(claude_executable, fake_api, home=tmp_path / "home", project=repo.root)
    return ClaudeSession(runner, Project(repo.root), repo, fake_api)
