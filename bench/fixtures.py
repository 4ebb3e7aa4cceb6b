"""Benchmark fixtures: generated plans and repositories (fast-import for big trees and histories)."""

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

PLAN = """# Development Tasks - BENCH

## Batch 1: Benchmark batch ⏸️ PENDING

**Assigned To**: backend-developer

### Task 1.1: Add the module ⏸️ PENDING

**File(s)**: `lib/mod.py` **[NEW]**
"""


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


def generated_repo(root: Path, files: int, commits: int) -> Path:
    """A checked-out repository: `files` tracked files (100 a folder), then `commits` - 1 commits changing one each."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    stream = [_commit(1, b"chore: the generated tree\n")]
    stream += [_file(n, b"") for n in range(files)]
    for n in range(2, commits + 1):
        stream.append(_commit(n, f"chore: commit {n}\n".encode()))
        stream.append(_file(n % files, f"revision {n}\n".encode()))
    git(root, "fast-import", "--quiet", stdin=b"".join(stream))
    git(root, "checkout", "-q", "-f", "main")
    return root


def history_repo(root: Path, commits: int) -> Path:
    """A repository with `commits` commits (one file of 50 changed each)."""
    return generated_repo(root, 50, commits)


def _commit(n: int, message: bytes) -> bytes:
    head = b"commit refs/heads/main\n"
    who = f"committer bench <bench@example.com> {1700000000 + n} +0000\n".encode()
    return head + who + b"data %d\n%s" % (len(message), message)


def _file(n: int, extra: bytes) -> bytes:
    body = b"VALUE_%d = %d\n%s" % (n, n, extra)
    return b"M 100644 inline src/d%03d/f%05d.py\ndata %d\n%s\n" % (n // 100, n, len(body), body)
