"""Adding batchgate's hook entries to a settings object, and taking them out again.

Pure functions on parsed JSON. Only handlers batchgate recognises as its own
(by command path) are touched; every other key, group and handler of the
user stays where it is, also on the same events and matchers. An entry
already in place is updated in place, so installing twice changes nothing.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from batchgate.errors import InputError
from batchgate.installer.wiring import EVENTS, HOOKS, HookSpec, is_ours, matcher_of


@dataclass
class Merged:
    """The new settings object and what the merge created or noticed."""

    data: dict[str, Any]
    created_hooks_key: bool = False
    created_events: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def add_entries(data: dict[str, Any], recorded: list[dict[str, Any]], created_before: list[str], rel: str) -> Merged:
    """`data` with the five entries; a timeout the user changed since install is kept.

    `recorded` and `created_before` come from the manifest of an earlier
    install: its entries, and the event lists it had created.
    """
    result = Merged(copy.deepcopy(data))
    hooks = result.data.get("hooks")
    if hooks is None:
        hooks = result.data["hooks"] = {}
        result.created_hooks_key = True
    if not isinstance(hooks, dict):
        raise InputError(f'{rel}: "hooks" is not an object', 'make "hooks" a JSON object, then run again')
    wanted = {spec.command: spec for spec in HOOKS}
    placed = _keep_wanted(hooks, wanted, _recorded_timeouts(recorded), result, rel)
    for event in [e for e, groups in hooks.items() if groups == [] and e in created_before and e not in EVENTS]:
        del hooks[event]  # an older version's event list, emptied above
    for spec in HOOKS:
        if spec.command in placed:
            continue
        if spec.event not in hooks:
            hooks[spec.event] = []
            result.created_events.append(spec.event)
        hooks[spec.event].append(spec.group())
    return result


def remove_entries(data: dict[str, Any], created_events: list[str] | None, created_hooks_key: bool) -> dict[str, Any]:
    """`data` without batchgate's handlers, and without the containers it created once they are empty.

    `created_events` None means unknown (no manifest): an event list emptied
    by the removal is dropped.
    """
    result = copy.deepcopy(data)
    hooks = result.get("hooks")
    if not isinstance(hooks, dict):
        return result
    for event in list(hooks):
        if _drop_ours(hooks, event) and not hooks[event] and (created_events is None or event in created_events):
            del hooks[event]
    if not hooks and created_hooks_key:
        del result["hooks"]
    return result


def _keep_wanted(
    hooks: dict[str, Any], wanted: dict[str, HookSpec], timeouts: dict[str, Any], result: Merged, rel: str
) -> set[str]:
    """Update wanted handlers in place; drop stale ones. Returns the commands already placed."""
    placed: set[str] = set()
    for event in list(hooks):
        groups = hooks[event]
        if not isinstance(groups, list):
            if event in EVENTS:
                raise InputError(
                    f'{rel}: "hooks.{event}" is not a list', f'make "hooks.{event}" a JSON list, then run again'
                )
            continue
        kept_groups: list[Any] = []
        for group in groups:
            if _is_group(group) and any(is_ours(h) for h in group["hooks"]):
                group = _update_group(group, event, wanted, timeouts, placed, result)
                if not group["hooks"]:
                    continue
            kept_groups.append(group)
        hooks[event] = kept_groups
    return placed


def _update_group(
    group: dict[str, Any],
    event: str,
    wanted: dict[str, HookSpec],
    timeouts: dict[str, Any],
    placed: set[str],
    result: Merged,
) -> dict[str, Any]:
    handlers: list[Any] = []
    for handler in group["hooks"]:
        if not is_ours(handler):
            handlers.append(handler)
            continue
        spec = wanted.get(handler["command"])
        if spec is None or spec.event != event or spec.matcher != matcher_of(group) or spec.command in placed:
            continue  # an older version's entry, or a duplicate: replaced by the current one
        placed.add(spec.command)
        handlers.append(_updated(handler, spec, timeouts.get(spec.command), result))
    group["hooks"] = handlers
    return group


def _updated(handler: dict[str, Any], spec: HookSpec, recorded: Any, result: Merged) -> dict[str, Any]:
    current = handler.get("timeout")
    if recorded is not None and current is not None and current not in (recorded, spec.timeout):
        result.warnings.append(
            f"kept your timeout {current}s on the {spec.event} hook (batchgate's default: {spec.timeout}s)"
        )
        return handler
    if current != spec.timeout:
        handler["timeout"] = spec.timeout
    return handler


def _recorded_timeouts(recorded: list[dict[str, Any]]) -> dict[str, Any]:
    return {str(entry.get("command")): entry.get("timeout") for entry in recorded if isinstance(entry, dict)}


def _drop_ours(hooks: dict[str, Any], event: str) -> bool:
    """Remove batchgate's handlers (and groups emptied by that) from one event; True if any was there."""
    groups = hooks[event]
    if not isinstance(groups, list):
        return False
    found = False
    kept: list[Any] = []
    for group in groups:
        if _is_group(group) and any(is_ours(h) for h in group["hooks"]):
            found = True
            group["hooks"] = [h for h in group["hooks"] if not is_ours(h)]
            if not group["hooks"]:
                continue
        kept.append(group)
    hooks[event] = kept
    return found


def _is_group(group: Any) -> bool:
    return isinstance(group, dict) and isinstance(group.get("hooks"), list)
