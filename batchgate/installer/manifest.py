"""`.claude/batchgate/manifest.json`: what an install wrote, so upgrade and uninstall touch only that.

Deterministic (no timestamps, sorted) so that installing twice writes the
same bytes, and free of absolute paths because it is committed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from batchgate.errors import InputError
from batchgate.installer.wiring import MANIFEST

FORMAT = 1
_COMMENT = "Written by batchgate's install.py; --upgrade and --uninstall read it. Do not edit."


@dataclass
class SettingsRecord:
    """The settings file an install wired, and exactly what it created there."""

    path: str
    existed: bool
    before_sha256: str | None = None
    created_hooks_key: bool = False
    created_events: list[str] = field(default_factory=list)
    entries: list[dict[str, Any]] = field(default_factory=list)
    git_exclude: bool = False

    def to_json(self) -> dict[str, Any]:
        """The record as stored."""
        return {
            "path": self.path,
            "existed_before": self.existed,
            "before_sha256": self.before_sha256,
            "created": {"hooks_key": self.created_hooks_key, "events": sorted(set(self.created_events))},
            "entries": self.entries,
            "git_exclude": self.git_exclude,
        }


@dataclass
class Manifest:
    """Version, scope, every file written (with SHA-256), files it displaced, and the settings record."""

    version: str
    scope: str
    files: dict[str, str]
    settings: SettingsRecord
    displaced: dict[str, str] = field(default_factory=dict)

    def to_bytes(self) -> bytes:
        """The manifest file's bytes."""
        value = {
            "$comment": _COMMENT,
            "name": "batchgate",
            "format": FORMAT,
            "version": self.version,
            "scope": self.scope,
            "files": dict(sorted(self.files.items())),
            "displaced": dict(sorted(self.displaced.items())),
            "settings": self.settings.to_json(),
        }
        return (json.dumps(value, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def parse(raw: bytes) -> Manifest:
    """A stored manifest; InputError (with the way out) when it cannot be used."""
    try:
        value = json.loads(raw.decode("utf-8"))
        settings = value["settings"]
        created = settings.get("created") or {}
        record = SettingsRecord(
            path=_text(settings["path"]),
            existed=bool(settings.get("existed_before", True)),
            before_sha256=settings.get("before_sha256"),
            created_hooks_key=bool(created.get("hooks_key", False)),
            created_events=[_text(e) for e in created.get("events", [])],
            entries=[dict(e) for e in settings.get("entries", [])],
            git_exclude=bool(settings.get("git_exclude", False)),
        )
        files = {_text(k): _text(v) for k, v in value["files"].items()}
        displaced = {_text(k): _text(v) for k, v in (value.get("displaced") or {}).items()}
        return Manifest(_text(value["version"]), _text(value.get("scope", "project")), files, record, displaced)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError) as error:
        raise InputError(
            f"{MANIFEST} is damaged ({type(error).__name__}: {error})",
            f"restore it (git checkout -- {MANIFEST}), or reinstall with --force",
        ) from None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value
