"""What an install, upgrade or uninstall would change: computed without writing anything.

`--dry-run` prints a plan; a real run applies the same plan (installer/apply.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from batchgate.errors import InputError
from batchgate.installer import bundle, manifest, settingsfile, validate
from batchgate.installer.manifest import Manifest, SettingsRecord
from batchgate.installer.merge import add_entries
from batchgate.installer.target import Target, is_ignored
from batchgate.installer.wiring import MANIFEST, SETTINGS, our_handlers


@dataclass
class FileStep:
    """One file: add, replace, same, chmod, keep, remove or restore (`data` is what gets written)."""

    path: str
    action: str
    data: bytes | None = None
    mode: int = 0o644
    backup: bool = False  # keep the current bytes outside the work tree first
    note: str = ""


@dataclass
class Plan:
    """Everything a run would do to the target."""

    target: Target
    operation: str  # install | uninstall
    version: str
    scope: str
    files: list[FileStep]
    settings_rel: str
    settings_before: bytes | None
    settings_after: bytes | None  # None: no file afterwards
    manifest_before: bytes | None
    manifest_after: bytes | None  # None: no manifest afterwards
    warnings: list[str] = field(default_factory=list)
    backups: list[bytes] = field(default_factory=list)
    exclude: str = ""  # "add" or "remove" the settings file in .git/info/exclude
    previous: str | None = None  # the version installed before

    @property
    def settings_changed(self) -> bool:
        """Whether the settings file's bytes change."""
        return self.settings_before != self.settings_after

    def count(self, action: str) -> int:
        """How many files get `action`."""
        return sum(1 for step in self.files if step.action == action)


def read_bytes(path: str, rel: str) -> bytes | None:
    """A file's bytes, None when absent; InputError when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise InputError(f"cannot read {rel}: {error.strerror}", f"check it (ls -l {rel}), then run again") from None


def read_manifest(target: Target) -> tuple[Manifest | None, bytes | None]:
    """The manifest of an earlier install, if any, and its bytes."""
    raw = read_bytes(target.path(MANIFEST), MANIFEST)
    return (manifest.parse(raw) if raw is not None else None), raw


def install_plan(target: Target, checkout: str, scope: str | None, upgrade: bool, force: bool) -> Plan:
    """The plan for installing (or upgrading) this checkout's bundle into `target`."""
    files = bundle.collect(checkout)
    version = bundle.version(checkout)
    old, old_raw = read_manifest(target)
    scope = _scope(old, scope)
    rel = SETTINGS[scope]
    previous = old.version if old else None
    plan = Plan(target, "install", version, scope, [], rel, None, None, old_raw, None, previous=previous)
    displaced = _file_steps(plan, files, old, upgrade, force)
    record = _wire_settings(plan, checkout, old)
    plan.manifest_after = Manifest(version, scope, {f.path: f.sha256 for f in files}, record, displaced).to_bytes()
    if plan.manifest_after == old_raw:
        plan.manifest_after = old_raw
    return plan


def _scope(old: Manifest | None, asked: str | None) -> str:
    if old is not None and asked is not None and asked != old.scope:
        raise InputError(
            f"batchgate is installed here with --scope {old.scope}",
            f"pass --scope {old.scope}, or --uninstall first and install again with --scope {asked}",
        )
    return asked or (old.scope if old is not None else "project")


def _file_steps(
    plan: Plan, files: list[bundle.BundleFile], old: Manifest | None, upgrade: bool, force: bool
) -> dict[str, str]:
    recorded = old.files if old is not None else {}
    displaced = dict(old.displaced) if old is not None else {}
    conflicts: list[str] = []
    outdated: list[str] = []
    for item in files:
        current = read_bytes(plan.target.path(item.path), item.path)
        step = _file_step(item, current, recorded.get(item.path), force)
        if step.action == "same" and item.mode & 0o111 and not os.access(plan.target.path(item.path), os.X_OK):
            step.action = "chmod"
        if step.backup:
            plan.backups.append(current or b"")
        if step.action == "conflict":
            conflicts.append(item.path)
        elif step.action == "displace":
            displaced[item.path] = bundle.sha256(current or b"")
            step.action = "replace"
        elif step.action == "keep":
            plan.warnings.append(f"kept {item.path}: you edited it since batchgate installed it (--force replaces it)")
        elif step.action == "replace" and not step.backup:
            outdated.append(item.path)
        plan.files.append(step)
    plan.files += _obsolete_steps(plan, files, recorded, outdated, force)
    _refuse(plan, old, conflicts, outdated, upgrade)
    return {path: sha for path, sha in displaced.items() if path in recorded or path in {f.path for f in files}}


def _file_step(item: bundle.BundleFile, current: bytes | None, recorded: str | None, force: bool) -> FileStep:
    if current is None:
        return FileStep(item.path, "add", item.data, item.mode)
    if current == item.data:
        return FileStep(item.path, "same", None, item.mode)
    if recorded is not None and bundle.sha256(current) == recorded:
        return FileStep(item.path, "replace", item.data, item.mode)
    note = "edited since install" if recorded is not None else "not written by batchgate"
    if not force:
        return FileStep(item.path, "keep" if recorded is not None else "conflict", note=note)
    action = "replace" if recorded is not None else "displace"
    return FileStep(item.path, action, item.data, item.mode, backup=True, note=note + ", backed up")


def _obsolete_steps(
    plan: Plan, files: list[bundle.BundleFile], recorded: dict[str, str], outdated: list[str], force: bool
) -> list[FileStep]:
    """Files an older version installed that this one no longer has."""
    steps: list[FileStep] = []
    shipped = {item.path for item in files}
    for path in sorted(set(recorded) - shipped):
        current = read_bytes(plan.target.path(path), path)
        if current is None:
            continue
        edited = bundle.sha256(current) != recorded[path]
        if not edited or force:
            steps.append(FileStep(path, "remove", backup=edited, note="no longer part of batchgate"))
            plan.backups += [current] if edited else []
            outdated.append(path)
        else:
            plan.warnings.append(f"kept {path}: no longer part of batchgate, and you edited it; it is yours now")
    return steps


def _refuse(plan: Plan, old: Manifest | None, conflicts: list[str], outdated: list[str], upgrade: bool) -> None:
    if conflicts:
        shown = ", ".join(conflicts[:3]) + (f" and {len(conflicts) - 3} more" if len(conflicts) > 3 else "")
        raise InputError(
            f"{shown} already exist{'s' if len(conflicts) == 1 else ''} and batchgate did not write "
            f"{'it' if len(conflicts) == 1 else 'them'}",
            "move them away, or pass --force (they are backed up outside the work tree and restored by --uninstall)",
        )
    if outdated and not upgrade:
        installed = plan.previous or "(unknown version)"
        raise InputError(
            f"batchgate {installed} is installed here; this checkout ({plan.version}) differs in {len(outdated)} files",
            "pass --upgrade to replace batchgate's own files (files you edited are kept)",
        )


def _wire_settings(plan: Plan, checkout: str, old: Manifest | None) -> SettingsRecord:
    rel = plan.settings_rel
    path = plan.target.path(rel)
    current = settingsfile.read(path, rel)
    before = old.settings if old is not None else None
    merged = add_entries(current.data, before.entries if before else [], before.created_events if before else [], rel)
    plan.warnings += merged.warnings
    plan.warnings += validate.check(current.data, merged.data, checkout, rel)
    plan.settings_before = current.raw
    plan.settings_after = current.raw if merged.data == current.data else current.render(merged.data)
    if plan.settings_changed and settingsfile.is_read_only(path):
        raise InputError(
            f"{rel} is read-only; nothing was changed", f"make it writable (chmod u+w {rel}), then run again"
        )
    if before is None and current.raw is not None:
        plan.backups.append(current.raw)
    exclude = (
        before.git_exclude
        if before
        else (plan.scope == "local" and not current.exists and not is_ignored(plan.target, rel))
    )
    plan.exclude = "add" if exclude else ""
    return SettingsRecord(
        path=rel,
        existed=before.existed if before else current.exists,
        before_sha256=before.before_sha256
        if before
        else (bundle.sha256(current.raw) if current.raw is not None else None),
        created_hooks_key=bool(before and before.created_hooks_key) or merged.created_hooks_key,
        created_events=sorted(set((before.created_events if before else []) + merged.created_events)),
        entries=[
            {"event": e, "matcher": m, "command": h["command"], "timeout": h.get("timeout")}
            for e, m, h in our_handlers(merged.data)
        ],
        git_exclude=exclude,
    )
