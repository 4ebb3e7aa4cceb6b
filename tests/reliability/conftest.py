"""Fixtures the reliability tests share."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.batchrepo import BatchRepo


@pytest.fixture
def br(tmp_path: Path) -> BatchRepo:
    """A fresh repository with the default plan (three batches) and the cheap build; no run yet."""
    return BatchRepo.create(tmp_path)
