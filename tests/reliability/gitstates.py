"""Repositories in odd git states, built for the verify/complete table in test_git_states.py.

Each builder takes a fresh BatchRepo, assigns batch 1 where a run belongs
to the state, puts the repository into that state, and returns the directory
to run `batchgate -C DIR verify T1` in. twins.py crafts the one with two
batch commits whose SHAs share their first 7 hex digits.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from batchgate.evidence.runstate import load_run, save_run
from tests.support.batchrepo import BatchRepo, file_content
from tests.support.gitrepo import GitRepo


def detached(br: BatchRepo) -> Path:
    br.assign()
    br.honest_work()
    br.git.git("checkout", "-q", "--detach")
    return br.root


def empty_repository(br: BatchRepo) -> Path:
    """No commit at all: a fresh `git init` holding the plan, untracked."""
    root = br.root.parent / "empty"
    fresh = GitRepo.create(root)
    fresh.write("task-tracking/T1/tasks.md", br.plan_path.read_text(encoding="utf-8"))
    return root


def orphan_branch(br: BatchRepo) -> Path:
    """HEAD on a branch that has no commit yet (`git checkout --orphan`)."""
    br.git.git("checkout", "-q", "--orphan", "nothing-yet")
    return br.root


def _shallow(br: BatchRepo) -> Path:
    """A depth-1 clone after honest work and a docs commit: the batch commit is beyond the boundary."""
    br.honest_work()
    br.git.commit("docs: record batch 1", "task-tracking")
    clone = br.root.parent / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{br.root}", str(clone)], check=True, timeout=120)
    return clone


def shallow_clone(br: BatchRepo) -> Path:
    """The shallow clone with the run copied over: its base is beyond the boundary too."""
    br.assign()
    clone = _shallow(br)
    run = load_run(str(br.root / ".git" / "batchgate"))
    assert run is not None
    save_run(str(clone / ".git" / "batchgate"), run)
    return clone


def shallow_clone_no_run(br: BatchRepo) -> Path:
    """The shallow clone alone: only the SHA recorded in tasks.md says which commit to check."""
    return _shallow(br)


def linked_worktree(br: BatchRepo) -> Path:
    """Honest work done in a linked worktree, whose run is its own."""
    worktree = br.root.parent / "wt"
    br.git.git("worktree", "add", "-q", str(worktree), "-b", "wt")
    other = BatchRepo(GitRepo(worktree), br.tools, br.home, br.plan)
    other.assign()
    other.honest_work()
    return worktree


def mid_rebase(br: BatchRepo) -> Path:
    """A rebase stopped on a conflict in a batch file."""
    br.assign()
    br.honest_work()
    br.git.commit("docs: record batch 1", "task-tracking")
    br.git.git("checkout", "-q", "-b", "theirs", "HEAD~2")
    br.git.write("lib/greet.py", "def other():\n    return 2\n")
    br.git.commit("feat: a conflicting change", "lib/greet.py")
    br.git.git("checkout", "-q", "main")
    br.git.git("rebase", "theirs", check=False)
    assert (br.root / ".git" / "rebase-merge").exists() or (br.root / ".git" / "rebase-apply").exists()
    return br.root


def merged_branch(br: BatchRepo) -> Path:
    """The batch commit made on a branch and merged with --no-ff."""
    br.assign()
    br.git.git("checkout", "-q", "-b", "feature")
    br.honest_work()
    br.git.git("checkout", "-q", "main")
    br.git.git("merge", "-q", "--no-ff", "-m", "Merge branch 'feature'", "feature")
    return br.root


def merge_only(br: BatchRepo) -> Path:
    """The work arrives only inside a merge commit (no batch commit of its own)."""
    br.assign()
    br.git.git("checkout", "-q", "-b", "side")
    br.git.write("task-tracking/T1/notes.md", "side notes\n")
    br.git.commit("docs: side notes", "task-tracking")
    br.git.git("checkout", "-q", "main")
    br.git.git("merge", "-q", "--no-ff", "--no-commit", "side")
    br.do_task_work()
    br.git.git("add", "--", *br.batch().files)
    br.git.git("commit", "-q", "-m", br.commit_message())
    return br.root


def renamed(br: BatchRepo) -> Path:
    """Batch 1's first file reached by renaming a file of the base commit (git mv, then edited)."""
    br.git.write("lib/old_greet.py", file_content("lib/greet.py", 0))
    br.git.commit("chore: old module", "lib/old_greet.py")
    br.assign()
    br.git.git("mv", "lib/old_greet.py", "lib/greet.py")
    br.do_task_work()
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])
    return br.root


def missing_object(br: BatchRepo) -> Path:
    """The batch commit's tree object deleted from the object store."""
    br.assign()
    br.honest_work()
    tree = br.git.git("rev-parse", "HEAD^{tree}")
    (br.root / ".git" / "objects" / tree[:2] / tree[2:]).unlink()
    return br.root


def index_locked(br: BatchRepo) -> Path:
    """Another git holds index.lock."""
    br.assign()
    br.honest_work()
    (br.root / ".git" / "index.lock").write_bytes(b"")
    return br.root


def bare_repository(br: BatchRepo) -> Path:
    bare = br.root.parent / "bare.git"
    subprocess.run(["git", "clone", "-q", "--bare", str(br.root), str(bare)], check=True, timeout=120)
    return bare


def not_a_repository(br: BatchRepo) -> Path:
    folder = br.root.parent / "plain"
    shutil.copytree(br.root, folder, ignore=shutil.ignore_patterns(".git"))
    return folder
