"""Every `git` a Bash command line runs, and what each does to hooks and history.

`analyze(command)` parses (never runs) the Bash tool's `tool_input.command`, so the PreToolUse hook can refuse
`git commit --no-verify`, hook-disabling settings and history rewrites, and count the batch's commits.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable  # already loaded by `re`: unlike `typing`, free
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import pairwise

from batchgate.shell.gitoptions import Options, split_args
from batchgate.shell.shellcommand import MAX_NESTING, Run, join, runs, words_of

_GLOBAL_VALUE = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env"})
_SKIPS = {"commit": "pre-commit and commit-msg hooks", "push": "pre-push hook", "rebase": "pre-rebase hook"}
_SKIPS |= {"merge": "pre-merge-commit and commit-msg hooks", "pull": "merge's pre-merge-commit and commit-msg hooks"}


@dataclass(frozen=True)
class GitInvocation:
    """One `git` the command line runs (or may run: both sides of `&&` and `||` count)."""

    subcommand: str | None  # "commit", "rebase", ...; None for a bare `git` or `git --version`
    args: tuple[str, ...] = ()  # everything after the subcommand, as the shell passes it
    global_options: tuple[str, ...] = ()  # before the subcommand, values included: ("-C", "dir", "-c", "k=v")
    directory: str | None = None  # where it runs relative to the hook's cwd (`cd DIR`, `git -C DIR`); None: there
    env: tuple[tuple[str, str], ...] = ()  # variables the line sets for it (prefix, `env`, earlier `export`)
    in_substitution: bool = False  # inside `$(...)`, backquotes or `<(...)`: still executed
    wrappers: tuple[str, ...] = ()  # what it runs under, outermost first: ("sudo", "bash", "alias ci")
    program: str = "git"  # as typed: "git", "/usr/bin/git", "git-commit"

    @cached_property
    def options(self) -> Options:
        """The options in `args` as git reads them: clusters split, abbreviations resolved, values attached."""
        return split_args(self.subcommand, self.args)[0]

    @cached_property
    def operands(self) -> tuple[str, ...]:
        """The other arguments (a `--` and everything after it included)."""
        return split_args(self.subcommand, self.args)[1]

    def has(self, *names: str) -> bool:
        """Whether any of these options (canonical long name or single short letter) is given."""
        return any(name in names for name, _ in self.options)

    def last(self, on: Iterable[str], off: Iterable[str]) -> bool:
        """Whether the last of the `on`/`off` options given is an `on` one (git: the last wins)."""
        state, on, off = False, set(on), set(off)
        for name, _ in self.options:
            state = True if name in on else False if name in off else state
        return state

    @cached_property
    def config(self) -> dict[str, str]:
        """`-c name=value` and `--config-env name=VAR` settings, names lower-cased as git compares them."""
        opts = self.global_options
        items = [b for a, b in pairwise(opts) if a in ("-c", "--config-env")]
        items += [o.partition("=")[2] for o in opts if o.startswith("--config-env=")]
        return {name.lower(): value for name, _, value in (item.partition("=") for item in items)}

    @property
    def is_commit(self) -> bool:
        """It makes (or amends) a commit: `git commit`, not a dry run or help."""
        return self.subcommand == "commit" and not self.has("--dry-run", "-h", "--help")

    @property
    def no_verify(self) -> bool:
        """`--no-verify` (`-n` for commit, in any short-option cluster) not undone by a later `--verify`."""
        if self.subcommand == "commit":
            return self.last(("-n", "--no-verify"), ("--verify",))
        return self.subcommand in _SKIPS and self.last(("--no-verify",), ("--verify",))

    @property
    def hooks_disabled(self) -> str | None:
        """Why hooks will not run though `--no-verify` is absent: core.hooksPath, HUSKY=0, ... (None: they run)."""
        if "core.hookspath" in self.config:
            return "disables hooks via core.hooksPath"
        for name, value in self.env:  # husky, lefthook and pre-commit's switches; git's config-by-environment
            off, lowered = value.lower() in ("", "0", "false"), value.lower()
            if (name in ("HUSKY", "LEFTHOOK") and off and value) or (name in ("HUSKY_SKIP_HOOKS", "SKIP") and not off):
                return f"{name}={value} disables hooks"
            if name.startswith(("GIT_CONFIG_PARAMETERS", "GIT_CONFIG_KEY_")) and "core.hookspath" in lowered:
                return f"{name}={value} disables hooks via core.hooksPath"
        return _sets_hooks_path(self) if self.subcommand == "config" else None

    @property
    def bypasses_hooks(self) -> bool:
        return self.no_verify or self.hooks_disabled is not None

    @property
    def amend(self) -> bool:
        return self.subcommand == "commit" and self.last(("--amend",), ("--no-amend",))

    @property
    def fixup(self) -> bool:
        """`git commit --fixup/--squash`: a commit made to be folded into another by a later rebase."""
        return self.subcommand == "commit" and self.has("--fixup", "--squash")

    @property
    def history_rewrite(self) -> str | None:
        """How it rewrites history (amend, rebase, moving reset, force push, ...), or None."""
        check = _REWRITES.get(self.subcommand or "")
        return check(self) if check else None

    @property
    def rewrites_history(self) -> bool:
        """Amend, rebase, reset that moves HEAD, force push, filter-branch, replace, update-ref (not fixups)."""
        return self.history_rewrite is not None

    @property
    def concerns(self) -> tuple[str, ...]:
        """Why a gate might refuse it, in words (empty when nothing is wrong)."""
        notes = [f"skips the {_SKIPS[self.subcommand or 'commit']}"] if self.no_verify else []
        notes += [note for note in (self.hooks_disabled, self.history_rewrite) if note]
        return (*notes, "creates a fixup/squash commit for a later rebase") if self.fixup else tuple(notes)


@dataclass(frozen=True)
class CommandAnalysis:
    """The git invocations of one command line, in the order they would run."""

    invocations: tuple[GitInvocation, ...]
    parse_error: str | None = None  # set when the line is not valid shell: `invocations` is then a best effort

    @property
    def commits(self) -> tuple[GitInvocation, ...]:
        return tuple(i for i in self.invocations if i.is_commit)

    @property
    def flagged(self) -> tuple[GitInvocation, ...]:
        """Invocations that bypass hooks, rewrite history or make fixup commits."""
        return tuple(i for i in self.invocations if i.concerns)


def analyze(command: str) -> CommandAnalysis:
    """Every git invocation `command` would run. Never raises; input that is not valid shell sets `parse_error`."""
    try:
        programs, errors = runs(command)
        found = [inv for run in programs for inv in _invocations(run, 0, errors)]
    except RecursionError:  # hundreds of nested levels: not a real command line
        return CommandAnalysis((), "nesting too deep")
    return CommandAnalysis(tuple(found), errors[0] if errors else None)


def invocations_of(run: Run, errors: list[str]) -> list[GitInvocation]:
    """The git invocations one program of a line is (none, one, or an alias's several); syntax errors to `errors`."""
    return _invocations(run, 0, errors)


def _invocations(run: Run, depth: int, errors: list[str]) -> list[GitInvocation]:
    """The git invocation `run` is, if any, with `-c alias.NAME=...` aliases expanded."""
    if not run.argv:  # a bare redirection runs no program
        return []
    argv, cwd, name = run.argv, run.directory, posixpath.basename(run.argv[0])
    if name != "git" and not name.startswith("git-"):
        return []
    i = 1
    while name == "git" and i < len(argv) and argv[i].startswith("-"):
        cwd = join(cwd, argv[i + 1]) if argv[i] == "-C" and i + 1 < len(argv) else cwd
        i += 2 if argv[i] in _GLOBAL_VALUE else 1
    i = min(i, len(argv))
    sub = name[4:] if name != "git" else argv[i] if i < len(argv) else None
    args = tuple(argv[1:] if name != "git" else argv[i + 1 :])
    inv = GitInvocation(sub, args, argv[1:i], cwd, run.env, run.in_substitution, run.wrappers, argv[0])
    alias = inv.config.get(f"alias.{sub.lower()}") if sub else None
    if alias is None or depth >= MAX_NESTING:
        return [inv]
    via = replace(run, wrappers=(*run.wrappers, f"alias {sub}"))
    if alias.startswith("!"):  # a shell alias: its code runs instead
        found, more = runs(alias[1:], replace(via, directory=cwd), depth + 1)
        errors += more
        return [g for r in found for g in _invocations(r, depth + 1, errors)]
    return _invocations(replace(via, argv=(argv[0], *argv[1:i], *words_of(alias), *args)), depth + 1, errors)


def describe(invocation: GitInvocation) -> str:
    """One line for a human: `git commit --no-verify (skips the pre-commit and commit-msg hooks)`."""
    inv = invocation
    words = ["git", *inv.global_options, *filter(None, [inv.subcommand]), *inv.args]
    notes = list(inv.concerns or (["creates a commit"] if inv.is_commit else []))
    notes += [f"in {inv.directory}"] * bool(inv.directory) + ["inside a command substitution"] * inv.in_substitution
    notes += [f"via {', '.join(inv.wrappers)}"] * bool(inv.wrappers)
    text = " ".join(w if re.fullmatch(r"[\w@%+=:,./-]+", w) else "'" + w.replace("'", "'\\''") + "'" for w in words)
    return f"{text} ({'; '.join(notes)})" if notes else text


def _sets_hooks_path(inv: GitInvocation) -> str | None:
    """`git config [set|unset] core.hooksPath [DIR]`: every later commit runs other hooks (or none).

    Unsetting counts too: a hooks path the user set (husky's `.husky/_`) is where their hooks live.
    """
    operands = [o for o in inv.operands if o != "--"]
    verb = operands.pop(0) if operands[:1] in (["set"], ["unset"]) else ""
    if not operands or operands[0].lower() != "core.hookspath":
        return None
    if verb == "unset" or inv.has("--unset", "--unset-all"):
        return "unsets core.hooksPath: the hooks the repository set stop running"
    reading = inv.has("--get", "--get-all", "--get-regexp", "--get-urlmatch", "-l", "--list")
    return "sets core.hooksPath: later commits run other hooks" if not reading and len(operands) >= 2 else None


def _reset(inv: GitInvocation) -> str | None:
    """`git reset [--mode] <commit>` moves HEAD; with paths, or `-p`, it only touches the index."""
    operands = list(inv.operands)
    target = operands.pop(0) if operands[:1] != ["--"] and operands else ""
    if inv.has("-p", "--patch") or [o for o in operands if o != "--"] or target in ("", "HEAD", "@"):
        return None
    # without a mode git guesses revision-or-path: so do we (`src/app.py` is a path, `main`, `HEAD~2` revisions)
    path_like = "." in target or target.endswith("/") or target.startswith((":", "/"))
    moves = inv.has("--soft", "--mixed", "--hard", "--merge", "--keep") or re.search(r"[~^@]", target) or not path_like
    return f"moves HEAD to {target} (drops commits)" if moves else None


def _push(inv: GitInvocation) -> str | None:
    forced = inv.last(("-f", "--force"), ("--no-force",)) or inv.has("--force-with-lease", "--mirror")
    forced = forced or any(o.startswith("+") for o in inv.operands[1:])  # `+ref` forces that refspec
    return "force-pushes (rewrites the remote's history)" if forced else None


def _pull(inv: GitInvocation) -> str | None:
    rebase = False
    for name, value in inv.options:
        if name in ("-r", "--rebase", "--no-rebase"):
            rebase = name != "--no-rebase" and (value or "true").lower() not in ("false", "no", "off", "0")
    return "pull --rebase rewrites local commits" if rebase else None


_REWRITES: dict[str, Callable[[GitInvocation], str | None]] = {
    "commit": lambda inv: "amends the previous commit" if inv.amend else None,
    "rebase": lambda inv: None if inv.has("--abort", "--quit", "--show-current-patch") else "rebases: rewrites commits",
    "reset": _reset,
    "push": _push,
    "pull": _pull,
    "filter-branch": lambda _: "rewrites every commit (filter-branch)",
    "filter-repo": lambda _: "rewrites every commit (filter-repo)",
    "replace": lambda inv: None if inv.has("-l", "--list") or not inv.args else "replaces objects (grafts history)",
    "update-ref": lambda _: "moves a ref directly (update-ref)",
}
