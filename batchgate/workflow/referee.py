"""What a gated subagent must not touch during a run: the referee (CONTRACT.md §6).

batchgate's state (`<git dir>/batchgate/`, the user's state folder), git's
hook configuration, the paths protected by the run's rules, and the team
leader's verbs. `Referee.bash_problem(command)` and `.file_problem(path)`
say why a tool call would touch one, with what to do instead.

Standard library only: the PreToolUse hook asks it before it would need the
engine. Best effort: denial is the first line, the gates' detection the one
that holds (a command it cannot read, such as `python -c`, passes here).
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
from dataclasses import dataclass

from batchgate.evidence.gitdir import common_dir, find_worktree_root
from batchgate.launcher import engine_home
from batchgate.protect import protecting_glob
from batchgate.shell.expand import expand, literal_tail
from batchgate.shell.filechanges import FileChange, file_changes
from batchgate.shell.shellcommand import runs
from batchgate.userdirs import user_data_dir, user_state_dir

TYPE_CHECKING = False  # importing typing would cost the hooks ~4 ms
if TYPE_CHECKING:
    from typing import Any

    from batchgate.evidence.runfile import Run

LEADER_VERBS = frozenset({"assign", "complete", "fail", "run"})
_PYTHON = re.compile(r"python[0-9.]*")
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh"})
_RUNNERS = frozenset({"uv", "poetry", "pipx", "pdm", "hatch", "rye"})
_MAX_WALK = 5000  # files looked at below a folder a command deletes
_REVISIONS = ("--git-dir", "--absolute-git-dir", "--git-common-dir", "--show-toplevel")


@dataclass(frozen=True)
class Referee:
    """Where the referee lives for one run, seen from where the tool runs (real paths)."""

    root: str  # the work tree
    cwd: str  # where the tool call runs
    state: tuple[str, ...]  # batchgate's state folders
    git_hooks: tuple[str, ...]  # git's config files and hooks folders
    commands: tuple[tuple[str, str], ...]  # `git rev-parse --git-dir` -> its output, ...
    protect: tuple[str, ...] | None  # the run's `protect:` globs (None: the default)
    bookkeeping: tuple[str, ...]
    batch: str

    @classmethod
    def of_run(cls, run: Run | dict[str, Any], state_dir: str, project_dir: str, cwd: str) -> Referee:
        """The referee of `run` in the work tree holding `project_dir`, its state in `state_dir`, tools run in `cwd`."""
        git_dir = os.path.realpath(os.path.dirname(state_dir))
        shared = os.path.realpath(common_dir(git_dir))
        root = os.path.realpath(find_worktree_root(project_dir) or project_dir)
        rules = run.get("rules")
        rules = rules if isinstance(rules, dict) else {}
        outputs = (git_dir, git_dir, shared, root)
        return cls(
            root=root,
            cwd=os.path.realpath(cwd),
            state=tuple(
                dict.fromkeys(
                    os.path.realpath(d)
                    for d in (state_dir, f"{shared}/batchgate", user_state_dir(), *_engine_places(root))
                )
            ),
            git_hooks=_git_hook_places(git_dir, shared),
            commands=(*((f"git rev-parse {flag}", out) for flag, out in zip(_REVISIONS, outputs, strict=True)),),
            protect=_strings(rules.get("protect")),
            bookkeeping=_strings(rules.get("bookkeeping")) or ("task-tracking/",),
            batch=str(run.get("batch_id", "")),
        )

    def bash_problem(self, command: str) -> str | None:
        """Why this Bash command must not run, or None."""
        found, _errors = runs(command)
        for run in found:
            verb = leader_verb(run.argv)
            if verb:
                return _leader_message(verb, self.batch)
        changes, _error = file_changes(command, self.cwd)
        return next(filter(None, (self._change_problem(change) for change in changes)), None)

    def file_problem(self, path: str, tool: str) -> str | None:
        """Why `tool` (Write, Edit, ...) must not change `path` (absolute, or relative to where it runs)."""
        full = os.path.normpath(os.path.join(self.cwd, os.path.expanduser(path)))
        return self._path_problem(full, f"the {tool} tool", removes=False)

    def _change_problem(self, change: FileChange) -> str | None:
        variables = {**os.environ, "PWD": self.cwd, **dict(change.run.env)}
        commands = dict(self.commands)
        where = expand(change.run.directory or ".", variables, commands)
        text = expand(change.path, variables, {**commands, "pwd": where or "\x00"})
        if where is None or text is None:
            return self._unknown_problem(change)
        base = os.path.normpath(os.path.join(self.cwd, where))
        for full in _globbed(os.path.normpath(os.path.join(base, text))):
            problem = self._path_problem(full, _how(change.how), change.removes)
            if problem:
                return problem
        return None

    def _unknown_problem(self, change: FileChange) -> str | None:
        """A path batchgate cannot resolve: refused only when its literal end names the referee."""
        tail = literal_tail(change.path)
        if re.search(r"(^|/)batchgate(/|$)", tail):
            return _state_message(_how(change.how), change.path, self.batch)
        glob = protecting_glob(tail, self.protect, self.bookkeeping) if tail else None
        return _protected_message(_how(change.how), tail, glob, self.batch) if glob else None

    def _path_problem(self, full: str, how: str, removes: bool) -> str | None:
        real = os.path.realpath(full)
        for place in (full, real):
            for state in self.state:
                if _within(place, state) or (removes and _within(state, place)):
                    return _state_message(how, _shown(state, self.root), self.batch)
            if any(_within(place, hooks) or (removes and _within(hooks, place)) for hooks in self.git_hooks):
                return _hooks_message(how, _shown(place, self.root), self.batch)
            problem = self._protected_problem(place, how, removes)
            if problem:
                return problem
        return None

    def _protected_problem(self, place: str, how: str, removes: bool) -> str | None:
        if removes and _within(self.root, place):
            return _protected_message(how, _shown(place, self.root), "the whole work tree", self.batch)
        if not _within(place, self.root):
            return None
        for rel in _below(place, self.root) if removes else [os.path.relpath(place, self.root)]:
            glob = protecting_glob(rel.replace(os.sep, "/"), self.protect, self.bookkeeping)
            if glob:
                return _protected_message(how, rel, glob, self.batch)
        return None


def leader_verb(argv: tuple[str, ...]) -> str | None:
    """The team leader's verb (`assign`, `complete`, `fail`, `run`) this program line runs, if it is batchgate."""
    args = _batchgate_arguments(list(argv))
    if args is None:
        return None
    i = 0
    while i < len(args) and args[i].startswith("-"):
        i += 2 if args[i] == "-C" else 1
    verb = args[i] if i < len(args) else None
    return verb if verb in LEADER_VERBS else None


def _batchgate_arguments(argv: list[str]) -> list[str] | None:
    """The arguments batchgate gets: `batchgate …`, `sh …/bin/batchgate …`, `python3 -m batchgate …`, or None."""
    name = posixpath.basename(argv[0]) if argv else ""
    if name == "batchgate":
        return argv[1:]
    if name in _RUNNERS and argv[1:2] == ["run"]:  # `uv run batchgate …`: the runner's own options skipped
        rest = list(itertools.dropwhile(lambda word: word.startswith("-"), argv[2:]))
        return _batchgate_arguments(rest)
    if name in _SHELLS and len(argv) > 1 and posixpath.basename(argv[1]) == "batchgate":
        return argv[2:]
    return _python_arguments(argv) if _PYTHON.fullmatch(name) else None


def _python_arguments(argv: list[str]) -> list[str] | None:
    """`python3 [options] -m batchgate… ARGS` or `python3 …/batchgate ARGS`: ARGS; else None."""
    i = 1
    while i < len(argv) and argv[i].startswith("-") and not argv[i].startswith(("-m", "-c")):
        i += 2 if argv[i] in ("-W", "-X") else 1
    rest = argv[i:]
    if rest[:1] == ["-m"] or (rest and rest[0].startswith("-m") and len(rest[0]) > 2):
        module = rest[1] if rest[0] == "-m" and len(rest) > 1 else rest[0][2:]
        skip = 2 if rest[0] == "-m" else 1
        return rest[skip:] if module.split(".")[0] == "batchgate" else None
    script = rest[0] if rest else ""
    if posixpath.basename(script) == "batchgate" or script.endswith(("batchgate/__main__.py", "cli/main.py")):
        return rest[1:]
    return None


def _git_hook_places(git_dir: str, shared: str) -> tuple[str, ...]:
    """Where git reads core.hooksPath and its hooks: the repository's config and hooks, the user's config."""
    config_home = os.environ.get("XDG_CONFIG_HOME") or os.path.expanduser("~/.config")
    places = [p for d in (git_dir, shared) for p in (f"{d}/config", f"{d}/hooks")]
    places += [os.path.expanduser("~/.gitconfig"), os.path.join(config_home, "git", "config")]
    return tuple(dict.fromkeys(os.path.realpath(p) for p in places))


def _globbed(path: str) -> list[str]:
    """The paths a glob word names, as the shell would expand it now (itself when nothing matches)."""
    if not any(char in path for char in "*?["):
        return [path]
    import glob

    return glob.glob(path) or [path]


def _below(folder: str, root: str) -> list[str]:
    """`folder` and, when it is one, what is inside it (bounded), relative to `root`."""
    found = [os.path.relpath(folder, root)]
    if not os.path.isdir(folder) or os.path.islink(folder):
        return found
    for current, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if d != ".git"]
        found += [os.path.relpath(os.path.join(current, n), root) for n in names]
        if len(found) > _MAX_WALK:
            break
    return found


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("/") + "/")


def _shown(path: str, root: str) -> str:
    return os.path.relpath(path, root) if _within(path, root) else path


def _strings(value: object) -> tuple[str, ...] | None:
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return None


def _how(how: str) -> str:
    return "an output redirection (`>`)" if how == "redirection" else f"`{how}`"


def _leader_message(verb: str, batch: str) -> str:
    return (
        f"batchgate: `batchgate {verb}` is the team leader's command; a developer does not run it during "
        f"batch {batch}. Finish the batch instead: commit it, record its SHA in tasks.md, and stop with your "
        "report. The team leader verifies it and completes (or fails) it."
    )


def _engine_places(root: str) -> tuple[str, ...]:
    """Where the running engine and its environment live, when outside the work tree (plugin, checkout, data folder).

    The installed form's engine is a protected path inside the work tree; a plugin's copy, its environment in the
    data folder, or a `$BATCHGATE_VENV` are not, and a gated agent that rewrites them rewrites the referee.
    """
    places = [user_data_dir(), engine_home(), os.environ.get("BATCHGATE_VENV", "")]
    real = [os.path.realpath(place) for place in places if place]
    return tuple(place for place in real if not _within(root, place) and not _within(place, root))


def _state_message(how: str, where: str, batch: str) -> str:
    return (
        f"batchgate: {how} would change batchgate's state or engine ({where}), which only the team "
        f"leader's batchgate commands change during batch {batch}. Leave it alone; if the run looks wrong, "
        "say so in your report and stop."
    )


def _hooks_message(how: str, where: str, batch: str) -> str:
    return (
        f"batchgate: {how} would change git's hook configuration ({where}) during batch "
        f"{batch}. Leave the hooks as they are: commit normally and fix what they report."
    )


def _protected_message(how: str, path: str, glob: str, batch: str) -> str:
    return (
        f"batchgate: {how} would change {path}, which is protected during batch {batch} (rule `{glob}`): it "
        "configures batchgate or the agents. Leave it as it is. If the batch really needs this change, say "
        "so in your report: the team leader makes it outside the batch."
    )
