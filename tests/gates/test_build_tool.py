"""A build tool that is not installed is "could not check", with the install command; npx never installs."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from batchgate.evidence.buildtool import (
    BUILD_ENV,
    NOT_INSTALLED,
    check_tool,
    install_command,
    never_installs,
    npx_tool,
)
from batchgate.evidence.process import run_command
from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, gate, said


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["npx", "nx", "build", "api"], ["npx", "--no-install", "--offline", "nx", "build", "api"]),
        (["npx", "--yes", "nx", "build"], ["npx", "--no-install", "--offline", "nx", "build"]),
        (["npx", "-y", "--yes=true", "tsc", "-y"], ["npx", "--no-install", "--offline", "tsc", "-y"]),
        (["npx", "--no-install", "nx"], ["npx", "--no-install", "--offline", "nx"]),
        (["/usr/bin/npx", "nx"], ["/usr/bin/npx", "--no-install", "--offline", "nx"]),
        (["npx", "-p", "typescript", "tsc"], ["npx", "--no-install", "--offline", "-p", "typescript", "tsc"]),
        (["nx", "build", "--yes"], ["nx", "build", "--yes"]),
        (["python3", "-m", "build"], ["python3", "-m", "build"]),
    ],
    ids=[
        "plain",
        "yes-dropped",
        "every-yes-before-the-package",
        "no-install-once",
        "absolute-npx",
        "package-option",
        "not-npx",
        "python",
    ],
)
def test_npx_is_run_so_that_it_never_installs(argv: list[str], expected: list[str]) -> None:
    assert never_installs(argv) == expected


@pytest.mark.parametrize(
    ("argv", "tool"),
    [
        (["npx", "nx", "build"], "nx"),
        (["npx", "nx@24.0.6", "build"], "nx"),
        (["npx", "--yes", "tsc"], "tsc"),
        (["npx", "@angular/cli@17", "build"], "@angular/cli"),
        (["npx", "-p", "typescript", "tsc"], None),
        (["npx", "--package=typescript", "tsc"], None),
        (["npx", "-c", "tsc && jest"], None),
        (["npx"], None),
    ],
    ids=["plain", "version", "option-first", "scoped", "package-option", "package-equals", "call", "bare"],
)
def test_the_tool_npx_runs(argv: list[str], tool: str | None) -> None:
    assert npx_tool(argv) == tool


@pytest.mark.parametrize(
    ("files", "command"),
    [
        ({"package-lock.json": "{}"}, "npm ci"),
        ({"npm-shrinkwrap.json": "{}"}, "npm ci"),
        ({"pnpm-lock.yaml": ""}, "pnpm install --frozen-lockfile"),
        ({"yarn.lock": ""}, "yarn install --immutable"),
        ({"bun.lock": ""}, "bun install --frozen-lockfile"),
        (
            {"package.json": '{"packageManager": "pnpm@9.1.0"}', "package-lock.json": "{}"},
            "pnpm install --frozen-lockfile",
        ),
        ({"package.json": '{"packageManager": "npm@10.0.0"}'}, "npm install"),
        ({}, "npm install"),
    ],
    ids=["npm", "npm-shrinkwrap", "pnpm", "yarn", "bun", "package-manager-field-wins", "npm-without-lockfile", "none"],
)
def test_the_install_command_comes_from_the_lockfile(tmp_path: Path, files: dict[str, str], command: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert install_command(str(tmp_path)) == command


@pytest.mark.parametrize(
    ("lockfile", "command"),
    [
        ("package-lock.json", "npm ci"),
        ("pnpm-lock.yaml", "pnpm install --frozen-lockfile"),
        ("yarn.lock", "yarn install --immutable"),
    ],
    ids=["npm", "pnpm", "yarn"],
)
def test_npx_without_node_modules_could_not_check(tmp_path: Path, lockfile: str, command: str) -> None:
    if shutil.which("npx") is None:
        pytest.skip("npx is not on PATH (Node.js not installed)")
    br = BatchRepo.create(tmp_path, files={"package.json": '{"name": "ws"}\n', lockfile: "\n"})
    br.configure_build({"command": ["npx", "batchgate-no-such-tool-xyz", "build"]})
    br.assign()
    br.honest_work()
    report = br.verify()
    result = gate(report, "build")
    assert result.verdict == Verdict.COULD_NOT_CHECK, said(result)
    assert "batchgate-no-such-tool-xyz is not installed in this repository" in result.summary
    assert f"`{command}`" in (result.fix or "")
    assert report.exit_code == 3
    assert br.cli("verify", br.task_id).code == 3


def test_a_tool_in_node_modules_resolves(tmp_path: Path) -> None:
    if shutil.which("npx") is None:
        pytest.skip("npx is not on PATH (Node.js not installed)")
    tool = tmp_path / "node_modules" / ".bin" / "batchgate-local-tool"
    tool.parent.mkdir(parents=True)
    tool.write_text("#!/bin/sh\necho built\n", encoding="utf-8")
    tool.chmod(0o755)
    assert check_tool(["npx", "batchgate-local-tool"], str(tmp_path)) is None
    problem = check_tool(["npx", "batchgate-other-tool"], str(tmp_path))
    assert problem is not None and "npm install" in problem.fix


@pytest.mark.parametrize("yes", ["true", None], ids=["npm_config_yes=true", "no-yes-in-env"])
def test_real_npx_neither_downloads_nor_asks_the_registry(tmp_path: Path, yes: str | None) -> None:
    """npx as the gate runs it, even told `yes`: refuses at once; the registry (unreachable here) is never asked."""
    if shutil.which("npx") is None:
        pytest.skip("npx is not on PATH (Node.js not installed)")
    (tmp_path / "package.json").write_text('{"name": "ws", "private": true}\n', encoding="utf-8")
    cache = tmp_path / "npm-cache"
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "npm_config_cache": str(cache),
        "npm_config_registry": "http://127.0.0.1:9/",  # nothing listens: any request fails with ECONNREFUSED
        "npm_config_fetch_retries": "0",
        "npm_config_update_notifier": "false",
    }
    if yes is not None:
        env["npm_config_yes"] = yes
    argv = ["npx", "batchgate-no-such-package-xyz"]
    gated = run_command(never_installs(argv), str(tmp_path), 120, {**env, **BUILD_ENV})
    assert gated.exit_code not in (0, None), gated.tail
    assert NOT_INSTALLED.search(gated.tail), gated.tail
    assert "ECONNREFUSED" not in gated.tail, "the gated npx asked the registry"
    assert [p for p in cache.rglob("*") if p.is_file() and "_logs" not in p.parts] == []
    if yes == "true":  # the control: npx as a user types it does try to fetch and run the package
        plain = run_command(argv, str(tmp_path), 120, env)
        assert "ECONNREFUSED" in plain.tail, plain.tail


@pytest.mark.parametrize(
    ("line", "not_installed"),
    [
        ('npm error npx canceled due to missing packages and no YES option: ["nx@24.0.6"]', True),
        ("npm error could not determine executable to run", True),
        ("npm error code ENOTCACHED", True),
        (' NX   Could not find Nx modules at "/work/ws".', True),
        ("/bin/sh: 1: tsc: not found", True),
        ("sh: 1: tsc: not found", True),
        ("bash: line 1: tsc: command not found", True),
        ("bash: tsc: command not found", True),
        ("zsh: command not found: tsc", True),
        (' ERR_PNPM_RECURSIVE_EXEC_FIRST_FAIL  Command "nx" not found', True),
        ('Usage Error: Couldn\'t find a script named "nx".', True),
        ("libs/api/src/shout.ts(3,9): error TS2322: Type 'string' is not assignable to type 'number'.", False),
        ("error: module not found: ./missing", False),
        ("ERROR in ./src/main.ts Module not found: Error: Can't resolve './x'", False),
    ],
    ids=lambda value: value if isinstance(value, bool) else value[:40],
)
def test_what_reads_as_a_tool_that_is_not_installed(line: str, not_installed: bool) -> None:
    assert bool(NOT_INSTALLED.search(line)) == not_installed
