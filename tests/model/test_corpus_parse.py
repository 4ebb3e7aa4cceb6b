"""Every real tasks.md parses through the CLI, and its JSON is schema-valid."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from tests.support.cli import run_cli
from tests.support.paths import ROOT, corpus_params

SCHEMA = json.loads((ROOT / "schemas" / "tasks.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", corpus_params())
def test_corpus_file_parses_to_schema_valid_json(path: Path) -> None:
    result = run_cli("parse", str(path), "--json")
    assert result.code == 0, result.stderr
    assert result.stderr == ""
    model = result.json()
    jsonschema.Draft202012Validator(SCHEMA).validate(model)
    assert model["batches"] or model["tasks"] or model["warnings"], "an empty model must say why"


def test_schema_itself_is_valid_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
