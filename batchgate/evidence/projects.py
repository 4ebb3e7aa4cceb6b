"""Which build project a file belongs to: Nx `project.json` above it, or a configured map."""

from __future__ import annotations

import json
import os
import re
from typing import NamedTuple

PLAIN_NAME = re.compile(r"^[A-Za-z0-9@._/:][A-Za-z0-9@._/:-]*$")  # no leading "-": it would read as an option


class ProjectMap(NamedTuple):
    """Projects for a set of files: name -> files, plus the files no project claims."""

    projects: dict[str, list[str]]
    unclaimed: list[str]
    problems: list[str]


def resolve_projects(root: str, paths: list[str], mode: str | dict[str, str]) -> ProjectMap:
    """Group repository-relative `paths` by project."""
    projects: dict[str, list[str]] = {}
    unclaimed: list[str] = []
    problems: list[str] = []
    cache: dict[str, str | None] = {}
    for path in paths:
        name = _by_prefix(path, mode) if isinstance(mode, dict) else _nearest_nx(root, path, cache, problems)
        if name is None:
            unclaimed.append(path)
        elif not PLAIN_NAME.match(name):
            problems.append(f"project name {name!r} (for {path}) is not a plain name; refusing to pass it to the build")
        else:
            projects.setdefault(name, []).append(path)
    return ProjectMap(projects, unclaimed, problems)


def _by_prefix(path: str, mapping: dict[str, str]) -> str | None:
    matches = [prefix for prefix in mapping if path.startswith(prefix)]
    return mapping[max(matches, key=len)] if matches else None


def _nearest_nx(root: str, path: str, cache: dict[str, str | None], problems: list[str]) -> str | None:
    folder = os.path.dirname(path)
    while True:
        if folder not in cache:
            cache[folder] = _project_name(root, folder, problems)
        if cache[folder] is not None:
            return cache[folder]
        if not folder:
            return None
        folder = os.path.dirname(folder)


def _project_name(root: str, folder: str, problems: list[str]) -> str | None:
    candidate = os.path.join(root, folder, "project.json")
    if not os.path.isfile(candidate):
        return None
    real_root, target = os.path.realpath(root), os.path.realpath(candidate)
    if os.path.commonpath([real_root, target]) != real_root:  # a symlink (of it or a folder above) leads out
        problems.append(f"{os.path.join(folder, 'project.json')} leads outside the repository (to {target}); not read")
        return None
    try:
        with open(candidate, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError) as error:
        problems.append(f"{os.path.join(folder, 'project.json')} cannot be read: {error}")
        return None
    name = data.get("name") if isinstance(data, dict) else None
    if not isinstance(name, str) or not name:
        return os.path.basename(folder) or None  # Nx names a project after its folder when project.json has no name
    return name
