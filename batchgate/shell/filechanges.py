"""Which files a command line would change, read (never run): `file_changes(command)`.

Best effort over the usual tools: output redirections, `rm`, `mv`, `cp`, `ln`,
`install`, `tee`, `touch`, `mkdir`, `truncate`, `chmod`/`chown`, `sed -i`,
`perl -i`, `dd of=`, `find -delete`, and git's `checkout`, `restore`, `rm`, `mv`
and `apply` (the paths a patch names). Paths stay as typed (`$VAR`, `~`,
`$(git rev-parse --git-dir)` unexpanded): the caller knows what they stand for.
A program it does not know (a script, `python -c`) changes nothing it can see.
"""

from __future__ import annotations

import os
import posixpath
import re
import stat
from dataclasses import dataclass, replace

from batchgate.shell.gitcommand import GitInvocation, invocations_of
from batchgate.shell.shellcommand import Run, runs

_PATCH_PATH = re.compile(r"^(?:diff --git a/\S+ b/|\+\+\+ b/|--- a/|rename (?:from|to) |copy to )(\S+)", re.M)
_MAX_PATCH = 1 << 20
# program -> its options that take a separate value (a value attached with `=` or in a cluster needs nothing)
_VALUE_OPTIONS = {
    "cp": "-t -S --target-directory --suffix",
    "mv": "-t -S --target-directory --suffix",
    "ln": "-t -S --target-directory --suffix",
    "install": "-t -S -m -o -g --target-directory --suffix --mode --owner --group",
    "touch": "-d -r -t --date --reference",
    "mkdir": "-m --mode",
    "truncate": "-s -r --size --reference",
    "chmod": "--reference",
    "chown": "--reference --from",
    "chgrp": "--reference",
    "sed": "-e -f -l --expression --file --line-length",
    "perl": "-e -E -I -M -m -x",
}
_COPIES = frozenset({"cp", "mv", "ln", "install"})  # the last operand (or -t DIR) is the destination
_REMOVES = frozenset({"rm", "rmdir", "unlink", "shred"})
_PLAIN = frozenset({"rm", "rmdir", "unlink", "shred", "tee", "touch", "mkdir", "truncate"})
# find's tests: with one, `-delete` takes only what matches (something below the start, or nothing)
_FIND_TESTS = frozenset(
    ["-name", "-iname", "-path", "-ipath", "-wholename", "-regex", "-iregex", "-type", "-newer", "-mtime", "-size"]
)
_MODES = re.compile(r"-[rwxXstugoa=+,0-7]+")  # `chmod -w file`: a mode, not an option


@dataclass(frozen=True)
class FileChange:
    """One path a program would write, create, delete or move, as typed."""

    path: str  # as the shell passes it (quotes removed, nothing expanded)
    how: str  # "rm", "redirection", "git checkout", ...
    removes: bool  # deletes or moves it away (a folder: everything below it)
    run: Run  # the program, with its directory and the variables the line set


def file_changes(command: str, cwd: str = ".") -> tuple[list[FileChange], str | None]:
    """The changes `command` would make when run in `cwd`, in order, and the first syntax error (best effort then).

    `cwd` is only read from: the patches `git apply` is given are files there.
    """
    try:
        found, errors = runs(command)
        changes = [change for run in found for change in _changes(run, cwd, errors)]
    except RecursionError:
        return [], "nesting too deep"
    return changes, errors[0] if errors else None


def _changes(run: Run, cwd: str, errors: list[str]) -> list[FileChange]:
    changes = [FileChange(path, "redirection", False, run) for path in run.writes if not path.startswith("/dev/")]
    if not run.argv:
        return changes
    name = posixpath.basename(run.argv[0])
    if name == "git" or name.startswith("git-"):
        return changes + [c for inv in invocations_of(run, errors) for c in _git_changes(inv, run, cwd)]
    if name in _COPIES:
        written, moved = _copied(name, *_split(name, list(run.argv[1:])))
        return changes + [FileChange(p, name, p in moved, run) for p in (*written, *moved)]
    paths = _paths(name, list(run.argv[1:]))
    removes = name in _REMOVES or (name == "find" and not any(a in _FIND_TESTS for a in run.argv))
    return changes + [FileChange(path, name, removes, run) for path in paths]


def _paths(name: str, args: list[str]) -> list[str]:
    """The paths program `name` (not a copy) changes, given its arguments."""
    if name == "dd":
        return [arg[3:] for arg in args if arg.startswith("of=")]
    if name == "find":
        return _find_deletes(args)
    options, operands = _split(name, args)
    if name in ("chmod", "chown", "chgrp"):
        by_reference = any(o.startswith("--reference") for o in options)
        mode_given = name == "chmod" and any(_MODES.fullmatch(o) for o in options)
        return operands if by_reference or mode_given else operands[1:]
    in_place = {"sed": ("i", "efl"), "perl": ("i", "eEIMmx")}.get(name)
    if in_place and any(o.startswith("--in-place") or _cluster_has(o, *in_place) for o in options):
        return operands if _has_script(options) else operands[1:]  # else the first operand is the script
    return operands if name in _PLAIN else []


def _split(name: str, args: list[str]) -> tuple[list[str], list[str]]:
    """(options with their values joined as `-t=DIR`, operands); `--` ends the options."""
    takes = frozenset(_VALUE_OPTIONS.get(name, "").split())
    options: list[str] = []
    operands: list[str] = []
    i = 0
    while i < len(args):
        arg, i = args[i], i + 1
        if arg == "--":
            operands += args[i:]
            break
        if arg.startswith("-") and arg != "-":
            value = args[i] if arg in takes and i < len(args) else None
            options.append(arg if value is None else f"{arg}={value}")
            i += value is not None
        else:
            operands.append(arg)
    return options, operands


def _cluster_has(option: str, letter: str, with_value: str) -> bool:
    """`-i`, `-Ei`, `-pi.bak`: a short-option cluster holding `letter` before any option that takes a value."""
    if option.startswith("--") or not option.startswith("-"):
        return False
    for char in option[1:]:
        if char == letter:
            return True
        if char in with_value:
            return False
    return False


def _has_script(options: list[str]) -> bool:
    """sed/perl given its script as an option (`-e`, `-f`, `--expression`): every operand is a file."""
    return any(o.startswith(("-e", "-f", "-E", "--expression", "--file")) for o in options)


def _copied(name: str, options: list[str], operands: list[str]) -> tuple[list[str], list[str]]:
    """(the destination and destination/source-name, the sources a move takes away)."""
    target = next((o.partition("=")[2] for o in options if o.startswith(("-t=", "--target-directory="))), None)
    sources = operands if target is not None else operands[:-1]
    if target is None and operands:
        target = operands[-1] if len(operands) > 1 or name != "ln" else "."
        sources = sources or operands  # `ln -s TARGET`: a link named after it, here
    if target is None:
        return [], []
    inside = [posixpath.join(target, posixpath.basename(s.rstrip("/"))) for s in sources]
    return [target, *inside], sources if name == "mv" else []


def _find_deletes(args: list[str]) -> list[str]:
    """`find DIR... -delete`: the starting points (and everything below them) may go."""
    if "-delete" not in args:
        return []
    starts = []
    for arg in args:
        if arg.startswith("-") or arg in ("(", "!", ")"):
            break
        starts.append(arg)
    return starts or ["."]


def _git_changes(inv: GitInvocation, run: Run, cwd: str) -> list[FileChange]:
    """What a git command changes in the work tree, as paths relative to where git runs."""
    where = replace(run, directory=inv.directory)
    operands = [o for o in inv.operands if o != "--"]
    sub = inv.subcommand or ""
    if sub in ("checkout", "restore", "rm", "mv"):
        return [FileChange(path, f"git {sub}", sub in ("rm", "mv"), where) for path in operands]
    if sub == "apply" and not inv.has("--check", "--stat", "--numstat", "--summary"):
        patched = _patch_paths(operands, os.path.join(cwd, inv.directory or ""), run)
        return [FileChange(path, "git apply", True, where) for path in patched]
    return []


def _patch_paths(patches: list[str], where: str, run: Run) -> list[str]:
    """The paths a patch names: read from its files (in `where`, where git runs) or its here-document."""
    texts = [_read_patch(os.path.join(where, patch)) for patch in patches]
    texts += [text for text in run.stdin if not patches or patches == ["-"]]
    return [match.group(1) for text in texts for match in _PATCH_PATH.finditer(text)]


def _read_patch(path: str) -> str:
    """A patch file's start ("" when it is not a plain readable file: a FIFO must not hang the hook)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except (OSError, ValueError):
        return ""
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        return handle.read(_MAX_PATCH).decode("utf-8", "replace")
