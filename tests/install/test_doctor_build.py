"""`doctor` checks the build tool as the build gate runs it: `npx TOOL` needs TOOL installed here."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.install.helpers import install
from tests.install.test_doctor import by_name, doctor
from tests.support.gitrepo import GitRepo

CASES = [
    pytest.param(
        {}, "failed", ["nx is not installed in this repository", "npm install"], id="no-node-modules-no-lockfile"
    ),
    pytest.param(
        {"package-lock.json": "{}"}, "failed", ["nx is not installed", "`npm ci`", "never installs"], id="npm-lockfile"
    ),
    pytest.param(
        {"pnpm-lock.yaml": "lockfileVersion: '9.0'\n"},
        "failed",
        ["`pnpm install --frozen-lockfile`"],
        id="pnpm-lockfile",
    ),
    pytest.param(
        {"yarn.lock": "", "node_modules/.bin/nx": "#!/bin/sh\n"},
        "ok",
        ["npx found at", "npx --no-install --offline nx build {project}"],
        id="installed",
    ),
]


@pytest.mark.parametrize(("files", "status", "says"), CASES)
def test_the_default_nx_build_resolves_only_when_nx_is_installed(
    repo: GitRepo, home: Path, files: dict[str, str], status: str, says: list[str]
) -> None:
    if shutil.which("npx") is None:
        pytest.skip("npx is not on PATH (Node.js not installed)")
    repo.write("package.json", '{"name": "ws", "private": true}\n')
    for rel, text in files.items():
        path = repo.write(rel, text)
        if rel.startswith("node_modules/.bin/"):
            path.chmod(0o755)
    assert install(repo).code == 0  # no .claude/batchgate.yaml: the default `npx nx build {project}`
    code, report, _ = doctor(repo.root, home)
    check = by_name(report)["build tool"]
    assert check["status"] == status, check
    shown = f"{check['detail']} {check['fix'] or ''}"
    assert all(words in shown for words in says), check
    assert (code == 1) == (status == "failed"), report
