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

from batchgate.hooks.shellcommand import MAX_NESTING, Run, join, runs, words_of

Options = tuple[tuple[str, "str | None"], ...]  # (name, value): "-n", "--no-verify", ("--message", "msg")

_GLOBAL_VALUE = frozenset({"-C", "-c", "--git-dir", "--work-tree", "--namespace", "--super-prefix", "--config-env"})
_SKIPS = {"commit": "pre-commit and commit-msg hooks", "push": "pre-push hook", "rebase": "pre-rebase hook"}
_SKIPS |= {"merge": "pre-merge-commit and commit-msg hooks", "pull": "merge's pre-merge-commit and commit-msg hooks"}


# git 2.39's tables (`git <cmd> -h`, `--git-completion-helper`): "<cmd> <short options with a value> <short options
# with an optional attached value> <long options>", `=name` taking a value, `?name` an optional `=value`
_TABLES = """
commit mFcCt Su quiet verbose =file =author =date =message =reedit-message =reuse-message =fixup =squash reset-author
  =trailer signoff =template edit =cleanup status ?gpg-sign all include interactive patch only no-verify dry-run short
  branch ahead-behind porcelain long null amend no-post-rewrite ?untracked-files =pathspec-from-file pathspec-file-nul
  allow-empty allow-empty-message
push o - verbose quiet =repo all mirror delete tags dry-run porcelain force ?force-with-lease force-if-includes
  =recurse-submodules thin =receive-pack =exec set-upstream progress prune no-verify follow-tags ?signed atomic
  =push-option ipv4 ipv6
reset - - quiet no-refresh mixed soft hard merge keep ?recurse-submodules patch intent-to-add =pathspec-from-file
  pathspec-file-nul
merge sXmF S stat summary ?log squash commit edit =cleanup ff ff-only rerere-autoupdate verify-signatures =strategy
  =strategy-option =message =file =into-name verbose quiet abort quit continue allow-unrelated-histories progress
  ?gpg-sign autostash overwrite-ignore signoff no-verify
pull sXo Srj ?rebase verify =strategy =strategy-option ?gpg-sign =upload-pack =depth
rebase CxsX Sr =onto =exec =strategy =strategy-option ?gpg-sign no-verify abort quit
config f - =file =blob =type =default get get-all get-regexp get-urlmatch unset unset-all
"""


def _spec(line: str) -> tuple[str, tuple[str, str, dict[str, int]]]:
    """One table line; every long option also gets its negation (`--no-x`, or `--x` for `--no-x`)."""
    command, short_value, short_optional, *longs = line.split()
    table: dict[str, int] = {}
    for item in longs:
        name = item.lstrip("=?")
        table[name] = "=?".find(item[0]) + 1  # 0: a flag, 1: takes a value, 2: an optional `=value`
        table.setdefault(name[3:] if name.startswith("no-") else f"no-{name}", 0)
    return command, (short_value.strip("-"), short_optional.strip("-"), table)


_SPECS = dict(_spec(line) for line in _TABLES.replace("\n  ", " ").strip().splitlines())


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
        return _split_args(self.subcommand, self.args)[0]

    @cached_property
    def operands(self) -> tuple[str, ...]:
        """The other arguments (a `--` and everything after it included)."""
        return _split_args(self.subcommand, self.args)[1]

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


def _invocations(run: Run, depth: int, errors: list[str]) -> list[GitInvocation]:
    """The git invocation `run` is, if any, with `-c alias.NAME=...` aliases expanded."""
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


def _split_args(subcommand: str | None, args: tuple[str, ...]) -> tuple[Options, tuple[str, ...]]:
    """Read `args` as git's parse-options does: options anywhere, clusters, values, until `--`."""
    short_value, short_optional, longs = _SPECS.get(subcommand or "", ("", "", {}))
    options: list[tuple[str, str | None]] = []
    operands: list[str] = []
    i = 0
    while i < len(args):
        arg, i = args[i], i + 1
        if arg == "--":
            operands += args[i - 1 :]
            break
        if arg.startswith("--"):
            name, eq, value = arg[2:].partition("=")
            hits = [n for n in longs if n.startswith(name)]
            name = hits[0] if name not in longs and len(hits) == 1 else name  # a unique prefix abbreviates
            takes = not eq and longs.get(name) == 1 and i < len(args)
            options.append((f"--{name}", args[i] if takes else value if eq else None))
            i += takes
        elif arg.startswith("-") and arg != "-":
            for k, letter in enumerate(arg[1:], 2):
                if letter in short_value or letter in short_optional:  # the rest of the cluster is its value
                    takes = letter in short_value and k == len(arg) and i < len(args)
                    options.append((f"-{letter}", args[i] if takes else arg[k:] or None))
                    i += takes
                    break
                options.append((f"-{letter}", None))
        else:
            operands.append(arg)
    return tuple(options), tuple(operands)


def _sets_hooks_path(inv: GitInvocation) -> str | None:
    """`git config [set] core.hooksPath DIR`: every later commit runs other hooks (or none)."""
    operands = [o for o in inv.operands if o != "--"]
    operands = operands[1:] if operands[:1] == ["set"] else operands
    reading = inv.has("--get", "--get-all", "--get-regexp", "--get-urlmatch", "--unset", "--unset-all", "-l")
    setting = not reading and len(operands) >= 2 and operands[0].lower() == "core.hookspath"
    return "sets core.hooksPath: later commits run other hooks" if setting else None


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
