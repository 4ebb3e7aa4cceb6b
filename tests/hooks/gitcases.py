"""Shared helpers for the analyze() tables."""

from __future__ import annotations

import pytest

from batchgate.shell.gitcommand import GitInvocation, analyze, describe

FLAGS = {"bypass": "bypasses_hooks", "rewrite": "rewrites_history", "fixup": "fixup", "commit": "is_commit"}


def flags(invocation: GitInvocation) -> set[str]:
    return {short for short, name in FLAGS.items() if getattr(invocation, name)}


def only(command: str) -> GitInvocation:
    """The single invocation of a command line that must parse cleanly."""
    result = analyze(command)
    assert result.parse_error is None, result.parse_error
    assert len(result.invocations) == 1, [describe(i) for i in result.invocations]
    return result.invocations[0]


def case(command: str, expected: str, id: str) -> object:
    """A table row: the command, the flags its one invocation must have (and no others), a readable id."""
    return pytest.param(command, set(expected.split()), id=id)
