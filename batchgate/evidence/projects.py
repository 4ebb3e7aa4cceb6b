"""Which build project a file belongs to: the Nx project around it, or a configured map.

Nx's own rules (nx 24, `plugins/project-json`, `plugins/package-json`,
`target-normalization`): a folder holding `project.json` is a project, named
by its `name`, else by the `nx.name` or `name` of the `package.json` beside
it, else by the folder's name in lower case. A folder holding only a
`package.json` is a project when the workspaces list it (`workspaces` in the
root package.json, `packages` in pnpm-workspace.yaml or lerna.json), or when
it is the root and its package.json has an `nx` key. The nearest project
above a file wins.
"""

from __future__ import annotations

import json
import os
import re
from typing import Any, NamedTuple

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
    nx = None if isinstance(mode, dict) else NxWorkspace(root, problems)
    for path in paths:
        name = _by_prefix(path, mode) if isinstance(mode, dict) else nx.project_of(path) if nx else None
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


class NxWorkspace:
    """Nx's project names for the folders of one repository (each folder read once)."""

    def __init__(self, root: str, problems: list[str]) -> None:
        self.root = root
        self.problems = problems
        self._names: dict[str, str | None] = {}
        self._workspaces: tuple[list[re.Pattern[str]], list[re.Pattern[str]]] | None = None

    def project_of(self, path: str) -> str | None:
        """The name of the nearest project above repository-relative `path`."""
        folder = os.path.dirname(path)
        while True:
            if folder not in self._names:
                self._names[folder] = self._name(folder)
            if self._names[folder] is not None or not folder:
                return self._names[folder]
            folder = os.path.dirname(folder)

    def _name(self, folder: str) -> str | None:
        package = self._json(folder, "package.json")
        if os.path.isfile(os.path.join(self.root, folder, "project.json")):
            project = self._json(folder, "project.json")
            if project is None:
                return None
            named = project.get("name")
            return named if isinstance(named, str) and named else _package_name(package, folder)
        if package is not None and self._is_workspace_package(folder, package):
            return _package_name(package, folder)
        return None

    def _is_workspace_package(self, folder: str, package: dict[str, Any]) -> bool:
        if not folder:
            return "nx" in package  # Nx includes the root package.json only then
        positive, negative = self._patterns()
        path = f"{folder}/package.json"
        return any(p.fullmatch(path) for p in positive) and not any(p.fullmatch(path) for p in negative)

    def _patterns(self) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
        if self._workspaces is None:
            globs = workspace_globs(self.root)
            self._workspaces = (
                [_glob_regex(g) for g in globs if not g.startswith("!")],
                [_glob_regex(g[1:]) for g in globs if g.startswith("!")],
            )
        return self._workspaces

    def _json(self, folder: str, name: str) -> dict[str, Any] | None:
        """A JSON object in the repository (None if missing; a problem if unreadable or outside)."""
        rel = os.path.join(folder, name)
        candidate = os.path.join(self.root, rel)
        if not os.path.isfile(candidate):
            return None
        real_root, target = os.path.realpath(self.root), os.path.realpath(candidate)
        if os.path.commonpath([real_root, target]) != real_root:  # a symlink (of it or a folder above) leads out
            self.problems.append(f"{rel} leads outside the repository (to {target}); not read")
            return None
        try:
            with open(candidate, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as error:
            if name == "project.json":  # an unreadable package.json is Nx's problem to report, not ours
                self.problems.append(f"{rel} cannot be read: {error}")
            return None
        return data if isinstance(data, dict) else {}


def _package_name(package: dict[str, Any] | None, folder: str) -> str | None:
    """`nx.name`, else `name` of a package.json, else the folder's name in lower case (Nx's toProjectName)."""
    nx = package.get("nx") if package else None
    for name in (nx.get("name") if isinstance(nx, dict) else None, package.get("name") if package else None):
        if isinstance(name, str) and name:
            return name
    return os.path.basename(folder).lower() or None


def workspace_globs(root: str) -> list[str]:
    """The package.json globs of the package manager's workspaces (`!` ones exclude), as Nx reads them."""
    globs: list[str] = []
    try:
        with open(os.path.join(root, "package.json"), encoding="utf-8") as handle:
            package = json.load(handle)
    except (OSError, ValueError):
        package = {}
    listed = package.get("workspaces") if isinstance(package, dict) else None
    globs += _strings(listed.get("packages") if isinstance(listed, dict) else listed)
    globs += _strings(_yaml_packages(os.path.join(root, "pnpm-workspace.yaml")))
    if os.path.isfile(os.path.join(root, "lerna.json")):
        try:
            with open(os.path.join(root, "lerna.json"), encoding="utf-8") as handle:
                lerna = json.load(handle)
        except (OSError, ValueError):
            lerna = {}
        globs += _strings(lerna.get("packages") if isinstance(lerna, dict) else None) or ["packages/*"]
    return [_package_json_glob(glob) for glob in globs]


def _yaml_packages(path: str) -> object:
    if not os.path.isfile(path):
        return None
    import yaml  # only for pnpm workspaces: kept off the hooks' fast path

    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError):
        return None
    return data.get("packages") if isinstance(data, dict) else None


def _strings(value: object) -> list[str]:
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _package_json_glob(glob: str) -> str:
    negated, body = (glob.startswith("!"), glob.lstrip("!"))
    body = body[2:] if body.startswith("./") else body
    body = body if body.endswith("/package.json") else f"{body.rstrip('/')}/package.json"
    return ("!" if negated else "") + body


def _glob_regex(glob: str) -> re.Pattern[str]:
    """A minimatch-style glob (`*`, `**`, `?`, `{a,b}`) as a regex over the whole path."""
    out, index = [], 0
    while index < len(glob):
        char = glob[index]
        if glob.startswith("**/", index):
            out.append("(?:[^/]+/)*")
            index += 3
            continue
        if glob.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        close = glob.find("}", index) if char == "{" else -1
        if close > index:
            out.append("(?:" + "|".join(re.escape(part) for part in glob[index + 1 : close].split(",")) + ")")
            index = close + 1
            continue
        out.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
        index += 1
    return re.compile("".join(out))
