"""Checking settings against Claude Code's schema (the part batchgate ships, schemas/claude-settings.schema.json).

jsonschema is used when this interpreter has it; otherwise a standard-library
check of the hooks section, driven by the same schema file. Problems the
user's file already had are warnings; a problem the merge would add is a bug,
and nothing is written.
"""

from __future__ import annotations

import json
import os
from typing import Any

from batchgate.errors import CouldNotCheck

SCHEMA = os.path.join("schemas", "claude-settings.schema.json")


def load_schema(home: str) -> dict[str, Any]:
    """The shipped schema subset from a checkout or an installed copy."""
    try:
        with open(os.path.join(home, SCHEMA), encoding="utf-8") as handle:
            schema: dict[str, Any] = json.load(handle)
    except (OSError, ValueError) as error:
        raise CouldNotCheck(f"cannot read {SCHEMA}: {error}", "restore it from git") from None
    return schema


def problems(data: Any, schema: dict[str, Any]) -> list[str]:
    """Where `data` breaks the schema, one line each."""
    try:
        import jsonschema
    except ImportError:
        return _structural(data, schema)
    errors = jsonschema.Draft7Validator(schema).iter_errors(data)
    return sorted(f"{_where(list(e.absolute_path))}: {e.message}" for e in errors)


def check(before: Any, after: Any, home: str, rel: str) -> list[str]:
    """Warnings for problems `before` already had; CouldNotCheck if `after` adds any."""
    schema = load_schema(home)
    old = set(problems(before, schema))
    new = [p for p in problems(after, schema) if p not in old]
    if new:
        raise CouldNotCheck(
            f"internal error: the merged {rel} would break Claude Code's schema: {new[0]}",
            "nothing was changed; please report this",
        )
    return [f"{rel} already breaks Claude Code's settings schema ({p}); left as it is" for p in sorted(old)[:3]]


def _where(path: list[Any]) -> str:
    return "/".join(str(part) for part in path) or "(top level)"


def _structural(data: Any, schema: dict[str, Any]) -> list[str]:
    """A standard-library check of the `hooks` section only."""
    if not isinstance(data, dict):
        return ["(top level): is not an object"]
    hooks = data.get("hooks")
    if hooks is None:
        return []
    if not isinstance(hooks, dict):
        return ["hooks: is not an object"]
    events = schema["properties"]["hooks"]["properties"]
    found: list[str] = []
    for event, groups in hooks.items():
        if event not in events:
            found.append(f"hooks: unknown event {event!r}")
        elif not isinstance(groups, list):
            found.append(f"hooks/{event}: is not an array")
        else:
            for index, group in enumerate(groups):
                found += _group(group, f"hooks/{event}/{index}", schema)
    return found


def _group(group: Any, where: str, schema: dict[str, Any]) -> list[str]:
    allowed = set(schema["$defs"]["hookMatcher"]["properties"])
    if not isinstance(group, dict) or not isinstance(group.get("hooks"), list):
        return [f"{where}: is not a matcher group with a hooks array"]
    found = [f"{where}: unknown key {key!r}" for key in group if key not in allowed]
    if "matcher" in group and not isinstance(group["matcher"], str):
        found.append(f"{where}/matcher: is not a string")
    branches = {b["properties"]["type"]["const"]: b for b in schema["$defs"]["hookCommand"]["anyOf"]}
    for index, handler in enumerate(group["hooks"]):
        branch = branches.get(handler.get("type")) if isinstance(handler, dict) else None
        if branch is None:
            found.append(f"{where}/hooks/{index}: is not a hook handler of a known type")
            continue
        found += [f"{where}/hooks/{index}: unknown key {k!r}" for k in handler if k not in branch["properties"]]
        found += [f"{where}/hooks/{index}: lacks {k!r}" for k in branch["required"] if k not in handler]
    return found
