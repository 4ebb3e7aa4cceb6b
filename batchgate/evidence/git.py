"""Git evidence: the one thin layer over git (its processes in gitproc.py). No other code runs git.

Everything the gates know about history comes from here: resolving a SHA,
ancestry, the commits since a base, the files a commit touched, a file's
bytes in a commit, and one scan of the work tree (status and content key).
"""

from __future__ import annotations

import os
import subprocess
from typing import NamedTuple

from batchgate.errors import CouldNotCheck
from batchgate.evidence.earlyscan import claim_scan, status_args
from batchgate.evidence.gitproc import GitFailed as _GitFailed
from batchgate.evidence.gitproc import (
    ObjectReader,
    finish_git,
    read_ref,
    run_git,
    start_git,
    tree_entry,
)
from batchgate.evidence.worktree import (
    ParsedStatus,
    WorkingChange,
    WorktreeStatus,
    expand_untracked,
    parse_status,
    snapshot,
)

_RECORD, _FIELD = "\x1e", "\x00"
_FORMAT = "--format=%H%x00%P%x00%ct%x00%B%x1e"  # git writes the separators; argv cannot hold NUL


class CommitInfo(NamedTuple):
    """A commit as the gates need it."""

    sha: str
    parents: tuple[str, ...]
    subject: str
    message: str
    committed_at: int

    @property
    def short(self) -> str:
        """The 7-character SHA people read."""
        return self.sha[:7]


class Change(NamedTuple):
    """One path a commit touched: A(dded), M(odified), D(eleted), R(enamed from `old_path`), ..."""

    status: str
    path: str
    old_path: str | None = None


class Resolution(NamedTuple):
    """What a written SHA names: a full commit SHA, or why it names none."""

    sha: str | None
    problem: str | None = None  # "unknown" | "ambiguous" | "not a commit"


class GitEvidence:
    """A repository, read through git."""

    def __init__(self, root: str, git_dir: str, common_dir: str) -> None:
        self.root = root
        self.git_dir = git_dir
        self.common_dir = common_dir
        self._objects = ObjectReader(root)
        self._resolved: dict[str, Resolution] = {}
        self._commits: dict[str, CommitInfo] = {}
        self._changes: dict[str, list[Change]] = {}
        self._status: subprocess.Popen[bytes] | None = None  # a `git status` started ahead (prefetch_worktree)

    def _git(self, *args: str, env: dict[str, str] | None = None) -> str:
        return run_git(self.root, list(args), env)

    def head(self) -> str | None:
        """HEAD's SHA, or None in a repository with no commits yet.

        Read from the ref files (no git process: verify asks several times);
        git itself answers when the refs are unusual or there is no commit.
        """
        sha = read_ref(self.git_dir, self.common_dir)
        if sha is not None:
            return sha
        try:
            return self._git("rev-parse", "--verify", "--quiet", "HEAD").strip() or None
        except _GitFailed:
            return None  # an unborn branch: no commits yet

    def resolve(self, rev: str) -> Resolution:
        """The commit a SHA (short or full) names (asked once per command)."""
        if rev not in self._resolved:
            self._resolved[rev] = self._resolve(rev)
        return self._resolved[rev]

    def _resolve(self, rev: str) -> Resolution:
        try:
            return Resolution(self._git("rev-parse", "--verify", "--end-of-options", f"{rev}^{{commit}}").strip())
        except _GitFailed as failure:
            if "ambiguous" in failure.stderr:
                return Resolution(None, "ambiguous")
            try:
                self._git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{object}}")  # must exist
            except _GitFailed:
                return Resolution(None, "unknown")
            return Resolution(None, "not a commit")

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """True when `ancestor` is reachable from `descendant` (or equal)."""
        if ancestor == descendant:
            return True
        try:
            self._git("merge-base", "--is-ancestor", ancestor, descendant)
        except _GitFailed as failure:
            if failure.status == 1:
                return False
            raise CouldNotCheck(
                f"git merge-base failed: {failure.stderr}", "check the repository with git fsck"
            ) from None
        return True

    def commits_between(self, base: str | None, head: str, limit: int = 1000) -> list[CommitInfo]:
        """Commits reachable from `head` and not from `base`, oldest first (at most `limit`)."""
        spec = [f"{base}..{head}"] if base else [head]
        out = self._git("log", f"--max-count={limit}", "--topo-order", _FORMAT, *spec, "--")
        commits = [_commit_info(record) for record in out.split(_RECORD) if record.strip()]
        return list(reversed(commits))

    def commit(self, sha: str) -> CommitInfo:
        """One commit's details."""
        if sha not in self._commits:
            out = self._git("log", "-1", _FORMAT, sha, "--")
            self._commits[sha] = _commit_info(out.split(_RECORD)[0])
        return self._commits[sha]

    def changes(self, commit: CommitInfo) -> list[Change]:
        """Paths a commit touched, against its first parent (renames detected). A commit never changes: asked once."""
        if commit.sha not in self._changes:
            self._changes[commit.sha] = self._diff(commit)
        return self._changes[commit.sha]

    def _diff(self, commit: CommitInfo) -> list[Change]:
        base = commit.parents[0] if commit.parents else "--root"
        args = ["diff-tree", "-r", "-z", "--no-commit-id", "--name-status", "-M", base, commit.sha]
        if not commit.parents:
            args = ["diff-tree", "-r", "-z", "--no-commit-id", "--name-status", "--root", commit.sha]
        return _parse_changes(self._git(*args))

    def blob(self, sha: str, path: str) -> tuple[bytes, bool] | None:
        """(content, is_symlink) of `path` in commit `sha`, or None when absent (or not a file)."""
        folder, _, name = path.rstrip("/").rpartition("/")
        tree = self._objects.read(f"{sha}:{folder}" if folder else f"{sha}^{{tree}}")
        if tree is None or tree.kind != "tree":
            return None
        entry = tree_entry(tree.data, name, len(tree.oid) // 2)
        if entry is None:
            return None
        found = self._objects.read(entry[1])
        if found is None or found.kind != "blob":
            return None
        return found.data, entry[0] == "120000"

    def working_changes(self) -> list[WorkingChange]:
        """Uncommitted changes (staged, unstaged, untracked), with porcelain v1 status letters."""
        return list(snapshot(self._scan(), None).changes)

    def worktree_status(self) -> WorktreeStatus:
        """One scan of the work tree, with HEAD's tree for the content key."""
        return snapshot(self._scan(), self._head_tree())

    def prefetch_worktree(self) -> None:
        """Start the work-tree scan now: in a big tree git stats its files while Python reads the plan.

        The CLI may have started it before the engine imported (evidence/earlyscan.py): then that one.
        """
        if self._status is None:
            args = self._status_args()
            self._status = claim_scan(self.root, args) or start_git(self.root, args)

    def _status_args(self) -> list[str]:
        return status_args(self.root, self.git_dir, self.common_dir)

    def _scan(self) -> ParsedStatus:
        """`git status`, using the repository's untracked cache and fsmonitor when it has them on.

        Untracked folders are listed with the mode the untracked cache was built
        for (status.showUntrackedFiles), then expanded by a scan of those folders only.
        The first scan takes the answer of a `git status` started ahead, if any.
        """
        started, self._status = self._status, None
        parsed = parse_status(finish_git(started) if started is not None else self._git(*self._status_args()))
        if parsed.untracked_dirs:
            where = parsed.untracked_dirs if len(parsed.untracked_dirs) <= 100 else []
            literal = {"GIT_LITERAL_PATHSPECS": "1"}
            out = self._git("ls-files", "-z", "--others", "--exclude-standard", "--", *where, env=literal)
            expand_untracked(parsed, [path for path in out.split(_FIELD) if path])
        return parsed

    def _head_tree(self) -> str | None:
        head = self.head()
        tree = self._objects.read(f"{head}^{{tree}}") if head else None
        return tree.oid if tree is not None else None

    def staged_paths(self) -> list[str]:
        """Paths whose staged content differs from HEAD (what a plain `git commit` would record)."""
        against = "HEAD" if self.head() is not None else "4b825dc642cb6eb9a060e54bf8d69288fbee4904"  # the empty tree
        out = self._git("diff", "--cached", "--name-only", "-z", against)
        return [path for path in out.split(_FIELD) if path]

    def is_shallow(self) -> bool:
        """A shallow clone (in any of its worktrees): a SHA it does not know may still exist upstream."""
        return os.path.exists(os.path.join(self.common_dir, "shallow"))

    def state_notes(self) -> list[str]:
        """Unusual states a verdict should mention: detached HEAD, shallow clone, rebase in progress."""
        notes = []
        if not _starts_with(os.path.join(self.git_dir, "HEAD"), b"ref:"):
            notes.append("HEAD is detached")
        if self.is_shallow():
            notes.append("this is a shallow clone: older history is missing")
        for marker, what in (
            ("rebase-merge", "a rebase"),
            ("rebase-apply", "a rebase or am"),
            ("MERGE_HEAD", "a merge"),
            ("CHERRY_PICK_HEAD", "a cherry-pick"),
        ):
            if os.path.exists(os.path.join(self.git_dir, marker)):
                notes.append(f"{what} is in progress")
        return notes


def open_repository(start: str) -> GitEvidence:
    """The repository containing `start`; CouldNotCheck when there is none or git is missing."""
    where = os.path.abspath(start)
    if not os.path.isdir(where):
        raise _not_a_repository(where)
    asked = ["rev-parse", "--is-bare-repository", "--is-inside-work-tree", "--absolute-git-dir", "--git-common-dir"]
    try:
        out = run_git(where, [*asked, "--show-cdup"])  # one process; a bare repository prints no cdup line
    except _GitFailed as failure:
        if "not a git repository" in failure.stderr:
            raise _not_a_repository(where) from None
        raise
    bare, inside, git_dir, common, *cdup = out.split("\n")
    if bare == "true":
        raise CouldNotCheck(f"{git_dir} is a bare repository", "run batchgate in a work tree")
    if inside != "true" or not cdup:
        raise CouldNotCheck(f"{where} is not in a work tree", "run batchgate in a work tree")
    real = os.path.realpath(where)  # git's own cwd, which the cdup is relative to
    root = os.path.normpath(os.path.join(real, cdup[0])) if cdup[0] else real
    return GitEvidence(root, git_dir, os.path.normpath(os.path.join(real, common)))


def _not_a_repository(where: str) -> CouldNotCheck:
    fix = "run batchgate inside the repository, or pass -C DIR"
    return CouldNotCheck(f"{where} is not inside a git repository", fix)


def _starts_with(path: str, prefix: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(prefix)) == prefix
    except OSError:
        return False


def _commit_info(record: str) -> CommitInfo:
    sha, parents, committed, message = record.lstrip("\n").split(_FIELD, 3)
    message = message.strip("\n")
    return CommitInfo(sha, tuple(parents.split()), message.split("\n", 1)[0], message, int(committed or 0))


def _parse_changes(out: str) -> list[Change]:
    parts = out.split(_FIELD)
    changes, index = [], 0
    while index < len(parts) and parts[index]:
        status = parts[index]
        if status[:1] in ("R", "C"):
            changes.append(Change(status[:1], parts[index + 2], parts[index + 1]))
            index += 3
        else:
            changes.append(Change(status[:1], parts[index + 1]))
            index += 2
    return changes
