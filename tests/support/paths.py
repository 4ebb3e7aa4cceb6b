"""Where things are: this checkout, the shared folder beside it, the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("BATCHGATE_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "ptah-tasks"
CLI = ROOT / "scripts" / "batchgate"


def corpus_files() -> list[Path]:
    """The 25 real tasks.md files, or [] where ../shared is absent (a user's clone)."""
    if not CORPUS.is_dir():
        return []
    return sorted(CORPUS.glob("*.md"))


def require_corpus() -> Path:
    """The corpus folder; skips the calling test (with the reason) where it is absent."""
    if not CORPUS.is_dir():
        pytest.skip(f"the shared corpus is not here ({CORPUS}); it exists only beside the project's own checkout")
    return CORPUS


def corpus_params() -> list[object]:
    """pytest parameters, one per corpus file, ids = file names; one skip marker if absent."""
    files = corpus_files()
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"shared corpus absent ({CORPUS})"), id="no-corpus")]
    return [pytest.param(path, id=path.name) for path in files]
