"""batchgate.pyz: the engine an installed copy runs, packed into one reproducible zip archive.

It holds the `batchgate` package (what a user's repository runs: no demo, no developer tools)
and the JSON Schemas under `schemas/`; bin/batchgate (scripts/batchgate) imports it.
The same checkout always packs to the same bytes, whatever the Python or zlib that packs it
(entries sorted, stored uncompressed, fixed dates and modes), so installing twice changes
nothing and an upgrade changes the archive only when the engine changed. The zip comment
carries the build key bin/batchgate names its unpacked copy by.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable

NAME = "batchgate.pyz"
LEFT_OUT = {"batchgate/demo.py", "batchgate/devtools.py"}  # never run inside a user's repository
_DATE = (1980, 1, 1, 0, 0, 0)
KEY_PREFIX, KEY_LENGTH = b"batchgate-engine ", 32  # as scripts/batchgate reads them (it cannot import this)
ReadFile = Callable[[str], bytes]


def entries(checkout: str, read: ReadFile) -> list[tuple[str, bytes]]:
    """(name in the archive, bytes) for every member, sorted by name."""
    members = [(rel, read(rel)) for rel in _files(checkout, "batchgate", (".py", "py.typed")) if rel not in LEFT_OUT]
    members += [(rel, read(rel)) for rel in _files(checkout, "schemas", (".json",))]
    return sorted(members)


def pack(members: list[tuple[str, bytes]]) -> bytes:
    """The archive's bytes: the same members always give the same bytes."""
    digest = hashlib.sha256()
    for name, data in members:
        digest.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, _DATE)
            info.create_system = 3  # unix, whatever packs it
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
        archive.comment = KEY_PREFIX + digest.hexdigest()[:KEY_LENGTH].encode()
    return buffer.getvalue()


def _files(checkout: str, folder: str, suffixes: tuple[str, ...]) -> list[str]:
    found: list[str] = []
    for path, dirs, names in os.walk(os.path.join(checkout, folder)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        rel = os.path.relpath(path, checkout).replace(os.sep, "/")
        found += [f"{rel}/{name}" for name in sorted(names) if name.endswith(suffixes)]
    return found
