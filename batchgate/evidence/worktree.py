"""The work tree as one `git status --porcelain=v2` sees it, and an exact key of its content.

One scan per command: the clean gate reads the changes, the build cache the
key. The key is HEAD's tree, every status record of a changed tracked path
(index modes and hashes included), and the content of every file whose
working copy git reports as differing from the index or as untracked. A
path git reports as unchanged holds HEAD's content (git's own stat check,
racy-git safe); ignored paths are not part of it. Any content change to a
tracked or untracked non-ignored file therefore changes the key.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass

_FIELD = "\x00"
_ABSENT = "000000"
_NEVER_CACHED = "work tree with changes inside a submodule or nested repository"


@dataclass(frozen=True)
class WorkingChange:
    """An uncommitted change: porcelain status letters (v1 style) and the path."""

    index: str
    worktree: str
    path: str


@dataclass(frozen=True)
class WorktreeStatus:
    """One scan of the work tree: its uncommitted changes and what the content key needs."""

    head_tree: str | None
    changes: tuple[WorkingChange, ...]
    records: tuple[str, ...]  # the raw status records of changed tracked paths
    to_hash: tuple[str, ...]  # paths whose working copy differs from the index, or untracked
    opaque: str | None = None  # why no exact key exists (a submodule's or nested repository's changes)

    def content_key(self, root: str) -> str | None:
        """A hash of the work tree's content; None when it cannot be exact (never cache then)."""
        if self.opaque:
            return None
        digest = hashlib.sha256(f"tree {self.head_tree}\x00".encode())
        for record in self.records:
            digest.update(record.encode("utf-8", "surrogateescape") + b"\x00")
        for path in self.to_hash:
            state = _file_state(os.path.join(root, path))
            if state is None:
                return None
            digest.update(path.encode("utf-8", "surrogateescape") + b"\x00" + state + b"\x00")
        return digest.hexdigest()


@dataclass
class ParsedStatus:
    """`git status --porcelain=v2 -z` output, before untracked folders are expanded."""

    changes: list[WorkingChange]
    records: list[str]
    to_hash: list[str]
    untracked_dirs: list[str]
    opaque: str | None = None


def parse_status(out: str) -> ParsedStatus:
    """Read porcelain v2 (-z) records; untracked folders (`dir/`) are listed apart for expansion."""
    parsed = ParsedStatus([], [], [], [])
    fields = out.split(_FIELD)
    index = 0
    while index < len(fields):
        entry = fields[index]
        index += 1
        kind = entry[:1]
        if kind == "?":
            _untracked(parsed, entry[2:])
        elif kind in ("1", "2", "u"):
            record = entry
            if kind == "2":  # a rename or copy: the original path follows in the next field
                record = f"{entry}\x00{fields[index]}"
                index += 1
            _tracked(parsed, kind, record)
    return parsed


def _untracked(parsed: ParsedStatus, path: str) -> None:
    if path.endswith("/"):
        parsed.untracked_dirs.append(path)
        return
    parsed.changes.append(WorkingChange("?", "?", path))
    parsed.to_hash.append(path)


def _tracked(parsed: ParsedStatus, kind: str, record: str) -> None:
    # 1 XY sub mH mI mW hH hI path | 2 ... Xscore path\0orig | u XY sub m1 m2 m3 mW h1 h2 h3 path
    head = record.split(_FIELD, 1)[0]
    parts = head.split(" ", {"1": 8, "2": 9, "u": 10}[kind])
    letters, submodule, path = parts[1], parts[2], parts[-1]
    worktree_mode = parts[6] if kind == "u" else parts[5]
    index_letter, worktree_letter = (" " if c == "." else c for c in letters)
    parsed.changes.append(WorkingChange(index_letter, worktree_letter, path))
    parsed.records.append(record)
    if submodule != "N..." and worktree_letter != " ":
        parsed.opaque = _NEVER_CACHED
    elif worktree_letter != " " and worktree_mode != _ABSENT:
        parsed.to_hash.append(path)


def expand_untracked(parsed: ParsedStatus, files: list[str]) -> None:
    """Add the files found inside the untracked folders (`git ls-files --others` output)."""
    for path in files:
        _untracked(parsed, path)
        if path.endswith("/"):  # a nested repository: git lists it as a folder
            parsed.opaque = _NEVER_CACHED


def snapshot(parsed: ParsedStatus, head_tree: str | None) -> WorktreeStatus:
    """The finished scan (paths sorted, so the key does not depend on git's order)."""
    changes = tuple(dict.fromkeys(parsed.changes))  # a full expansion repeats the top level's untracked files
    return WorktreeStatus(
        head_tree, changes, tuple(sorted(parsed.records)), tuple(sorted(set(parsed.to_hash))), parsed.opaque
    )


def _file_state(path: str) -> bytes | None:
    """A file's type, executable bit and content hash; None for what cannot be hashed (a folder, no access)."""
    try:
        info = os.lstat(path)
        if stat.S_ISLNK(info.st_mode):
            return b"link " + os.fsencode(os.readlink(path))
        if not stat.S_ISREG(info.st_mode):
            return None
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except FileNotFoundError:
        return b"gone"  # removed since the scan
    except OSError:
        return None
    kind = b"exec " if info.st_mode & 0o111 else b"file "
    return kind + digest.hexdigest().encode()
