"""Fixtures for the hook tests: a repository with a plan, and the hooks bound to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo


@pytest.fixture
def br(tmp_path: Path) -> BatchRepo:
    """A fresh repository with the default plan and the cheap build; no run yet."""
    return BatchRepo.create(tmp_path)


@pytest.fixture
def hooks(br: BatchRepo) -> Hooks:
    """The five hooks in `br`, no run active."""
    return Hooks(br)


@pytest.fixture
def active(br: BatchRepo) -> Hooks:
    """The five hooks in `br`, with batch 1 assigned to backend-developer (nothing done yet)."""
    br.assign()
    return Hooks(br)
