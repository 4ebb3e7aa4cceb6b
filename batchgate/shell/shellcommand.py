"""Which programs a command line runs, where, and with which variables: `runs(text)`.

Each simple command has its reserved words, assignments and wrappers peeled off:
`sudo env -C dir FOO=1 nice -n 5 git commit` runs `git commit` in `dir` with `FOO=1`.
`bash -c CODE`, `eval CODE`, `bash <<EOF` and substitutions are followed; `cd` and
`export` carry over to later commands of the same shell (not out of subshells or pipes).
Nothing is expanded or run: `$GIT commit` stays unknown, a script file out of sight.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace

from batchgate.shell.shellwords import Command, Group, Script, parse

_RESERVED = frozenset({"!", "{", "}", "if", "then", "else", "elif", "fi", "do", "done", "while", "until", "coproc"})
MAX_NESTING = 8  # `bash -c "bash -c ..."` deeper than this is not followed
_SHELLS = frozenset({"sh", "bash", "dash", "zsh", "ksh", "mksh", "ash"})
_CHDIR = frozenset({"env -C", "env --chdir", "sudo -D", "sudo --chdir"})
_WRAPPERS = {  # program -> (its options that take a separate value, operands before the command)
    name: (frozenset(options.split()), operands)
    for name, options, operands in (
        ("env", "-u -C -S --unset --chdir --split-string", 0),
        ("sudo", "-u -g -h -p -C -D -r -t -U -T --user --group --host --prompt --chdir --role --type", 0),
        ("doas", "-u -C", 0),
        ("command", "", 0),
        ("builtin", "", 0),
        ("exec", "-a", 0),
        ("nohup", "", 0),
        ("time", "", 0),
        ("nice", "-n --adjustment", 0),
        ("ionice", "-c -n -p -t --class --classdata", 0),
        ("timeout", "-s -k --signal --kill-after", 1),
        ("stdbuf", "-i -o -e --input --output --error", 0),
        ("xargs", "-a -d -E -I -L -n -P -s --arg-file --delimiter --eof --replace --max-args --max-procs", 0),
    )
}


@dataclass(frozen=True)
class Run:
    """One program a command line runs, with what it inherits from the line."""

    argv: tuple[str, ...]
    env: tuple[tuple[str, str], ...] = ()  # variables the line sets for it (prefix, `env`, earlier `export`)
    directory: str | None = None  # where it runs, relative to where the line starts (None: there)
    in_substitution: bool = False  # inside `$(...)`, backquotes or `<(...)`: still executed
    wrappers: tuple[str, ...] = ()  # what it runs under, outermost first: ("sudo", "bash")
    writes: tuple[str, ...] = ()  # files its output redirections write, as typed (unexpanded)
    stdin: tuple[str, ...] = ()  # here-documents and here-strings it reads


def runs(text: str, base: Run | None = None, depth: int = 0) -> tuple[list[Run], list[str]]:
    """Every program `text` runs, in order, and the syntax errors met; `base` gives the starting state."""
    base = base or Run(())
    walker = _Walker(depth)
    script, error = parse(text)
    walker.errors += [error] if error else []
    walker.script(script, _Scope(base.directory, dict(base.env)), base)
    return walker.found, walker.errors


@dataclass(frozen=True)
class Simple:
    """What a simple command runs once reserved words, assignments and wrappers are peeled off."""

    argv: tuple[str, ...]  # the program and its arguments; () when nothing runs
    env: tuple[tuple[str, str], ...]  # `NAME=value` given to the program (prefix and `env`/`sudo` assignments)
    wrappers: tuple[str, ...]  # programs peeled off, outermost first
    chdir: tuple[str, ...]  # directories entered on the way (`env -C`, `sudo -D`)
    code: tuple[str, ...]  # shell code it runs: `bash -c CODE`, `eval CODE`, a shell's here-document


def words_of(text: str) -> list[str]:
    """The words of the first simple command in `text` (for `env -S` and git aliases)."""
    script, _ = parse(text)
    return [w.text for w in script[0][1].words] if script and isinstance(script[0][1], Command) else []


def assignment(text: str) -> tuple[str, str] | None:
    """`(NAME, value)` when `text` is a `NAME=value` (or `NAME+=value`) assignment."""
    name, eq, value = text.partition("=")
    name = name[:-1] if name.endswith("+") else name
    return (name, value) if eq and name.isidentifier() and name.isascii() else None


def simple(command: Command) -> Simple:
    """Resolve what `command` runs (the words are never expanded: `$GIT commit` stays unknown)."""
    words, env = list(command.words), []
    while words and words[0].raw in _RESERVED:
        words.pop(0)
    while words and (pair := assignment(words[0].raw)):  # an assignment's name must be unquoted
        env.append((pair[0], words.pop(0).text.partition("=")[2]))
    argv, wrappers = [w.text for w in words], []
    chdir: list[str] = []
    while argv and (name := posixpath.basename(argv[0])) in (*_WRAPPERS, "find"):
        if name == "find" and not _find_exec(argv):
            break  # find runs nothing else: it is the program (it may `-delete`)
        argv = _find_exec(argv) if name == "find" else _peel(name, argv, env, chdir)
        wrappers.append(name)
    code: list[str] = []
    if argv and posixpath.basename(argv[0]) in _SHELLS:
        code = _shell_code(argv, command.stdin)
    elif argv[:1] == ["eval"]:
        code = [" ".join(argv[1:])]
    return Simple(tuple(argv), tuple(env), tuple(wrappers), tuple(chdir), tuple(code))


def _peel(name: str, argv: list[str], env: list[tuple[str, str]], chdir: list[str]) -> list[str]:
    """The command a wrapper runs: skip its options (noting assignments and directory changes)."""
    takes_value, operands = _WRAPPERS[name]
    i = 1
    while i < len(argv):
        arg, i = argv[i], i + 1
        if arg == "--":
            break
        if name in ("env", "sudo") and (pair := assignment(arg)):
            env.append(pair)
            continue
        if not arg.startswith("-") or (arg == "-" and name != "env"):
            i -= 1
            break
        if name == "command" and arg in ("-v", "-V"):
            return []  # looks the program up, does not run it
        value = None
        if arg in takes_value and i < len(argv):
            value, i = argv[i], i + 1
        elif arg.startswith("--") and "=" in arg:
            arg, _, value = arg.partition("=")
        elif arg[:2] in takes_value and not arg.startswith("--"):  # `-C/dir`, `-uroot`: the value attached
            arg, value = arg[:2], arg[2:]
        if f"{name} {arg}" in _CHDIR and value is not None:
            chdir.append(value)
        if name == "env" and arg in ("-S", "--split-string") and value is not None:
            return [*words_of(value), *argv[i:]]
    return argv[i + operands :]


def _find_exec(argv: list[str]) -> list[str]:
    """`find ... -exec CMD ... ;` runs CMD (the first -exec only)."""
    start = next((k for k, a in enumerate(argv) if a in ("-exec", "-execdir", "-ok", "-okdir")), len(argv))
    rest = argv[start + 1 :]
    return rest[: next((k for k, a in enumerate(rest) if a in (";", "+")), len(rest))]


def _shell_code(argv: list[str], stdin: tuple[str, ...]) -> list[str]:
    """The code a shell runs: its `-c` argument, else its here-documents (a script file is out of sight)."""
    i, has_c = 1, False
    while i < len(argv) and argv[i][:1] in ("-", "+") and argv[i] not in ("-", "--"):
        option, i = argv[i], i + 1
        if option in ("-o", "+o", "-O", "+O", "--rcfile", "--init-file"):
            i += 1
        elif not option.startswith("--") and "c" in option:
            has_c = True
    i += argv[i : i + 1] == ["--"]
    if has_c:
        return argv[i : i + 1]
    return [] if i < len(argv) else list(stdin)


class _Scope:
    """The shell state commands inherit: directory (relative to the start, None: unchanged) and variables."""

    def __init__(self, cwd: str | None = None, env: dict[str, str] | None = None) -> None:
        self.cwd, self.env = cwd, dict(env or {})

    def copy(self) -> _Scope:
        return _Scope(self.cwd, self.env)


def join(cwd: str | None, path: str) -> str | None:
    """`cwd` after `cd path` (kept as written: `~`, `$HOME` and absolute paths replace it)."""
    if not path:
        return cwd
    return path if cwd is None or path.startswith(("/", "~", "$")) else posixpath.join(cwd, path)


class _Walker:
    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.found: list[Run] = []
        self.errors: list[str] = []

    def script(self, script: Script, scope: _Scope, ctx: Run) -> None:
        undo: tuple[str | None] | None = None  # the directory before a `cd`, for its `||` branch
        for k, (connector, node) in enumerate(script):
            following = script[k + 1][0] if k + 1 < len(script) else ""
            # pipeline parts, background jobs and ( groups ) run in subshells: their `cd` stays there
            isolated = connector == "|" or following in ("|", "&") or isinstance(node, Group)
            target = scope.copy() if isolated else scope
            if connector == "||" and undo:  # runs only if the `cd` before it failed: in the old directory
                target = scope.copy()
                target.cwd = undo[0]
            before = scope.cwd
            if isinstance(node, Group):
                self.script(node.body, target, ctx)
            else:
                self.command(node, target, ctx)
            undo = (before,) if scope.cwd != before else None

    def command(self, command: Command, scope: _Scope, ctx: Run) -> None:
        for sub in command.substitutions:
            self.script(sub, scope.copy(), replace(ctx, in_substitution=True))
        run = simple(command)
        name = posixpath.basename(run.argv[0]) if run.argv else ""
        if not run.argv and not run.wrappers:  # `FOO=1` alone: later commands see it (exported or not)
            scope.env.update(run.env)
        elif name in ("cd", "pushd") and not run.wrappers:
            operands = [a for a in run.argv[1:] if not a.startswith("-") or a == "-"]
            scope.cwd = join(scope.cwd, operands[0] if operands else "~")
        elif name in ("export", "unset"):
            for arg in (a for a in run.argv[1:] if not a.startswith("-")):
                pair = assignment(arg)
                if name == "unset":
                    scope.env.pop(arg, None)
                elif pair:
                    scope.env[pair[0]] = pair[1]
        cwd, env = scope.cwd, {**scope.env, **dict(run.env)}
        for directory in run.chdir:
            cwd = join(cwd, directory)
        ctx = replace(ctx, wrappers=ctx.wrappers + run.wrappers)
        for code in run.code:
            self.code(code, _Scope(cwd, env), replace(ctx, wrappers=(*ctx.wrappers, name)))
        if run.argv or command.writes:  # `> file` alone still truncates the file
            ran = replace(ctx, argv=run.argv, env=tuple(env.items()), directory=cwd)
            self.found.append(replace(ran, writes=command.writes, stdin=command.stdin))

    def code(self, text: str, scope: _Scope, ctx: Run) -> None:
        """Shell code run by `bash -c`, `eval` or a shell's here-document."""
        if self.depth >= MAX_NESTING:
            self.errors.append("shell code nested too deep to follow")
            return
        script, error = parse(text)
        self.errors += [f"in nested shell code: {error}"] if error else []
        self.depth += 1
        self.script(script, scope, ctx)
        self.depth -= 1
