"""One installer run: resolve the target, plan, (create the environment,) apply, summarise."""

from __future__ import annotations

import os
from dataclasses import dataclass

from batchgate.bootstrap import ensure_environment, environment_dir
from batchgate.fsutil import file_lock
from batchgate.installer import render
from batchgate.installer.apply import apply, pending
from batchgate.installer.plan import Plan, install_plan
from batchgate.installer.target import Target, resolve
from batchgate.installer.uninstall import uninstall_plan
from batchgate.installer.wiring import INSTALL_DIR


@dataclass(frozen=True)
class Options:
    """The command line of install.py."""

    target: str
    scope: str | None = None
    dry_run: bool = False
    uninstall: bool = False
    upgrade: bool = False
    force: bool = False
    no_env: bool = False


def run(options: Options, checkout: str) -> list[str]:
    """Do what `options` ask; the lines to print. Raises BatchgateError (rendered by the surface)."""
    target = resolve(os.path.abspath(options.target), checkout)
    plan = _plan(options, target, checkout)  # refusals happen here, before anything is written
    if options.dry_run:
        return render.dry_run(plan)
    environment = None
    if not options.uninstall and not options.no_env:
        environment = _environment(target, checkout)
    if pending(plan):
        with file_lock(os.path.join(target.git_dir, "batchgate", "install.lock")):
            plan = _plan(options, target, checkout)  # again, now that no other install can run
            apply(plan)
    lines = render.summary(plan, environment)
    if options.uninstall and os.path.isdir(_home_env(target)):
        lines.append(
            f"  environment: {_home_env(target)} was left in place (outside the work tree); delete it to free the space"
        )
    return lines


def _plan(options: Options, target: Target, checkout: str) -> Plan:
    if options.uninstall:
        return uninstall_plan(target, checkout, options.scope, options.force)
    return install_plan(target, checkout, options.scope, options.upgrade, options.force)


def _environment(target: Target, checkout: str) -> str:
    """Create the hooks' environment before anything is written (a pip failure changes nothing)."""
    home = target.path(INSTALL_DIR)
    ensure_environment(home, [os.path.join(checkout, "requirements.txt")])
    return f"ready in {environment_dir(home)}"


def _home_env(target: Target) -> str:
    return environment_dir(target.path(INSTALL_DIR))
