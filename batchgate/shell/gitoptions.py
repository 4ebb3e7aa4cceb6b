"""How git reads a subcommand's arguments: its option tables and parse-options' rules (standard library only).

`split_args("commit", ("-am", "msg"))` gives `((("-a", None), ("-m", "msg")), ())`: the one reading of git's
arguments that the PreToolUse hook, the workflow's guard and the file-change reader share.
"""

from __future__ import annotations

Options = tuple[tuple[str, "str | None"], ...]  # (name, value): "-n", "--no-verify", ("--message", "msg")

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
checkout bB - quiet force merge =conflict detach ?track guess =orphan overwrite-ignore ignore-other-worktrees
  ignore-skip-worktree-bits recurse-submodules progress patch overlay =pathspec-from-file pathspec-file-nul ours theirs
restore s - =source staged worktree ours theirs merge =conflict patch quiet ignore-unmerged ignore-skip-worktree-bits
  overlay progress recurse-submodules =pathspec-from-file pathspec-file-nul
rm - - dry-run quiet cached force ignore-unmatch sparse =pathspec-from-file pathspec-file-nul
mv - - verbose dry-run force sparse
apply pC - stat numstat summary check index intent-to-add cached apply 3way =build-fake-ancestor reject =exclude
  =include ignore-space-change ignore-whitespace =whitespace reverse unidiff-zero verbose quiet recount =directory
  allow-empty unsafe-paths
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


def split_args(subcommand: str | None, args: tuple[str, ...]) -> tuple[Options, tuple[str, ...]]:
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
