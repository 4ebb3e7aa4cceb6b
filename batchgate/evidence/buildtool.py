"""Does the build command's tool resolve here, without anything being downloaded?

A build gate must never fetch and run packages on its own: `npx` is always
run with `--no-install` (npm 6 and 7+ both read it), `--offline` (without it
npm 11's npx still asks the registry about a missing package before it
refuses) and `npm_config_yes=false` (which beats a `npm_config_yes=true` in
the environment). A tool that is not
installed is "could not check" with the install command the repository uses
(from its lockfile), never a failure the developer could fix in code.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from typing import NamedTuple

from batchgate.evidence.process import find_program

NO_INSTALL = ("--no-install", "--offline")
# The environment every build runs with, on top of the caller's: npx may not install nor look for updates;
# Nx starts no daemon, and prints a failing task's output inline unless the command names another style
# (under Claude Code, CLAUDECODE=1, Nx 24 would print only "full log: <file>" for each failed task).
BUILD_ENV = {
    "npm_config_yes": "false",
    "npm_config_update_notifier": "false",
    "NX_DAEMON": "false",
    "NX_DEFAULT_OUTPUT_STYLE": "static-failures-only",
}
_YES = re.compile(r"^(?:-y|--yes(?:=true)?)$")
_NPX_VALUE_OPTIONS = frozenset({"-p", "--package", "-c", "--call", "--userconfig", "--cache", "--prefix"})
# What npm, npx, Nx and a shell print when the program to run is not installed (checked only after a failure).
NOT_INSTALLED = re.compile(
    r"npx canceled due to missing packages"
    r"|could not determine executable to run"
    r"|\bENOTCACHED\b"
    r"|Could not find Nx modules"
    r"|\bcould not find nx\b"
    r"|^(?:/bin/)?(?:ba|da|z)?sh: (?:line \d+: |\d+: )?[\w.@/-]+: (?:command )?not found$"
    r"|^[\w.@/-]+: command not found$"
    r"|^zsh: command not found: [\w.@/-]+$"
    r"|Command \"[^\"]+\" not found"  # pnpm exec / pnpm TOOL
    r"|Couldn't find a script named \"[^\"]+\"",  # yarn TOOL
    re.IGNORECASE,
)
# Package manager by lockfile, in the order they are looked for.
_LOCKFILES = (
    ("pnpm-lock.yaml", "pnpm install --frozen-lockfile"),
    ("yarn.lock", "yarn install --immutable"),
    ("package-lock.json", "npm ci"),
    ("npm-shrinkwrap.json", "npm ci"),
    ("bun.lock", "bun install --frozen-lockfile"),
    ("bun.lockb", "bun install --frozen-lockfile"),
)
_BY_MANAGER = {"pnpm": "pnpm install --frozen-lockfile", "yarn": "yarn install --immutable", "npm": "npm ci"}


class ToolProblem(NamedTuple):
    """Why the build cannot start, and what the user does about it."""

    summary: str
    fix: str


def never_installs(argv: list[str]) -> list[str]:
    """`argv` as run: `npx …` gets `--no-install` and loses any `--yes` before the package name."""
    if not argv or os.path.basename(argv[0]) != "npx":
        return list(argv)
    options, rest = _split_npx(argv[1:])
    kept = [option for option in options if not _YES.match(option) and option not in NO_INSTALL]
    return [argv[0], *NO_INSTALL, *kept, *rest]


def check_tool(argv: list[str], root: str) -> ToolProblem | None:
    """None when argv[0] (and, for npx, the package it runs) resolves in `root` without installing."""
    if not argv:
        return ToolProblem("build.command is empty", "set build.command in .claude/batchgate.yaml")
    if find_program(argv[0], root) is None:
        fix = "install Node.js (it brings npx)" if argv[0] == "npx" else f"install {argv[0]}"
        return ToolProblem(
            f"build tool {argv[0]!r} not found on PATH", f"{fix}, or set build.command in .claude/batchgate.yaml"
        )
    if os.path.basename(argv[0]) != "npx":
        return None
    tool = npx_tool(argv)
    if tool is None or _installed(tool, root):
        return None
    return ToolProblem(
        f"{tool} is not installed in this repository (no node_modules/.bin/{_bin_name(tool)}); "
        f"batchgate runs npx with {' '.join(NO_INSTALL)}, so nothing is downloaded",
        install_fix(root),
    )


def npx_tool(argv: list[str]) -> str | None:
    """The package `npx …` runs (`nx` in `npx nx build api`); None when -p/-c decide it."""
    options, rest = _split_npx(argv[1:])
    if any(option.split("=", 1)[0] in ("-p", "--package", "-c", "--call") for option in options) or not rest:
        return None
    name = rest[0]
    return name[: name.rindex("@")] if name.rfind("@") > 0 else name


def install_command(root: str) -> str:
    """The install command this repository's package manager uses (packageManager, else its lockfile)."""
    manager = _package_manager(root)
    if manager in _BY_MANAGER and (manager != "npm" or _has_any(root, "package-lock.json", "npm-shrinkwrap.json")):
        return _BY_MANAGER[manager]
    for lockfile, command in _LOCKFILES:
        if os.path.isfile(os.path.join(root, lockfile)):
            return command
    return "npm install"


def install_fix(root: str) -> str:
    """The fix for a JavaScript tool that is not installed."""
    return (
        f"install the workspace's dependencies: run `{install_command(root)}` in the repository root "
        "(batchgate never installs packages itself), then verify again"
    )


def _split_npx(args: list[str]) -> tuple[list[str], list[str]]:
    """npx's own options, and the package with its arguments."""
    options: list[str] = []
    index = 0
    while index < len(args) and args[index].startswith("-"):
        options.append(args[index])
        if args[index] in _NPX_VALUE_OPTIONS and index + 1 < len(args):
            options.append(args[index + 1])
            index += 1
        index += 1
    if index < len(args) and args[index] == "--":
        index += 1
    return options, args[index:]


def _installed(tool: str, root: str) -> bool:
    """npx finds `tool` without installing: the repository's node_modules, else PATH (a global install)."""
    if tool.startswith("@"):
        return os.path.isfile(os.path.join(root, "node_modules", *tool.split("/"), "package.json"))
    local = os.path.join(root, "node_modules", ".bin", tool)
    return os.access(local, os.X_OK) or shutil.which(tool) is not None


def _bin_name(tool: str) -> str:
    return tool.rsplit("/", 1)[-1]


def _package_manager(root: str) -> str:
    try:
        with open(os.path.join(root, "package.json"), encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return ""
    field = data.get("packageManager") if isinstance(data, dict) else None
    return field.split("@", 1)[0] if isinstance(field, str) else ""


def _has_any(root: str, *names: str) -> bool:
    return any(os.path.isfile(os.path.join(root, name)) for name in names)
