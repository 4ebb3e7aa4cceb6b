"""Fixtures for the workflow tests: a repository with a plan and a cheap real build."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.batchrepo import BatchRepo


@pytest.fixture
def br(tmp_path: Path) -> BatchRepo:
    """A fresh repository with the default plan and build."""
    return BatchRepo.create(tmp_path)
