"""Data flows one way: a lower layer never imports a higher one (read with ast, not grep)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGE = ROOT / "batchgate"
# Layer of each top-level part of the package; a module may import its own layer and below.
LAYERS = {
    "errors": 0,
    "fsutil": 0,
    "schemas": 0,
    "launcher": 0,
    "userdirs": 0,
    "record": 0,  # @record: dataclasses without their start-up cost (stdlib)
    "__init__": 0,
    "config": 1,
    "protect": 1,  # which paths a batch must not change (stdlib, read by the guard too)
    "model": 1,
    "shell": 1,  # reading command lines (stdlib): the hook and the workflow's guard share one parser
    "evidence": 2,
    "bootstrap": 2,  # where the Python environment is: evidence about the machine
    "gates": 3,
    "report": 4,
    "workflow": 5,
    "installer": 5,  # the installation protocol
    "cli": 6,
    "hooks": 6,
    "demo": 6,
    "devtools": 6,
}


def part_of(module: str) -> str:
    """`batchgate.model.reader` -> `model`."""
    return module.split(".")[1] if module.count(".") else "__init__"


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def imported(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
    return [n for n in names if n == "batchgate" or n.startswith("batchgate.")]


def test_every_part_has_a_layer() -> None:
    parts = {part_of("batchgate." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts)) for p in modules()}
    assert parts <= set(LAYERS), parts - set(LAYERS)


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_upward_import(path: Path) -> None:
    own = part_of("batchgate." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts))
    upward = [name for name in imported(path) if LAYERS[part_of(name)] > LAYERS[own]]
    assert not upward, f"{own} (layer {LAYERS[own]}) imports {upward}"


def test_the_check_can_fail(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from batchgate.workflow.verify import verify\n", encoding="utf-8")
    assert imported(bad) == ["batchgate.workflow.verify"]
    assert LAYERS[part_of("batchgate.workflow.verify")] > LAYERS["gates"]
