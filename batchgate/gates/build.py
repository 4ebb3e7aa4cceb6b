"""BuildGate: the configured build passes for every project the batch touches.

Run as argv in the repository root, killed with its process group after
`build.timeout_s`; results are cached by (argv, tree state incl.
uncommitted changes), so an unchanged tree is never rebuilt.
"""

from __future__ import annotations

import datetime as dt

from batchgate.evidence import buildcache
from batchgate.evidence.process import find_program, run_command
from batchgate.evidence.projects import resolve_projects
from batchgate.gates.base import GateContext, GateResult, Verdict, could_not_check, failed, passed

NAME = "build"


def check(ctx: GateContext) -> GateResult:
    """Run the gate."""
    build = ctx.config.build
    if not build.enabled:
        return GateResult(NAME, Verdict.SKIPPED, "the build gate is turned off (build.enabled: false)")
    commands = _commands(ctx)
    if isinstance(commands, GateResult):
        return commands
    program = find_program(commands[0][0], ctx.repo.root)
    if program is None:
        return could_not_check(
            NAME,
            f"build tool {commands[0][0]!r} not found on PATH",
            "install it, or set build.command in .claude/batchgate.yaml",
        )
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
            "no project.json above the batch's files"
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
    shown = " ".join(argv)
    cached = buildcache.lookup(ctx.state_dir, key)
    if cached is not None:
        return _verdict(shown, cached.exit_code, cached.tail, f"cached result from {cached.at} for this exact tree")
    try:
        result = run_command(argv, ctx.repo.root, ctx.config.build.timeout_s)
    except OSError as error:
        return could_not_check(NAME, f"{shown} could not start: {error.strerror or error}", "check build.command")
    if result.timed_out or result.exit_code is None:
        return could_not_check(
            NAME,
            f"{shown} timed out after {ctx.config.build.timeout_s:g} s and was killed",
            "make the build faster, or raise build.timeout_s",
            *result.tail.splitlines()[-10:],
        )
    at = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    buildcache.store(ctx.state_dir, key, buildcache.BuildRecord(result.exit_code, result.tail, result.seconds, at))
    return _verdict(shown, result.exit_code, result.tail, f"ran in {result.seconds:.1f} s")


def _verdict(shown: str, code: int, tail: str, how: str) -> GateResult:
    if code == 0:
        return passed(NAME, f"{shown}: passed ({how})")
    return failed(
        NAME,
        f"{shown} failed with exit code {code} ({how})",
        tail.splitlines()[-8:],
        "fix the build errors above, amend the batch commit, and stop again",
    )
