"""The plan for taking batchgate out of a repository again.

Removes exactly the manifest's files (edited ones are kept, with a warning)
and its hook entries; restores files it displaced under --force; leaves the
settings JSON-equal to before the install (byte-equal when the user changed
nothing in between), and no settings file if there was none.
"""

from __future__ import annotations

import json
import os

from batchgate.errors import InputError
from batchgate.installer import bundle, settingsfile
from batchgate.installer.manifest import Manifest
from batchgate.installer.merge import remove_entries
from batchgate.installer.plan import FileStep, Plan, read_bytes, read_manifest
from batchgate.installer.target import Target
from batchgate.installer.wiring import MANIFEST, SETTINGS


def uninstall_plan(target: Target, checkout: str, scope: str | None, force: bool) -> Plan:
    """What --uninstall removes and restores."""
    old, old_raw = read_manifest(target)
    if old is not None and scope is not None and scope != old.scope:
        raise InputError(
            f"batchgate is installed here with --scope {old.scope}", f"pass --scope {old.scope} (or no --scope)"
        )
    scope = old.scope if old is not None else (scope or "project")
    rel = old.settings.path if old is not None else SETTINGS[scope]
    previous = old.version if old is not None else None
    plan = Plan(target, "uninstall", previous or "", scope, [], rel, None, None, old_raw, None, previous=previous)
    if old is not None:
        _manifest_files(plan, old, force)
    else:
        _matching_files(plan, checkout)
    _settings(plan, old)
    if old is None and not plan.files and not plan.settings_changed:
        raise InputError(f"batchgate is not installed in {target.root}", "nothing to uninstall")
    return plan


def _manifest_files(plan: Plan, old: Manifest, force: bool) -> None:
    kept: set[str] = set()
    for path, sha in sorted(old.files.items()):
        current = read_bytes(plan.target.path(path), path)
        if current is None:
            continue
        if bundle.sha256(current) == sha:
            plan.files.append(FileStep(path, "remove"))
        elif force:
            plan.files.append(FileStep(path, "remove", backup=True, note="edited since install, backed up"))
            plan.backups.append(current)
        else:
            kept.add(path)
            plan.files.append(FileStep(path, "keep", note="edited since install"))
            plan.warnings.append(f"kept {path}: you edited it since install (--force removes it)")
    for path, sha in sorted(old.displaced.items()):
        if path not in kept:
            _restore(plan, path, sha)


def _restore(plan: Plan, path: str, sha: str) -> None:
    original = read_bytes(os.path.join(plan.target.backups, sha), path)
    if original is None or bundle.sha256(original) != sha:
        plan.warnings.append(f"your own {path} (replaced with --force) is not in this clone's backups; not restored")
        return
    plan.files = [step for step in plan.files if step.path != path]
    plan.files.append(FileStep(path, "restore", original, note="yours, from before --force"))


def _matching_files(plan: Plan, checkout: str) -> None:
    """Without a manifest: only files byte-equal to this checkout's bundle are known to be batchgate's."""
    for item in bundle.collect(checkout):
        if read_bytes(plan.target.path(item.path), item.path) == item.data:
            plan.files.append(FileStep(item.path, "remove"))
    if plan.files:
        plan.warnings.append(f"{MANIFEST} is missing: removed only files identical to this checkout's")


def _settings(plan: Plan, old: Manifest | None) -> None:
    rel = plan.settings_rel
    current = settingsfile.read(plan.target.path(rel), rel)
    plan.settings_before = plan.settings_after = current.raw
    if current.raw is None:
        return
    record = old.settings if old is not None else None
    data = remove_entries(
        current.data, record.created_events if record else None, bool(record and record.created_hooks_key)
    )
    if record is not None and not record.existed and data == {}:
        plan.settings_after = None
        plan.exclude = "remove" if record.git_exclude else ""
    elif data != current.data:
        plan.settings_after = _original(plan, record.before_sha256 if record else None, data) or current.render(data)
    if plan.settings_changed and settingsfile.is_read_only(plan.target.path(rel)):
        raise InputError(
            f"{rel} is read-only; nothing was changed", f"make it writable (chmod u+w {rel}), then run again"
        )


def _original(plan: Plan, sha: str | None, data: dict[str, object]) -> bytes | None:
    """The settings file's bytes from before the install, when they hold exactly `data`."""
    if sha is None:
        return None
    raw = read_bytes(os.path.join(plan.target.backups, sha), "the settings backup")
    if raw is None or bundle.sha256(raw) != sha:
        return None
    try:
        same = settingsfile.parse(raw, plan.settings_rel) == data
    except (InputError, json.JSONDecodeError):
        return None
    return raw if same else None
