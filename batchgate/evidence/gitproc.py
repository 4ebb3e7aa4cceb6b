"""The git processes behind evidence/git.py: one-shot commands, and one `cat-file --batch` for objects.

git itself, started directly (standard library only): GitPython cost more
to import than everything verify does with git. Messages are read in the C
locale, so the few stderr texts the gates look at are git's English ones.
"""

from __future__ import annotations

import os
import subprocess
from typing import IO, NamedTuple

from batchgate.errors import CouldNotCheck

_C_LOCALE = {"LC_ALL": "C", "LANGUAGE": "C"}


class GitFailed(CouldNotCheck):
    """A git command failed: where nobody expects it, the gate could not check (never a crash)."""

    def __init__(self, status: object, stderr: str) -> None:
        last = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit status {status}"
        super().__init__(f"git failed: {last}", "check the repository with git status and git fsck")
        self.status = status
        self.stderr = stderr


def git_missing(error: OSError) -> CouldNotCheck:
    """The error for a git that cannot start."""
    return CouldNotCheck(f"git is not available: {error.strerror or error}", "install git and make sure it is on PATH")


def run_git(cwd: str, args: list[str], env: dict[str, str] | None = None) -> str:
    """git's stdout (undecodable bytes kept as surrogates); GitFailed on a non-zero exit."""
    return finish_git(start_git(cwd, args, env))


def start_git(cwd: str, args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """git started and left running: `finish_git` reads its answer (so git can work while Python does)."""
    try:
        return subprocess.Popen(
            ["git", *args],
            cwd=cwd,
            env={**os.environ, **_C_LOCALE, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    except OSError as error:
        raise git_missing(error) from None


def finish_git(process: subprocess.Popen[bytes]) -> str:
    """The stdout of a git started by `start_git`; GitFailed on a non-zero exit."""
    out, err = process.communicate()
    if process.returncode != 0:
        raise GitFailed(process.returncode, err.decode("utf-8", "replace"))
    return out.decode("utf-8", "surrogateescape")


class GitObject(NamedTuple):
    """An object read from the repository."""

    oid: str
    kind: str  # blob | tree | commit | tag
    data: bytes


class ObjectReader:
    """`git cat-file --batch`, started on first use and kept for the command's lifetime."""

    def __init__(self, cwd: str) -> None:
        self._cwd = cwd
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, spec: str) -> GitObject | None:
        """The object `spec` names (`<sha>:<path>`, `HEAD^{tree}`, ...), or None when there is none."""
        if "\n" in spec:
            return None
        process = self._started()
        stdin, stdout = _pipes(process)
        try:
            stdin.write(spec.encode("utf-8", "surrogateescape") + b"\n")
            stdin.flush()
            header = stdout.readline().decode("utf-8", "replace").split()
            if len(header) != 3:  # "<spec> missing" / "ambiguous"
                return None
            data = stdout.read(int(header[2]) + 1)[:-1]
        except (OSError, ValueError) as error:
            self.close()
            raise GitFailed("cat-file", str(error)) from None
        return GitObject(header[0], header[1], data)

    def close(self) -> None:
        """End the process (it also ends by itself when this one exits)."""
        process, self._process = self._process, None
        if process is not None:
            for pipe in (process.stdin, process.stdout):
                if pipe is not None:
                    pipe.close()
            process.wait()

    def __del__(self) -> None:
        self.close()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._process is None or self._process.poll() is not None:
            try:
                self._process = subprocess.Popen(
                    ["git", "cat-file", "--batch"],
                    cwd=self._cwd,
                    env={**os.environ, **_C_LOCALE},
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )
            except OSError as error:
                raise git_missing(error) from None
        return self._process


def _pipes(process: subprocess.Popen[bytes]) -> tuple[IO[bytes], IO[bytes]]:
    assert process.stdin is not None and process.stdout is not None
    return process.stdin, process.stdout


def tree_entry(tree: bytes, name: str, oid_size: int) -> tuple[str, str] | None:
    """(mode, oid) of `name` in a raw tree object (`<mode> <name>\\0<binary oid>` entries)."""
    wanted = name.encode("utf-8", "surrogateescape")
    at = 0
    while at < len(tree):
        space = tree.index(b" ", at)
        nul = tree.index(b"\0", space)
        end = nul + 1 + oid_size
        if tree[space + 1 : nul] == wanted:
            return tree[at:space].decode(), tree[nul + 1 : end].hex()
        at = end
    return None


def read_ref(git_dir: str, common_dir: str, name: str = "HEAD", depth: int = 0) -> str | None:
    """The SHA a ref names, read from the ref files; None when the files do not say (git must be asked)."""
    for where in (git_dir, common_dir) if name == "HEAD" or not name.startswith("refs/") else (common_dir,):
        try:
            with open(os.path.join(where, name), encoding="utf-8") as handle:
                content = handle.read().strip()
        except (OSError, UnicodeDecodeError):
            continue
        if content.startswith("ref: ") and depth < 5:
            return read_ref(git_dir, common_dir, content[5:], depth + 1)
        return content if _is_sha(content) else None
    return _packed_ref(common_dir, name)


def _packed_ref(common_dir: str, name: str) -> str | None:
    try:
        with open(os.path.join(common_dir, "packed-refs"), encoding="utf-8") as handle:
            for line in handle:
                sha, _, ref = line.rstrip("\n").partition(" ")
                if ref == name and _is_sha(sha):
                    return sha
    except (OSError, UnicodeDecodeError):
        pass
    return None


def _is_sha(text: str) -> bool:
    return len(text) in (40, 64) and all(c in "0123456789abcdef" for c in text)


def config_mentions(git_dir: str, common_dir: str, word: bytes) -> bool:
    """True when a config file git reads may set `word` (lower case); a cheap test before asking git."""
    home = os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    files = [os.environ.get("GIT_CONFIG_GLOBAL", ""), os.environ.get("GIT_CONFIG_SYSTEM", "")]
    files += ["/etc/gitconfig", os.path.join(home, ".gitconfig"), os.path.join(xdg, "git", "config")]
    files += [os.path.join(common_dir, "config"), os.path.join(git_dir, "config.worktree")]
    if word in os.environ.get("GIT_CONFIG_PARAMETERS", "").lower().encode():
        return True
    return any(_mentions(path, word) for path in files if path)


def _mentions(path: str, word: bytes) -> bool:
    try:
        with open(path, "rb") as handle:
            return word in handle.read().lower()
    except OSError:
        return False
