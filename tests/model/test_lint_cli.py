"""`batchgate lint` through the real CLI: each structure problem with its line number; errors exit 1,
warnings alone exit 0; JSON valid against schemas/report.schema.json."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from tests.model.helpers import FIXTURES
from tests.support.cli import run_cli
from tests.support.paths import ROOT

REPORT = json.loads((ROOT / "schemas" / "report.schema.json").read_text(encoding="utf-8"))
TASKS = json.loads((ROOT / "schemas" / "tasks.schema.json").read_text(encoding="utf-8"))

# Read off tests/fixtures/tasks/lint_problems.md by hand: (line, severity, code).
EXPECTED = [
    (5, "error", "no-tasks"),
    (9, "error", "status"),
    (9, "warning", "task-count"),
    (12, "error", "commit-not-sha"),
    (15, "error", "duplicate-id"),
    (21, "error", "path"),
    (23, "warning", "status"),
    (26, "warning", "commit-not-sha"),
    (32, "error", "duplicate-id"),
    (32, "warning", "damaged-marker"),
    (32, "warning", "no-files"),
    (39, "warning", "no-status"),
]


def placed(tmp_path: Path, fixture: str, task_id: str = "TASK_2025_901") -> Path:
    target = tmp_path / "repo" / "task-tracking" / task_id / "tasks.md"
    target.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / fixture, target)
    return target


def test_each_problem_with_its_line(tmp_path: Path) -> None:
    result = run_cli("lint", str(placed(tmp_path, "lint_problems.md")), "--json")
    assert result.code == 1, result.stderr
    report = result.json()
    jsonschema.Draft202012Validator(REPORT).validate(report)
    found = sorted((f["line"], f["severity"], f["code"]) for f in report["findings"])
    assert found == sorted(EXPECTED)
    assert (report["ok"], report["errors"], report["warnings"]) == (False, 6, 6)


def test_text_output_is_compiler_style(tmp_path: Path) -> None:
    path = placed(tmp_path, "lint_problems.md")
    result = run_cli("lint", str(path))
    assert result.code == 1
    lines = result.stdout.splitlines()
    assert f"{path}:5: error: batch 1 has no tasks" in lines
    assert any(line.startswith(f"{path}:12: error: batch 2: Git Commit 'abc12' is not a SHA") for line in lines)
    assert lines[-1] == "6 error(s), 6 warning(s)"
    assert result.stderr == ""


@pytest.mark.parametrize(
    ("fixture", "warnings"),
    [pytest.param("canonical.md", 0, id="canonical"), pytest.param("damaged_markers.md", 7, id="damaged-only")],
)
def test_warnings_alone_exit_zero(tmp_path: Path, fixture: str, warnings: int) -> None:
    result = run_cli("lint", str(placed(tmp_path, fixture)), "--json")
    assert result.code == 0, result.stdout
    report = result.json()
    assert (report["ok"], report["errors"], report["warnings"]) == (True, 0, warnings)
    assert all(f["code"] == "damaged-marker" for f in report["findings"])


def test_several_files_exit_one_when_any_has_an_error(tmp_path: Path) -> None:
    good = placed(tmp_path / "a", "canonical.md")
    bad = placed(tmp_path / "b", "lint_problems.md")
    result = run_cli("lint", str(good), str(bad), "--json")
    assert result.code == 1
    report = result.json()
    jsonschema.Draft202012Validator(REPORT).validate(report)
    assert [r["ok"] for r in report["reports"]] == [True, False]


def test_parse_json_of_the_canonical_example(tmp_path: Path) -> None:
    result = run_cli("parse", str(placed(tmp_path, "canonical.md", "TASK_2025_076")), "--json")
    assert result.code == 0, result.stderr
    model = result.json()
    jsonschema.Draft202012Validator(TASKS).validate(model)
    first = model["batches"][0]
    assert (model["task_id"], first["id"], first["title"], first["line"]) == (
        "TASK_2025_076",
        "1",
        "Backend Core - AuthSecretsService",
        7,
    )
    assert (first["status"], first["assignee"], first["commit"], first["dependencies"]) == (
        "complete",
        "backend-developer",
        "2d689c4",
        [],
    )
    task = first["tasks"][0]
    assert (task["id"], task["line"], task["files"][0]["path"], task["files"][0]["action"]) == (
        "1.1",
        14,
        "libs/backend/vscode-core/src/services/auth-secrets.service.ts",
        "new",
    )
    assert [(b["id"], b["status"], b["dependencies"]) for b in model["batches"][1:]] == [
        ("2", "in_progress", ["1"]),
        ("3", "pending", ["1", "2"]),
    ]
    assert model["tasks"] == [] and model["warnings"] == []
