"""Benchmark fixtures: generated plans and repositories (fast-import for big histories)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def big_plan(batches: int, tasks_per_batch: int) -> str:
    """A canonical tasks.md with `batches` batches of `tasks_per_batch` tasks each."""
    out = [
        "# Development Tasks - TASK_BENCH",
        "",
        f"**Total Batches**: {batches} | **Status**: 0/{batches} batches complete",
        "",
    ]
    for b in range(1, batches + 1):
        out += [
            f"## Batch {b}: Generated batch {b} ⏸️ PENDING",
            "",
            "**Assigned To**: backend-developer",
            "**Dependencies**: None",
            "",
        ]
        for t in range(1, tasks_per_batch + 1):
            out += [
                f"### Task {b}.{t}: Generated task {b}.{t} ⏸️ PENDING",
                "",
                f"**File(s)**: `libs/gen/b{b}/t{t}.py` **[NEW]**",
                "**Pattern to Follow**: `libs/gen/example.py`",
                "",
            ]
        out += ["---", ""]
    return "\n".join(out)


def git(root: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run git in `root`."""
    done = subprocess.run(["git", *args], cwd=root, env=GIT_ENV, input=stdin, capture_output=True, check=True)
    return done.stdout.decode()


def history_repo(root: Path, commits: int) -> Path:
    """A repository with `commits` commits (one file changed each), made with fast-import."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    stream = []
    for n in range(1, commits + 1):
        body = f"line {n}\n".encode()
        message = f"chore: commit {n}\n".encode()
        stream.append(b"commit refs/heads/main\n")
        stream.append(f"committer bench <bench@example.com> {1700000000 + n} +0000\n".encode())
        stream.append(b"data %d\n%s" % (len(message), message))
        stream.append(b"M 100644 inline history/file%d.txt\ndata %d\n%s\n" % (n % 50, len(body), body))
    git(root, "fast-import", "--quiet", stdin=b"".join(stream))
    git(root, "checkout", "-q", "main")
    return root
