"""Printing for the CLI verbs: JSON the same way everywhere."""

from __future__ import annotations

import json
import sys
from typing import Any


def print_json(value: Any) -> None:
    """JSON on stdout, UTF-8 kept readable."""
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def print_text(text: str) -> None:
    """Text on stdout."""
    sys.stdout.write(text + ("" if text.endswith("\n") else "\n"))
