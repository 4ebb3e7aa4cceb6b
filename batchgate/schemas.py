"""Where the JSON Schemas are: `schemas/` beside the package (a checkout, a plugin, an unpacked
engine), inside batchgate.pyz when the engine runs from the archive itself, or the
`batchgate_schemas` package data of a pip install."""

from __future__ import annotations

import os

_HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def schema_path(name: str) -> str:
    """The path of schemas/<name> wherever batchgate runs from (a path inside the archive cannot be opened)."""
    beside = os.path.join(_HOME, "schemas", name)
    if os.path.exists(beside) or os.path.isfile(_HOME):
        return beside
    from importlib.resources import files

    return str(files("batchgate_schemas") / name)


def schema_text(name: str) -> str:
    """The text of schemas/<name>, wherever batchgate runs from."""
    if os.path.isfile(_HOME):  # imported from batchgate.pyz itself
        import zipimport

        return bytes(zipimport.zipimporter(_HOME).get_data(f"schemas/{name}")).decode("utf-8")
    with open(schema_path(name), encoding="utf-8") as handle:
        return handle.read()
