"""The files a batchgate checkout installs, with where each one goes."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from batchgate.errors import CouldNotCheck
from batchgate.installer import archive
from batchgate.installer.wiring import INSTALL_DIR

COMMANDS = ("phase-6-backend-execution", "phase-6-frontend-execution", "phase-7-completion")
AGENTS = ("backend-developer", "frontend-developer", "team-leader")


@dataclass(frozen=True)
class BundleFile:
    """One file to install: its path in the target (posix, relative), bytes and mode."""

    path: str
    data: bytes
    mode: int = 0o644

    @property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes."""
        return sha256(self.data)


def sha256(data: bytes) -> str:
    """Hex SHA-256."""
    return hashlib.sha256(data).hexdigest()


def collect(checkout: str) -> list[BundleFile]:
    """Every file an install writes, sorted by path.

    Besides the commands and agents, four files (and the manifest): the two launchers, the engine
    packed in one archive, and the requirements its environment is made from.
    """
    sources: list[tuple[str, str, int]] = []
    sources += [(f".claude/commands/{name}.md", f".claude/commands/{name}.md", 0o644) for name in COMMANDS]
    sources += [(f".claude/agents/{name}.md", f".claude/agents/{name}.md", 0o644) for name in AGENTS]
    sources.append(("scripts/batchgate", f"{INSTALL_DIR}/bin/batchgate", 0o755))
    sources.append(("hooks/run.sh", f"{INSTALL_DIR}/hooks/run.sh", 0o755))
    sources.append(("requirements.txt", f"{INSTALL_DIR}/requirements.txt", 0o644))
    files = [BundleFile(target, read_checkout(checkout, source), mode) for source, target, mode in sources]
    engine = archive.pack(archive.entries(checkout, lambda rel: read_checkout(checkout, rel)))
    files.append(BundleFile(f"{INSTALL_DIR}/{archive.NAME}", engine))
    return sorted(files, key=lambda f: f.path)


def version(checkout: str) -> str:
    """The checkout's `batchgate.__version__`, read without importing it."""
    text = read_checkout(checkout, "batchgate/__init__.py").decode("utf-8", "replace")
    for line in text.splitlines():
        if line.startswith("__version__"):
            return line.split("=", 1)[1].strip().strip("\"'")
    raise CouldNotCheck("the checkout's batchgate/__init__.py has no __version__", "restore it from git")


def read_checkout(checkout: str, rel: str) -> bytes:
    try:
        with open(os.path.join(checkout, rel), "rb") as handle:
            return handle.read()
    except OSError as error:
        raise CouldNotCheck(
            f"the batchgate checkout lacks {rel} ({error.strerror})", "run install.py from a complete checkout"
        ) from None
