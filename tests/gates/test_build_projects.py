"""Build projects: Nx project.json nearest above each batch file, or a configured map; names never injected."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batchgate.evidence.projects import resolve_projects
from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, gate, said

INJECTIONS = [
    pytest.param("x; touch {pwned}", id="semicolon"),
    pytest.param("$(touch {pwned})", id="command-substitution"),
    pytest.param("`touch {pwned}`", id="backticks"),
    pytest.param("x && touch {pwned}", id="and-list"),
    pytest.param("x | tee {pwned}", id="pipe"),
    pytest.param("x\ntouch {pwned}", id="newline"),
    pytest.param("--output={pwned}", id="option-with-value"),
    pytest.param("-rf", id="leading-dash-option"),
]


@pytest.mark.parametrize("name", INJECTIONS)
def test_a_project_name_that_injects_a_command_runs_nothing(tmp_path: Path, name: str) -> None:
    pwned = tmp_path / "PWNED"
    project = json.dumps({"name": name.format(pwned=pwned)})
    br = BatchRepo.create(tmp_path, files={"lib/project.json": project, "tests/project.json": project})
    br.configure_build(br.build_config("{project}"))
    br.assign()
    br.honest_work()
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.FAILED, said(result)
    assert "not a plain name" in said(result)
    assert report.exit_code == 1
    assert br.builds() == [], "the build must not run with a rejected project name"
    assert not pwned.exists()
    assert not (br.root / "pwned").exists()


NX_FILES = {
    "project.json": json.dumps({"name": "workspace-root"}),
    "lib/project.json": json.dumps({"name": "greet-lib"}),
    "tests/project.json": json.dumps({"name": "greet-tests"}),
}


def test_each_project_the_batch_spans_is_built(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path, files=NX_FILES)
    br.configure_build(br.build_config("{project}"))
    br.assign()
    br.honest_work()
    report = br.verify()
    assert gate(report, "build").verdict == Verdict.PASSED, said(gate(report, "build"))
    assert sorted(args for _, args in br.builds()) == ["greet-lib", "greet-tests"], "nearest project.json wins"


def test_a_project_json_without_a_name_is_named_after_its_folder(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path, files={"lib/project.json": "{}", "tests/project.json": '{"name": "t"}'})
    br.configure_build(br.build_config("{project}"))
    br.assign()
    br.honest_work()
    assert br.verify().ok
    assert sorted(args for _, args in br.builds()) == ["lib", "t"]


def test_the_configured_project_map_is_used(br: BatchRepo) -> None:
    br.configure_build({**br.build_config("{project}"), "projects": {"lib/": "api", "tests/": "api-tests", "li": "x"}})
    br.assign()
    br.honest_work()
    assert br.verify().ok
    assert sorted(args for _, args in br.builds()) == ["api", "api-tests"], "the longest prefix wins"


@pytest.mark.parametrize(
    ("projects", "says"),
    [("nx", "no project.json above the batch's files"), ({"web/": "web"}, "no build.projects prefix matches")],
    ids=["nx-without-project-json", "map-without-a-match"],
)
def test_no_project_found_could_not_check(br: BatchRepo, projects: object, says: str) -> None:
    br.configure_build({**br.build_config("{project}"), "projects": projects})
    br.assign()
    br.honest_work()
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.COULD_NOT_CHECK
    assert says in said(result)
    assert report.exit_code == 3 and br.builds() == []


def test_an_unreadable_project_json_fails_with_its_own_fix(tmp_path: Path) -> None:
    br = BatchRepo.create(tmp_path, files={"lib/project.json": "{not json", "tests/project.json": '{"name": "t"}'})
    br.configure_build(br.build_config("{project}"))
    br.assign()
    br.honest_work()
    result = gate(br.verify(), "build")
    assert result.verdict == Verdict.FAILED
    assert "lib/project.json cannot be read" in said(result)
    assert "fix the json of each project.json" in said(result)
    assert br.builds() == []


# Nx 24's own answers (`nx show projects`) for these layouts, checked once against the real nx: see
# tests/e2e/test_nx.py, which compares this resolver with the real `nx show projects` on one workspace.
WORKSPACE_ROOT = json.dumps({"name": "ws", "private": True, "workspaces": ["packages/*", "tools/**", "!packages/off"]})


@pytest.mark.parametrize(
    ("files", "path", "project"),
    [
        (
            {"libs/a/project.json": '{"name": "named"}', "libs/a/package.json": '{"name": "@ws/a"}'},
            "libs/a/x.ts",
            "named",
        ),
        ({"libs/a/project.json": "{}", "libs/a/package.json": '{"name": "@ws/a"}'}, "libs/a/src/x.ts", "@ws/a"),
        (
            {"libs/a/project.json": "{}", "libs/a/package.json": '{"name": "@ws/a", "nx": {"name": "nx-a"}}'},
            "libs/a/x.ts",
            "nx-a",
        ),
        ({"libs/My-Lib/project.json": "{}"}, "libs/My-Lib/src/x.ts", "my-lib"),
        ({"packages/alpha/package.json": '{"name": "@ws/alpha"}'}, "packages/alpha/src/x.ts", "@ws/alpha"),
        ({"packages/nameless/package.json": '{"version": "1.0.0"}'}, "packages/nameless/x.js", "nameless"),
        ({"tools/deep/gen/package.json": '{"name": "gen"}'}, "tools/deep/gen/x.js", "gen"),
        ({"packages/off/package.json": '{"name": "off"}'}, "packages/off/x.js", None),
        ({"other/pkg/package.json": '{"name": "stray"}'}, "other/pkg/x.js", None),
        (
            {"packages/alpha/package.json": '{"name": "alpha"}', "packages/alpha/b/project.json": "{}"},
            "packages/alpha/b/x",
            "b",
        ),
    ],
    ids=[
        "project-json-name-wins",
        "no-name-takes-the-package-json-name",
        "no-name-takes-nx-name",
        "no-name-no-package-json-lower-cased-folder",
        "package-json-only-in-workspaces",
        "package-json-only-without-a-name",
        "package-json-only-double-star",
        "package-json-only-excluded",
        "package-json-only-outside-workspaces",
        "nearest-project-wins",
    ],
)
def test_nx_project_names_as_nx_gives_them(
    tmp_path: Path, files: dict[str, str], path: str, project: str | None
) -> None:
    for rel, text in {"package.json": WORKSPACE_ROOT, **files}.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    found = resolve_projects(str(tmp_path), [path], "nx")
    assert found.problems == []
    assert found.projects == ({project: [path]} if project else {})


@pytest.mark.parametrize(
    ("files", "project"),
    [
        ({"pnpm-workspace.yaml": "packages:\n  - 'libs/*'\n"}, "@ws/api"),
        ({"lerna.json": "{}"}, None),  # lerna's default is packages/*
        ({"lerna.json": '{"packages": ["libs/*"]}'}, "@ws/api"),
        ({"package.json": '{"name": "ws", "workspaces": {"packages": ["libs/**"]}}'}, "@ws/api"),
        ({}, None),
    ],
    ids=["pnpm-workspace", "lerna-default", "lerna-packages", "yarn-workspaces-object", "no-workspaces"],
)
def test_package_json_projects_follow_the_package_managers_workspaces(
    tmp_path: Path, files: dict[str, str], project: str | None
) -> None:
    for rel, text in {
        "package.json": '{"name": "ws"}',
        **files,
        "libs/api/package.json": '{"name": "@ws/api"}',
    }.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    found = resolve_projects(str(tmp_path), ["libs/api/src/x.ts"], "nx")
    assert found.projects == ({project: ["libs/api/src/x.ts"]} if project else {})


def test_the_root_package_json_is_a_project_only_with_an_nx_key(tmp_path: Path) -> None:
    (tmp_path / "package.json").write_text('{"name": "ws"}', encoding="utf-8")
    assert resolve_projects(str(tmp_path), ["src/x.ts"], "nx").projects == {}
    (tmp_path / "package.json").write_text('{"name": "ws", "nx": {}}', encoding="utf-8")
    assert resolve_projects(str(tmp_path), ["src/x.ts"], "nx").projects == {"ws": ["src/x.ts"]}
