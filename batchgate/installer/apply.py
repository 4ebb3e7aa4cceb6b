"""Carrying out a plan: backups first (outside the work tree), then atomic writes."""

from __future__ import annotations

import os
import shutil

from batchgate.errors import CouldNotCheck
from batchgate.fsutil import atomic_write
from batchgate.installer.bundle import sha256
from batchgate.installer.plan import Plan
from batchgate.installer.wiring import INSTALL_DIR, MANIFEST


def apply(plan: Plan) -> None:
    """Write the plan to disk. An OS failure half way is reported with what to do (exit 3)."""
    try:
        _store_backups(plan)
        if plan.operation == "uninstall":
            _write_settings(plan)
            _write_files(plan)
            _write(plan, MANIFEST, plan.manifest_before, plan.manifest_after)
            _tidy(plan)
        else:
            _write_files(plan)
            _write_settings(plan)
            _write(plan, MANIFEST, plan.manifest_before, plan.manifest_after)
            if any(step.action == "remove" for step in plan.files):
                _tidy(plan)  # an upgrade from an older layout: the bytecode its hooks left, the folders it emptied
        _exclude(plan)
    except OSError as error:
        where = error.filename or "a file"
        raise CouldNotCheck(
            f"could not write {where}: {error.strerror}",
            "fix the permissions and run the same command again (it picks up where it stopped)",
        ) from None


def pending(plan: Plan) -> bool:
    """Whether applying the plan would change anything at all."""
    files = any(step.action in ("add", "replace", "restore", "remove", "chmod") for step in plan.files)
    settings = plan.settings_changed or plan.manifest_after != plan.manifest_before
    return files or settings or _exclude_lines(plan) is not None


def _store_backups(plan: Plan) -> None:
    for data in plan.backups:
        path = os.path.join(plan.target.backups, sha256(data))
        if not os.path.exists(path):
            os.makedirs(plan.target.backups, exist_ok=True)
            atomic_write(path, data, 0o600)


def _write_files(plan: Plan) -> None:
    for step in plan.files:
        path = plan.target.path(step.path)
        if step.action in ("add", "replace", "restore") and step.data is not None:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            atomic_write(path, step.data, step.mode)
        elif step.action == "chmod":
            os.chmod(path, step.mode)
        elif step.action == "remove" and os.path.lexists(path):
            os.unlink(path)


def _write_settings(plan: Plan) -> None:
    _write(plan, plan.settings_rel, plan.settings_before, plan.settings_after)


def _write(plan: Plan, rel: str, before: bytes | None, after: bytes | None) -> None:
    if before == after:
        return
    path = os.path.realpath(plan.target.path(rel))  # a symlinked settings file stays a symlink
    if after is None:
        if os.path.lexists(path):
            os.unlink(path)
        return
    os.makedirs(os.path.dirname(path), exist_ok=True)
    atomic_write(path, after, None if before is not None else 0o644)


def _tidy(plan: Plan) -> None:
    """Remove the bytecode the hooks left and every folder the uninstall (or upgrade) emptied."""
    home = plan.target.path(INSTALL_DIR)
    for folder, dirs, _names in os.walk(home, topdown=False):
        for name in dirs:
            if name == "__pycache__":
                shutil.rmtree(os.path.join(folder, name), ignore_errors=True)
    folders = {os.path.dirname(plan.target.path(step.path)) for step in plan.files if step.action == "remove"}
    folders |= {os.path.dirname(plan.target.path(MANIFEST)), os.path.dirname(plan.target.path(plan.settings_rel))}
    for folder in sorted(folders, key=len, reverse=True):
        _prune(folder, plan.target.root)


def _prune(folder: str, root: str) -> None:
    while os.path.abspath(folder) != os.path.abspath(root) and os.path.isdir(folder):
        try:
            os.rmdir(folder)
        except OSError:
            return
        folder = os.path.dirname(folder)


def _exclude(plan: Plan) -> None:
    """Keep a settings.local.json the installer created out of `git status` (via .git/info/exclude)."""
    lines = _exclude_lines(plan)
    if lines is None:
        return
    path = _exclude_path(plan)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    atomic_write(path, ("\n".join(lines) + "\n").encode("utf-8") if lines else b"", None)


def _exclude_path(plan: Plan) -> str:
    return os.path.join(plan.target.common_dir, "info", "exclude")


def _exclude_lines(plan: Plan) -> list[str] | None:
    """The new lines of .git/info/exclude, or None when it stays as it is."""
    if not plan.exclude:
        return None
    line = "/" + plan.settings_rel
    try:
        with open(_exclude_path(plan), encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except FileNotFoundError:
        lines = []
    if plan.exclude == "add" and line not in lines:
        return [*lines, line]
    if plan.exclude == "remove" and line in lines:
        return [kept for kept in lines if kept != line]
    return None
