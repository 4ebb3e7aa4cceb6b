"""Real git repositories in temporary folders, built through one small helper."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

_ENV = {
    "GIT_AUTHOR_NAME": "Test Developer",
    "GIT_AUTHOR_EMAIL": "dev@example.com",
    "GIT_COMMITTER_NAME": "Test Developer",
    "GIT_COMMITTER_EMAIL": "dev@example.com",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


class GitRepo:
    """A repository the test owns: write files, stage, commit, read back."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @classmethod
    def create(cls, root: Path, branch: str = "main") -> GitRepo:
        """`git init` a new repository at `root`."""
        root.mkdir(parents=True, exist_ok=True)
        repo = cls(root)
        repo.git("init", "-q", "-b", branch)
        return repo

    def git(self, *args: str, check: bool = True) -> str:
        """Run git in the repository; its stdout."""
        done = subprocess.run(
            ["git", *args], cwd=self.root, env={**os.environ, **_ENV}, capture_output=True, text=True, check=False
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr.strip()}")
        return done.stdout.strip()

    def write(self, relative: str, content: str | bytes) -> Path:
        """Write a file (folders created); returns its path."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        """A file's text."""
        return (self.root / relative).read_text(encoding="utf-8")

    def commit(self, message: str, *paths: str) -> str:
        """Stage `paths` (or everything) and commit; the new SHA."""
        self.git("add", "--", *(paths or (".",)))
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.head()

    def head(self) -> str:
        """The full SHA of HEAD."""
        return self.git("rev-parse", "HEAD")
