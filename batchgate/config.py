"""`.claude/batchgate.yaml`: read with PyYAML, validated with jsonschema, defaults filled in.

A layer-1 input beside the model: gates and the workflow read it; it reads
nothing but the file. Validation errors name the key and how to fix it.
"""

from __future__ import annotations

import os
import re
import shlex
from typing import Any, NamedTuple, Protocol

from batchgate.errors import InputError
from batchgate.protect import DEFAULT_PROTECT

CONFIG_PATH = os.path.join(".claude", "batchgate.yaml")
DEFAULT_SUBJECT = r"^\w+(\([^)]*\))?!?: .*\bbatch {batch}\b"


class BuildConfig(NamedTuple):
    """How to build: argv template, timeout, project resolution."""

    command: tuple[str, ...] = ("npx", "nx", "build", "{project}")
    enabled: bool = True
    timeout_s: float = 900.0
    projects: str | dict[str, str] = "nx"


class CommitConfig(NamedTuple):
    """What a batch commit looks like."""

    subject: str = DEFAULT_SUBJECT
    require_task_ids: bool = True
    max_per_batch: int = 1


class Config(NamedTuple):
    """The whole configuration, defaults included."""

    build: BuildConfig = BuildConfig()
    commit: CommitConfig = CommitConfig()
    retries: int = 3
    backend_agents: tuple[str, ...] = ("backend-developer",)
    frontend_agents: tuple[str, ...] = ("frontend-developer",)
    bookkeeping: tuple[str, ...] = ("task-tracking/",)
    protect: tuple[str, ...] = DEFAULT_PROTECT  # the configurable part of the protected paths
    scope: str = "note"  # files the batch commit changes outside the plan: "note" or "fail"
    source: str | None = None  # the file it came from, if any


RULES_SOURCE = "the rules recorded when the batch was assigned"


class ConfigCache(Protocol):
    """Validated configurations by the SHA-256 of their bytes (the workflow keeps one per clone)."""

    def get(self, digest: str) -> dict[str, Any] | None: ...
    def put(self, digest: str, raw: dict[str, Any]) -> None: ...


def load_config(repo_root: str, cache: ConfigCache | None = None) -> Config:
    """The repository's configuration (defaults when the file is absent).

    Bytes seen and validated before come from `cache`, which skips importing
    PyYAML and jsonschema: verification stays within its time budget.
    """
    path = os.path.join(repo_root, CONFIG_PATH)
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        return Config()
    except OSError as error:
        raise InputError(f"cannot read {CONFIG_PATH}: {error.strerror}", "check the file's permissions") from None
    if cache is None:
        return parse_config(data, path)
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    known = cache.get(digest)
    if known is not None:
        return _checked(known, path)
    raw = _load_yaml(data, path)
    _validate(raw, path)
    cache.put(digest, raw or {})
    return _checked(raw or {}, path)


def parse_config(data: bytes, path: str = CONFIG_PATH, validate: bool = True) -> Config:
    """Parse and validate configuration bytes."""
    raw = _load_yaml(data, path)
    if validate:
        _validate(raw, path)
    return _checked(raw or {}, path)


def _checked(raw: dict[str, Any], path: str) -> Config:
    config = _build(raw, path)
    _check_subject(config.commit.subject, path)
    return config


def _load_yaml(data: bytes, path: str) -> Any:
    import yaml

    try:
        return yaml.safe_load(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text", "re-save it as UTF-8") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1}, column {mark.column + 1})" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise InputError(f"{path} is not valid YAML{where}: {problem}", "fix the YAML syntax") from None


def _validate(raw: Any, path: str) -> None:
    import json

    import jsonschema

    from batchgate.schemas import schema_text

    schema = json.loads(schema_text("config.schema.json"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(raw), key=lambda e: list(e.path))
    if not errors:
        return
    error = errors[0]
    key = ".".join(str(part) for part in error.absolute_path) or "(top level)"
    raise InputError(f"{path}: {key}: {error.message}", _fix(schema, error, key))


def _fix(schema: dict[str, Any], error: Any, key: str) -> str:
    """How to fix one validation error: the unknown key to remove, or what the key takes."""
    if error.validator == "additionalProperties":
        known = ", ".join(sorted(error.schema.get("properties", {})))
        where = "" if key == "(top level)" else f" under {key}"
        return f"remove the unknown key{where}; the known keys are: {known}"
    if key == "(top level)":
        return f"write a mapping of keys ({', '.join(sorted(schema['properties']))}), or leave the file empty"
    hint = _nearest_description(schema, list(error.absolute_schema_path))
    return f"set {key} to {hint}" if hint else "see the README's configuration reference"


def _nearest_description(schema: dict[str, Any], schema_path: list[Any]) -> str | None:
    """The description of the deepest sub-schema (below the top level) on the failing path."""
    node: Any = schema
    found = None
    for part in schema_path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(node, dict) and isinstance(node.get("description"), str):
            found = node["description"]
    return found


def _build(raw: dict[str, Any], path: str) -> Config:
    build = raw.get("build") or {}
    commit = raw.get("commit") or {}
    agents = raw.get("agents") or {}
    defaults = Config()
    command = build.get("command", list(defaults.build.command))
    return Config(
        build=BuildConfig(
            command=tuple(_split_command(command, path)),
            enabled=bool(build.get("enabled", True)),
            timeout_s=float(build.get("timeout_s", defaults.build.timeout_s)),
            projects=build.get("projects", defaults.build.projects),
        ),
        commit=CommitConfig(
            subject=str(commit.get("subject", defaults.commit.subject)),
            require_task_ids=bool(commit.get("require_task_ids", True)),
            max_per_batch=int(commit.get("max_per_batch", 1)),
        ),
        retries=int(raw.get("retries", defaults.retries)),
        backend_agents=tuple(agents.get("backend", defaults.backend_agents)),
        frontend_agents=tuple(agents.get("frontend", defaults.frontend_agents)),
        bookkeeping=tuple(raw.get("bookkeeping", defaults.bookkeeping)),
        protect=tuple(raw.get("protect", defaults.protect)),
        scope=str(raw.get("scope", defaults.scope)),
        source=path,
    )


def config_rules(config: Config) -> dict[str, Any]:
    """The whole effective configuration as JSON, in the file's own shape: what `assign` records in the run."""
    build, commit = config.build, config.commit
    return {
        "build": {
            "command": list(build.command),
            "enabled": build.enabled,
            "timeout_s": build.timeout_s,
            "projects": build.projects if isinstance(build.projects, str) else dict(build.projects),
        },
        "commit": {
            "subject": commit.subject,
            "require_task_ids": commit.require_task_ids,
            "max_per_batch": commit.max_per_batch,
        },
        "retries": config.retries,
        "agents": {"backend": list(config.backend_agents), "frontend": list(config.frontend_agents)},
        "bookkeeping": list(config.bookkeeping),
        "protect": list(config.protect),
        "scope": config.scope,
    }


def config_from_rules(rules: dict[str, Any]) -> Config:
    """The configuration a run was assigned with (validated then; InputError if it is not one now)."""
    if not isinstance(rules, dict):
        raise InputError("the run's recorded rules are not a mapping", "assign the batch again")
    return _checked(rules, RULES_SOURCE)


def config_digest(repo_root: str) -> str:
    """SHA-256 of .claude/batchgate.yaml as it is now ("" when there is none; "unreadable" when it cannot be read)."""
    import hashlib

    try:
        with open(os.path.join(repo_root, CONFIG_PATH), "rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return ""
    except OSError:
        return "unreadable"


def _check_subject(subject: str, path: str) -> None:
    try:
        re.compile(subject.replace("{batch}", "1"))
    except re.error as error:
        raise InputError(
            f"{path}: commit.subject is not a valid regular expression: {error}", "fix the pattern"
        ) from None


def _split_command(command: str | list[str], path: str) -> list[str]:
    """A string is split like a shell would split it; it is never given to one."""
    if isinstance(command, list):
        return command
    try:
        return shlex.split(command)
    except ValueError as error:
        raise InputError(
            f"{path}: build.command cannot be split into arguments: {error}", "balance its quotes"
        ) from None
