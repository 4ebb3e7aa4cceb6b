"""Two batch commits whose SHAs share their first 7 hex digits (an ambiguous short SHA in tasks.md).

Candidate commit objects (same tree and parent, a `Nonce: N` line in the
message) are hashed in Python until two share a 7-digit prefix (birthday
bound: ~20,000 candidates, well under a second); both are written with
`git hash-object`, one on main and one on a branch `twin`.
"""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

from tests.support.batchrepo import BatchRepo

STAMP = "1700000000 +0000"


def twin_commits(br: BatchRepo) -> Path:
    """Two batch commits whose SHAs share 7 hex digits; tasks.md records the 7-digit prefix."""
    br.assign()
    br.do_task_work()
    br.git.git("add", "--", *br.batch().files)
    tree, parent = br.git.git("write-tree"), br.git.head()
    seen: dict[str, bytes] = {}
    nonce = 0
    while True:
        body = _commit_object(tree, parent, br.commit_message() + f"\nNonce: {nonce}\n")
        digest = hashlib.sha1(b"commit %d\0" % len(body) + body, usedforsecurity=False).hexdigest()
        if digest[:7] in seen:
            break
        seen[digest[:7]] = body
        nonce += 1
    first, second = _write_object(br, seen[digest[:7]]), _write_object(br, body)
    assert first[:7] == second[:7] and first != second
    br.git.git("update-ref", "refs/heads/main", first)
    br.git.git("update-ref", "refs/heads/twin", second)
    br.mark_implemented()
    br.record_sha(first[:7])
    return br.root


def _commit_object(tree: str, parent: str, message: str) -> bytes:
    who = f"Test Developer <dev@example.com> {STAMP}"
    return f"tree {tree}\nparent {parent}\nauthor {who}\ncommitter {who}\n\n{message}".encode()


def _write_object(br: BatchRepo, body: bytes) -> str:
    done = subprocess.run(
        ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
        cwd=br.root,
        input=body,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode().strip()
