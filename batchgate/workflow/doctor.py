"""`doctor`: is this repository's installation able to work? One check per concern, each with a fix.

Checks: git, python3 (the interpreter the hooks start with), batchgate's
environment, the hook wiring in the project and local settings (each of the
five events, the script it runs, the SubagentStop timeout against the build
timeout), the build tool, and the installed copy against its manifest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from typing import Any

from batchgate.bootstrap import DEPENDENCIES, environment_dir, environment_python, ready_python
from batchgate.errors import BatchgateError
from batchgate.installer import manifest as manifest_file
from batchgate.installer import settingsfile
from batchgate.installer.bundle import sha256
from batchgate.installer.wiring import (
    HOOKS,
    INSTALL_DIR,
    MANIFEST,
    SETTINGS,
    HookSpec,
    our_handlers,
    script_of,
    unmatched_tools,
)
from batchgate.workflow.forms import forms_check, plugin_evidence

OK, WARNING, FAILED, COULD_NOT = "ok", "warning", "failed", "could-not-check"
_IMPORTS = "import " + ", ".join(DEPENDENCIES)


@dataclass(frozen=True)
class Check:
    """One finding: what was checked, how it went, and what to do about it."""

    name: str
    status: str
    detail: str
    fix: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The check as in schemas/report.schema.json."""
        return {"name": self.name, "status": self.status, "detail": self.detail, "fix": self.fix}


@dataclass(frozen=True)
class Wiring:
    """The hook handlers found in the settings files: event -> (file, matcher, handler)."""

    found: dict[str, tuple[str, str | None, dict[str, Any]]]
    plugin: bool


def run_checks(start: str, home: str) -> list[Check]:
    """Every check for the repository containing `start`; `home` is the running batchgate."""
    git_check, root = check_git(start)
    checks = [git_check, check_python3()]
    if root is None:
        reason = "not inside a git work tree, so there is no installation to inspect"
        return [*checks, *(Check(name, COULD_NOT, reason) for name in ("environment", "hooks", "build tool"))]
    installed = os.path.join(root, *INSTALL_DIR.split("/"))
    checks.append(check_environment(installed if os.path.isdir(installed) else home))
    wiring_checks, wiring = check_wiring(root, home)
    checks += wiring_checks
    build_checks, build_timeout = check_build(root)
    checks += build_checks
    checks.append(check_timeout(wiring, build_timeout))
    checks.append(check_installed_copy(root, wiring))
    checks.append(Check("forms", *forms_check(root, home)))
    return checks


def check_git(start: str) -> tuple[Check, str | None]:
    """git is found, its version, and `start` is inside a work tree (the root is returned)."""
    if shutil.which("git") is None:
        return Check("git", FAILED, "git is not on PATH", "install git"), None
    version = _output(["git", "--version"], start) or "git (version unknown)"
    root = _output(["git", "rev-parse", "--show-toplevel"], start)
    if not root:
        return Check(
            "git", FAILED, f"{version}; {start} is not inside a git work tree", "cd into the repository, or pass -C DIR"
        ), None
    return Check("git", OK, f"{version}; work tree {root}"), root


def check_python3() -> Check:
    """The `python3` the hook commands start is there and new enough."""
    if shutil.which("python3") is None:
        return Check(
            "python3",
            FAILED,
            "python3 is not on PATH; every hook command starts with it",
            "install Python 3.10 or newer",
        )
    found = _output(["python3", "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], os.getcwd())
    if not found:
        return Check("python3", COULD_NOT, "python3 is on PATH but did not run", "run python3 --version to see why")
    if tuple(int(part) for part in found.split(".")[:2]) < (3, 10):
        return Check(
            "python3", FAILED, f"python3 is {found}; batchgate needs 3.10 or newer", "install Python 3.10 or newer"
        )
    return Check("python3", OK, f"python3 {found} ({shutil.which('python3')})")


def check_environment(home: str) -> Check:
    """batchgate's environment exists and imports its dependencies (or python3 has them itself)."""
    env = environment_dir(home)
    python = environment_python(env)
    launcher = (
        os.path.join(home, "bin", "batchgate")
        if os.path.isdir(os.path.join(home, "bin"))
        else os.path.join(home, "scripts", "batchgate")
    )
    create = f"run `python3 {os.path.relpath(launcher)} doctor` once: it creates it (needs the package index)"
    if os.path.exists(python):
        if _output([python, "-c", _IMPORTS + "; print('ok')"], home) != "ok":
            return Check(
                "environment", FAILED, f"{env} cannot import {', '.join(DEPENDENCIES)}", f"delete {env}, then {create}"
            )
        if ready_python(home, [os.path.join(home, "requirements.txt")]) is None:
            return Check(
                "environment",
                WARNING,
                f"{env} predates the current requirements.txt",
                "it is refreshed on the next batchgate command",
            )
        return Check("environment", OK, f"{env} imports {', '.join(DEPENDENCIES)}")
    if shutil.which("python3") and _output(["python3", "-c", _IMPORTS + "; print('ok')"], home) == "ok":
        return Check("environment", OK, "no environment needed: python3 itself imports " + ", ".join(DEPENDENCIES))
    return Check(
        "environment",
        FAILED,
        f"not set up in this clone ({env} is missing); the hooks cannot verify anything yet",
        create,
    )


def check_wiring(root: str, home: str) -> tuple[list[Check], Wiring]:
    """Each of the five events has a batchgate handler (project or local settings) whose script exists."""
    found: dict[str, tuple[str, str | None, dict[str, Any]]] = {}
    checks: list[Check] = []
    for rel in (SETTINGS["local"], SETTINGS["project"]):
        try:
            data = settingsfile.read(os.path.join(root, rel), rel).data
        except BatchgateError as error:
            checks.append(Check(f"settings {rel}", FAILED, error.message, error.fix))
            continue
        for event, matcher, handler in our_handlers(data):
            found.setdefault(event, (rel, matcher, handler))
    wiring = Wiring(found, bool(plugin_evidence(root, home)))
    checks += [_hook_check(spec, wiring, root, home) for spec in HOOKS]
    return checks, wiring


def _hook_check(spec: HookSpec, wiring: Wiring, root: str, home: str) -> Check:
    name = f"hook {spec.event}"
    if spec.event not in wiring.found:
        if wiring.plugin:
            return Check(name, OK, "wired by the batchgate plugin (enabledPlugins)")
        return Check(
            name,
            FAILED,
            f"no batchgate {spec.event} hook in {SETTINGS['project']} or {SETTINGS['local']}",
            _install_fix(root, home),
        )
    rel, matcher, handler = wiring.found[spec.event]
    script = script_of(handler["command"])
    if script is None or not os.path.isfile(os.path.join(root, *script.split("/"))):
        return Check(
            name, FAILED, f"{rel} runs {script or handler['command']!r}, which does not exist", _install_fix(root, home)
        )
    unchecked = unmatched_tools(spec, matcher)
    if matcher != spec.matcher:
        return Check(
            name,
            FAILED if unchecked else WARNING,
            f"{rel}: matcher {matcher!r}, batchgate expects {spec.matcher!r}"
            + (f" ({', '.join(unchecked)} calls go unchecked)" if unchecked else ""),
            f"set the matcher back, or reinstall ({_install_fix(root, home)})",
        )
    if wiring.plugin:
        return Check(
            name,
            WARNING,
            f"in {rel} and also in the batchgate plugin: it runs twice",
            "disable the plugin, or uninstall the settings entries",
        )
    return Check(name, OK, f"{rel} runs {script} (timeout {handler.get('timeout', 600)}s)")


def check_build(root: str) -> tuple[list[Check], float]:
    """The configured build command's tool resolves in this repository (workflow/doctor_build.py)."""
    try:
        from batchgate.config import load_config

        config = load_config(root)
    except BatchgateError as error:
        return [Check("build tool", FAILED, error.message, error.fix)], 900.0
    except (OSError, ImportError) as error:
        return [Check("build tool", COULD_NOT, f"cannot read the configuration: {error}", "reinstall batchgate")], 900.0
    build = config.build
    if not build.enabled:
        return [Check("build tool", OK, "the build gate is disabled (build.enabled: false)")], build.timeout_s
    from batchgate.workflow.doctor_build import check_build_tool  # imports this module: load it late

    return [check_build_tool(root, list(build.command))], build.timeout_s


def check_timeout(wiring: Wiring, build_timeout: float) -> Check:
    """The SubagentStop hook outlives the build it runs (else Claude Code kills it mid-build)."""
    if "SubagentStop" not in wiring.found:
        return Check("hook timeout", COULD_NOT, "no SubagentStop hook in the settings to compare")
    rel, _matcher, handler = wiring.found["SubagentStop"]
    timeout = handler.get("timeout", 600)
    if not isinstance(timeout, (int, float)) or timeout <= build_timeout:
        return Check(
            "hook timeout",
            FAILED,
            f"SubagentStop may run {timeout}s, build.timeout_s is {build_timeout:g}s: the build would be cut off",
            f'raise "timeout" of the SubagentStop hook in {rel} to at least {int(build_timeout) + 300}',
        )
    return Check("hook timeout", OK, f"SubagentStop {timeout}s > build.timeout_s {build_timeout:g}s")


def check_installed_copy(root: str, wiring: Wiring) -> Check:
    """The files under .claude/ are the ones the manifest lists (none missing; edits noted)."""
    path = os.path.join(root, *MANIFEST.split("/"))
    try:
        with open(path, "rb") as handle:
            stored = manifest_file.parse(handle.read())
    except FileNotFoundError:
        if wiring.plugin:
            return Check("installed copy", OK, "none: batchgate runs as a plugin")
        return Check(
            "installed copy",
            WARNING,
            f"{MANIFEST} is missing: not installed with install.py",
            "install: python3 <batchgate checkout>/install.py " + root,
        )
    except BatchgateError as error:
        return Check("installed copy", FAILED, error.message, error.fix)
    missing, edited = [], []
    for rel, digest in sorted(stored.files.items()):
        try:
            with open(os.path.join(root, *rel.split("/")), "rb") as handle:
                if sha256(handle.read()) != digest:
                    edited.append(rel)
        except OSError:
            missing.append(rel)
    if missing:
        return Check(
            "installed copy",
            FAILED,
            f"{len(missing)} installed file(s) missing: {', '.join(missing[:3])}",
            "restore them (git checkout -- .claude/), or reinstall with --upgrade --force",
        )
    if edited:
        return Check(
            "installed copy",
            WARNING,
            f"edited since install: {', '.join(edited[:3])}"
            + (f" and {len(edited) - 3} more" if len(edited) > 3 else ""),
            "fine if on purpose; --upgrade keeps them, --upgrade --force restores them",
        )
    return Check("installed copy", OK, f"batchgate {stored.version}: {len(stored.files)} files as installed")


def _install_fix(root: str, home: str) -> str:
    installer = os.path.join(home, "install.py")
    shown = installer if os.path.exists(installer) else "<batchgate checkout>/install.py"
    return f"install (again): python3 {shown} {root}"


def _output(argv: list[str], cwd: str) -> str | None:
    try:
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None
