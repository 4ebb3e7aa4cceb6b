"""File fields: annotations give the action, `N/A` names no file, absolute Windows, `D:/` and
`file:///` paths become repository-relative, and a path outside the repository is reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from batchgate.model.types import Task
from tests.model.helpers import codes, parse_text


def only_task(value: str, tmp_path: Path, field: str = "File(s)") -> Task:
    root = tmp_path / "ptah-extension"
    (root / "libs").mkdir(parents=True, exist_ok=True)
    doc = parse_text(f"# P\n\n### Task 1: x ✅ COMPLETE\n\n**{field}**: {value}\n", repo_root=root)
    return doc.tasks[0]


def files_of(value: str, tmp_path: Path, field: str = "File(s)") -> list[tuple[str | None, str | None]]:
    return [(f.path, f.action) for f in only_task(value, tmp_path, field).files]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("`libs/a.ts` **[NEW]**", [("libs/a.ts", "new")], id="bold-bracket-new"),
        pytest.param("`libs/a.ts` [MODIFY]", [("libs/a.ts", "modify")], id="bracket-modify"),
        pytest.param("libs/a.ts (NEW FILE)", [("libs/a.ts", "new")], id="new-file"),
        pytest.param("`libs/a.ts` (CREATED)", [("libs/a.ts", "new")], id="created"),
        pytest.param("`libs/a.ts` (MODIFIED)", [("libs/a.ts", "modify")], id="modified"),
        pytest.param("`libs/a.ts` (same file)", [("libs/a.ts", "modify")], id="same-file"),
        pytest.param("`libs/a.ts` (DELETE)", [("libs/a.ts", "delete")], id="delete"),
        pytest.param("CREATE `libs/a.ts`", [("libs/a.ts", "new")], id="verb-first"),
        pytest.param("libs/a.ts", [("libs/a.ts", None)], id="bare"),
        pytest.param(
            "package.json, package-lock.json", [("package.json", None), ("package-lock.json", None)], id="csv"
        ),
        pytest.param("`libs/a.ts`, `libs/b.ts`", [("libs/a.ts", None), ("libs/b.ts", None)], id="csv-backticked"),
        pytest.param("libs/a.ts (or a new spec file)", [("libs/a.ts", None)], id="path-then-note"),
        pytest.param("`./libs/./a.ts`", [("libs/a.ts", None)], id="dot-segments"),
        pytest.param("Dockerfile", [("Dockerfile", None)], id="no-extension"),
    ],
)
def test_file_values_and_annotations(tmp_path: Path, value: str, expected: list[tuple[str, str | None]]) -> None:
    assert files_of(value, tmp_path) == expected


@pytest.mark.parametrize("value", ["N/A", "N/A (dependency installation)", "None", "n/a - no code change"])
def test_not_applicable_names_no_file(tmp_path: Path, value: str) -> None:
    task = only_task(value, tmp_path)
    assert task.files == []


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(r"D:\projects\ptah-extension\libs\shared\src\index.ts", id="windows"),
        pytest.param(r"`d:\projects\ptah-extension\libs\shared\src\index.ts`", id="lower-drive"),
        pytest.param("D:/projects/ptah-extension/libs/shared/src/index.ts", id="forward-slashes"),
        pytest.param("file:///d:/projects/ptah-extension/libs/shared/src/index.ts", id="file-url"),
        pytest.param("file:///D:/projects/ptah%2Dextension/libs/shared/src/index.ts", id="file-url-escaped"),
        pytest.param(r"E:\checkouts\renamed-clone\libs\shared\src\index.ts", id="other-folder-name-known-entry"),
    ],
)
def test_absolute_paths_become_repository_relative(tmp_path: Path, value: str) -> None:
    assert files_of(value, tmp_path) == [("libs/shared/src/index.ts", None)]


def test_posix_absolute_path_inside_the_repository(tmp_path: Path) -> None:
    inside = tmp_path / "ptah-extension" / "libs" / "a.ts"
    assert files_of(str(inside), tmp_path) == [("libs/a.ts", None)]


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(r"D:\projects\roocode-generator\src\core\types.ts", id="other-repository"),
        pytest.param("../outside/secret.ts", id="dot-dot"),
        pytest.param("~/notes.md", id="home"),
        pytest.param("/etc/passwd", id="system-file"),
        pytest.param(r"\\server\share\x.ts", id="unc"),
        pytest.param(r"D:\projects\ptah-extension\libs\..\..\..\etc\passwd", id="climbs-out"),
    ],
)
def test_paths_outside_the_repository_are_reported_not_followed(tmp_path: Path, value: str) -> None:
    root = tmp_path / "ptah-extension"
    (root / "libs").mkdir(parents=True)
    doc = parse_text(f"# P\n\n### Task 1: x ✅ COMPLETE\n\n**File**: {value}\n", repo_root=root)
    [ref] = doc.tasks[0].files
    assert ref.path is None and ref.problem
    assert [(w.line, w.code) for w in doc.warnings] == [(5, "path")]


def test_windows_path_without_a_known_repository_is_not_guessed() -> None:
    doc = parse_text("# P\n\n### Task 1: x\n\n**File**: D:\\projects\\ptah-extension\\libs\\a.ts\n")
    assert [f.path for f in doc.tasks[0].files] == [None]
    assert "path" in codes(doc)


@pytest.mark.parametrize(
    ("field", "action"),
    [
        ("File (create)", "new"),
        ("File (modify)", "modify"),
        ("File (PM)", None),
        ("Files to Change", None),
        ("Files Modified", "modify"),
        ("Test Files Created", "new"),
        ("File", None),
        ("Files", None),
    ],
)
def test_file_field_name_spellings(tmp_path: Path, field: str, action: str | None) -> None:
    assert files_of("`libs/a.ts`", tmp_path, field) == [("libs/a.ts", action)]


@pytest.mark.parametrize("field", ["Source File", "Source Files", "Pattern to Follow", "Total Files to Migrate"])
def test_fields_that_do_not_name_the_tasks_files(tmp_path: Path, field: str) -> None:
    assert files_of("`libs/a.ts`", tmp_path, field) == []


def test_files_continued_in_list_items_with_their_lines(tmp_path: Path) -> None:
    root = tmp_path / "ptah-extension"
    text = "# P\n\n### Task 1: x\n\n**Files**:\n\n- `libs/a.ts` (CREATE)\n- `libs/b.ts` - update exports\n- libs/a.ts\n"
    task = parse_text(text, repo_root=root).tasks[0]
    assert [(f.path, f.action, f.line) for f in task.files] == [("libs/a.ts", "new", 7), ("libs/b.ts", None, 8)]
