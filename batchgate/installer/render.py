"""What the installer prints: the plan (for --dry-run) and a summary (after a run)."""

from __future__ import annotations

import difflib

from batchgate.installer.plan import FileStep, Plan
from batchgate.installer.wiring import INSTALL_DIR

_SHOWN = ("add", "replace", "chmod", "restore", "remove", "keep")


def dry_run(plan: Plan) -> list[str]:
    """Every change a run would make, and a unified diff of the settings file."""
    verb = "uninstall" if plan.operation == "uninstall" else "install"
    lines = [f"dry run: would {verb} batchgate {plan.version} in {plan.target.root} (scope {plan.scope})"]
    engine = [s for s in plan.files if s.action == "add" and s.path.startswith(INSTALL_DIR + "/")]
    if engine:
        lines.append(f"  add      {INSTALL_DIR}/  ({len(engine)} files: engine archive, launchers, requirements)")
    shown = [s for s in _ordered(plan) if s not in engine]
    lines += [f"  {step.action:<8} {step.path}" + (f"  ({step.note})" if step.note else "") for step in shown]
    same = plan.count("same")
    if same:
        lines.append(f"  unchanged: {same} file{'s' if same != 1 else ''}")
    lines += settings_diff(plan) or [f"  {plan.settings_rel}: unchanged"]
    lines += [f"warning: {warning}" for warning in plan.warnings]
    lines.append("nothing was written (--dry-run)")
    return lines


def settings_diff(plan: Plan) -> list[str]:
    """The settings change as a unified diff (empty when nothing changes)."""
    if not plan.settings_changed:
        return []
    before = (plan.settings_before or b"").decode("utf-8", "replace").splitlines(keepends=True)
    after = (plan.settings_after or b"").decode("utf-8", "replace").splitlines(keepends=True)
    old = f"a/{plan.settings_rel}" if plan.settings_before is not None else "/dev/null"
    new = f"b/{plan.settings_rel}" if plan.settings_after is not None else "/dev/null"
    return [line.rstrip("\n") for line in difflib.unified_diff(before, after, old, new)]


def summary(plan: Plan, environment: str | None) -> list[str]:
    """A few lines after a real run."""
    if plan.operation == "uninstall":
        return _uninstalled(plan)
    changed = plan.count("add") + plan.count("replace")
    was = f" (was {plan.previous})" if plan.previous and plan.previous != plan.version else ""
    lines = [f"batchgate {plan.version}{was} installed in {plan.target.root} (scope {plan.scope})"]
    if not changed and not plan.settings_changed and plan.manifest_after == plan.manifest_before:
        lines[0] += ": already up to date, nothing changed"
    else:
        lines.append(
            f"  files: {plan.count('add')} added, {plan.count('replace')} replaced, {plan.count('same')} unchanged"
        )
        lines.append(f"  hooks: {plan.settings_rel} " + ("updated" if plan.settings_changed else "unchanged"))
    lines += [f"warning: {warning}" for warning in plan.warnings]
    if environment:
        lines.append(f"  environment: {environment}")
    lines.append(f"next: commit .claude/ and check the set-up with {INSTALL_DIR}/bin/batchgate doctor")
    return lines


def _uninstalled(plan: Plan) -> list[str]:
    lines = [f"batchgate {plan.previous or ''} removed from {plan.target.root}".replace("  ", " ")]
    lines.append(
        f"  files: {plan.count('remove')} removed, {plan.count('restore')} restored, {plan.count('keep')} kept"
    )
    settings = (
        "removed (there was none before)"
        if plan.settings_after is None and plan.settings_before
        else ("restored" if plan.settings_changed else "unchanged")
    )
    lines.append(f"  hooks: {plan.settings_rel} {settings}")
    lines += [f"warning: {warning}" for warning in plan.warnings]
    return lines


def _ordered(plan: Plan) -> list[FileStep]:
    return sorted((s for s in plan.files if s.action in _SHOWN), key=lambda s: (_SHOWN.index(s.action), s.path))
