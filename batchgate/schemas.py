"""Where the JSON Schemas are: `schemas/` beside the package (a checkout, an installed
copy), or the `batchgate_schemas` package data of a pip install."""

from __future__ import annotations

import os

_HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def schema_path(name: str) -> str:
    """The path of schemas/<name> wherever batchgate runs from."""
    beside = os.path.join(_HOME, "schemas", name)
    if os.path.exists(beside):
        return beside
    from importlib.resources import files

    return str(files("batchgate_schemas") / name)
