"""BuildGate: the configured build passes for every project the batch touches.

Run as argv in the repository root, killed with its process group after
`build.timeout_s`; results are cached by (argv, tree state incl.
uncommitted changes), so an unchanged tree is never rebuilt. `npx` never
installs and Nx starts no daemon (evidence/buildtool.py); a tool that is not
installed is "could not check", not a failure. A failure shows the build's
error lines, then its last lines; the whole output is kept in the state
folder (evidence/buildlog.py) and named.
"""

from __future__ import annotations

import datetime as dt
import os
import threading

from batchgate.evidence import buildcache, buildlog
from batchgate.evidence.buildtool import BUILD_ENV, NOT_INSTALLED, check_tool, install_fix, never_installs
from batchgate.evidence.process import run_command
from batchgate.evidence.projects import resolve_projects
from batchgate.gates.base import GateContext, GateResult, Verdict, could_not_check, failed, passed

TYPE_CHECKING = False
if TYPE_CHECKING:
    from batchgate.evidence.buildoutput import BuildEvidence

NAME = "build"


def check(ctx: GateContext) -> GateResult:
    """Run the gate."""
    build = ctx.config.build
    if not build.enabled:
        return GateResult(NAME, Verdict.SKIPPED, "the build gate is turned off (build.enabled: false)")
    commands = _commands(ctx)
    if isinstance(commands, GateResult):
        return commands
    problem = check_tool(commands[0], ctx.repo.root)
    if problem is not None:
        return could_not_check(NAME, problem.summary, problem.fix)
    tree = ctx.tree_key()
    lines = []
    for argv in commands:
        outcome = _run_cached(ctx, argv, tree)
        if outcome.verdict != Verdict.PASSED:
            return outcome
        lines.append(outcome.summary)
    return passed(NAME, f"{len(commands)} build(s) passed", *lines)


def _commands(ctx: GateContext) -> list[list[str]] | GateResult:
    """The argv for each project (one argv when the command names no {project})."""
    template = list(ctx.config.build.command)
    if not any("{project}" in part for part in template):
        return [template]
    paths = [ref.path for ref in ctx.batch_files() if ref.path]
    found = resolve_projects(ctx.repo.root, paths, ctx.config.build.projects)
    if found.problems:
        return failed(NAME, "the build's projects cannot be used safely", found.problems, _projects_fix(found.problems))
    if not found.projects:
        where = (
            "no project.json above the batch's files (nor a package.json of the workspaces)"
            if ctx.config.build.projects == "nx"
            else "no build.projects prefix matches the batch's files"
        )
        return could_not_check(
            NAME,
            f"no build project found: {where}",
            "set build.projects in .claude/batchgate.yaml, or a build.command without {project}",
            *paths[:5],
        )
    return [[part.replace("{project}", name) for part in template] for name in sorted(found.projects)]


def _projects_fix(problems: list[str]) -> str:
    if any("outside the repository" in problem for problem in problems):
        return "keep each project.json inside the repository (replace a symlink that leads out with the file itself)"
    if any("cannot be read" in problem for problem in problems):
        return "fix the JSON of each project.json listed"
    return "give each project a plain name (letters, digits, @ . _ / : -, not starting with -)"


def _run_cached(ctx: GateContext, argv: list[str], tree: str) -> GateResult:
    key = buildcache.cache_key(argv, tree)
    shown = " ".join(never_installs(argv))
    cached = buildcache.lookup(ctx.state_dir, key)
    if cached is not None:
        how = f"cached result from {cached.at} for this exact tree"
        log = buildlog.existing(ctx.state_dir, key)
        return _verdict(shown, cached.exit_code, cached.tail.splitlines(), how, _shown_path(ctx, log))
    return _run(ctx, argv, key, shown)


class _Watcher:
    """What the build's output says while it runs: the log, the evidence, a tool that is not installed."""

    def __init__(self, state_dir: str, key: str) -> None:
        from batchgate.evidence import buildoutput  # only when a build runs: not on a cache hit

        self.output = buildoutput
        self.log = buildlog.BuildLog(state_dir, key)
        self.collector = buildoutput.OutputCollector()
        self.not_installed: str | None = None
        self.task_logs: list[str] = []
        self._lock = threading.Lock()  # a child that kept the pipe open may still print after the verdict
        self._finished = False

    def on_line(self, raw: bytes) -> None:
        """One line of output (from the reader thread)."""
        with self._lock:
            if self._finished:
                return
            self.log.write(raw)
            text = raw.decode("utf-8", "replace")
            self.collector.feed(text)
            if self.not_installed is None and NOT_INSTALLED.search(self.output.clean(text)):
                self.not_installed = self.output.clean(text)
            named = self.output.logs_named(text)
            if named is not None:
                self.task_logs.append(named)

    def finish(self) -> str | None:
        """Stop listening; the kept log's path."""
        with self._lock:
            self._finished = True
        return self.log.close()


def _run(ctx: GateContext, argv: list[str], key: str, shown: str) -> GateResult:
    watcher = _Watcher(ctx.state_dir, key)
    env = {**os.environ, **BUILD_ENV}
    try:
        result = run_command(never_installs(argv), ctx.repo.root, ctx.config.build.timeout_s, env, watcher.on_line)
    except OSError as error:
        watcher.finish()
        return could_not_check(NAME, f"{shown} could not start: {error.strerror or error}", "check build.command")
    where = _shown_path(ctx, watcher.finish())
    if result.exit_code not in (0, None):
        watcher.output.follow_logs(watcher.collector, watcher.task_logs, ctx.repo.root)
    evidence = watcher.collector.evidence()
    if result.timed_out or result.exit_code is None:
        return could_not_check(
            NAME,
            f"{shown} timed out after {ctx.config.build.timeout_s:g} s and was killed{where}",
            "make the build faster, or raise build.timeout_s",
            *evidence.tail[-10:],
        )
    if result.exit_code != 0 and watcher.not_installed is not None:
        return _not_installed(ctx, shown, watcher.not_installed, evidence, where)
    at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    shown_lines = evidence.lines()
    record = buildcache.BuildRecord(result.exit_code, "\n".join(shown_lines), result.seconds, at)
    buildcache.store(ctx.state_dir, key, record)
    return _verdict(shown, result.exit_code, shown_lines, f"ran in {result.seconds:.1f} s", where)


def _not_installed(ctx: GateContext, shown: str, line: str, evidence: BuildEvidence, where: str) -> GateResult:
    """The build could not run its tool: the environment's problem, not the batch's (and never cached)."""
    root = ctx.repo.root
    fix = (
        install_fix(root)
        if os.path.isfile(os.path.join(root, "package.json"))
        else "install the tool named above, or set build.command in .claude/batchgate.yaml"
    )
    summary = f"{shown} could not run: its tool is not installed ({line}){where}"
    return could_not_check(NAME, summary, fix, *evidence.lines())


def _shown_path(ctx: GateContext, path: str | None) -> str:
    """ "; full output in <path>" (relative to the work tree when inside it), or "" without a log."""
    if path is None:
        return ""
    relative = os.path.relpath(path, ctx.repo.root)
    return f"; full output in {path if relative.startswith('..') else relative}"


def _verdict(shown: str, code: int, lines: list[str], how: str, where: str = "") -> GateResult:
    if code == 0:
        return passed(NAME, f"{shown}: passed ({how})")
    return failed(
        NAME,
        f"{shown} failed with exit code {code} ({how}){where}",
        lines,
        "fix the build errors above (the whole output is in the file named), amend the batch commit, and stop again",
    )
