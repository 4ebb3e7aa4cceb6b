"""A real Nx workspace (nx and typescript from npm) under batchgate with no configuration at all.

The default build, `npx nx build {project}`, on two projects with `tsc` build targets
(one named by its package.json, as Nx does for a project.json without a name):
a type error blocks the developer at SubagentStop with the compiler's own line;
fixed and amended, `complete` passes. With node_modules gone, verify could not
check (exit 3), names the install command from the lockfile, and nothing is
downloaded, even with npm_config_yes=true. Slow (an npm install the first time,
then a few seconds per Nx build); skipped with the reason where npm is unreachable.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from batchgate.evidence.projects import resolve_projects
from tests.e2e.npm_packages import install_packages
from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo, BatchSpec, TaskSpec

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

NX_PACKAGES = ("nx@24.0.6", "typescript@5.9.3")
PLAN = (
    BatchSpec(
        "1",
        "Shouting API",
        (
            TaskSpec("1.1", "Shout function", ("libs/api/src/shout.ts",)),
            TaskSpec("1.2", "Web greeting", ("libs/web/src/index.ts",)),
        ),
    ),
)
BROKEN_SHOUT = (
    "export function shout(x: number): number {\n  const y: number = x;\n"
    '  const z: number = "loud";\n  return y + z;\n}\n'
)
FIXED_SHOUT = (
    "export function shout(x: number): number {\n  const y: number = x;\n  const z: number = 2;\n  return y * z;\n}\n"
)
WEB_INDEX = "export const hello = (name: string): string => `hello ${name}`;\n"


def _target(project: str) -> dict[str, object]:
    command = f"tsc -p libs/{project}/tsconfig.json"
    return {"build": {"executor": "nx:run-commands", "options": {"command": command}}}


def workspace_files(lock: str) -> dict[str, str]:
    """An Nx workspace with two libraries; `lock` is the package-lock.json the packages were installed with."""
    files = {
        "package.json": json.dumps(
            {"name": "ws", "private": True, "devDependencies": {"nx": "24.0.6", "typescript": "5.9.3"}}
        ),
        "package-lock.json": lock,
        "nx.json": "{}\n",
        ".gitignore": "node_modules\ndist\n.nx\n",
        "tsconfig.base.json": json.dumps(
            {"compilerOptions": {"strict": True, "target": "ES2022", "module": "commonjs", "types": []}}
        ),
        "libs/api/project.json": json.dumps({"targets": _target("api")}),  # no name: Nx takes package.json's
        "libs/api/package.json": json.dumps({"name": "@ws/api", "private": True}),
        "libs/api/src/index.ts": "export const version = 1;\n",
        "libs/web/project.json": json.dumps({"name": "web", "targets": _target("web")}),
        "libs/web/src/index.ts": "export const hello = 1;\n",
    }
    for project in ("api", "web"):
        config = {"extends": "../../tsconfig.base.json", "compilerOptions": {"outDir": f"../../dist/{project}"}}
        files[f"libs/{project}/tsconfig.json"] = json.dumps({**config, "include": ["src/**/*.ts"]})
    return files


@pytest.fixture(scope="module")
def nx_prefix() -> Path:
    if shutil.which("node") is None or shutil.which("npx") is None:
        pytest.skip("Node.js (node, npx) is not on PATH: no real Nx workspace can run here")
    return install_packages("nx-24.0.6-typescript-5.9.3", NX_PACKAGES)


@pytest.fixture
def nx(tmp_path: Path, nx_prefix: Path) -> BatchRepo:
    """The workspace, installed (node_modules from the test cache), with no .claude/batchgate.yaml at all."""
    lock = (nx_prefix / "package-lock.json").read_text(encoding="utf-8")
    br = BatchRepo.create(tmp_path, plan=PLAN, config={}, files=workspace_files(lock))
    br.git.git("rm", "-q", ".claude/batchgate.yaml")
    br.git.commit("chore: no batchgate configuration")
    (br.root / "node_modules").symlink_to(nx_prefix / "node_modules", target_is_directory=True)
    return br


def write_batch(br: BatchRepo, shout: str) -> None:
    br.git.write("libs/api/src/shout.ts", shout)
    br.git.write("libs/web/src/index.ts", WEB_INDEX)


def processes_in(root: Path) -> list[str]:
    """Processes still running with their working directory inside `root` (an Nx daemon, a stray tsc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            cwd = os.readlink(entry / "cwd") if entry.name.isdigit() else ""
        except OSError:
            continue
        if cwd == str(root) or cwd.startswith(f"{root}/"):
            found.append((entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace"))
    return found


def test_a_type_error_blocks_with_the_compilers_line_and_the_fix_completes(nx: BatchRepo) -> None:
    nx.assign()
    write_batch(nx, BROKEN_SHOUT)
    sha = nx.commit_batch()
    nx.mark_implemented()
    nx.record_sha(sha[:7])

    run = Hooks(nx).subagent_stop()
    assert run.blocked, run.describe()
    assert (
        "libs/api/src/shout.ts(3,9): error TS2322: Type 'string' is not assignable to type 'number'." in run.reason
    ), run.reason
    assert "npx --no-install --offline nx build @ws/api failed" in run.reason, "named as Nx names it"
    log = re.search(r"full output in (\S+\.log)", run.reason)
    assert log and "Failed tasks:" in (nx.root / log.group(1)).read_text(encoding="utf-8")
    assert len(run.reason) <= 8000
    assert processes_in(nx.root) == [], "nothing the build started may outlive it (no Nx daemon)"

    write_batch(nx, FIXED_SHOUT)
    nx.git.git("add", "libs/api/src/shout.ts")
    nx.git.git("commit", "-q", "--amend", "--no-edit")
    nx.record_sha(nx.git.head()[:7])
    verified = nx.cli("verify", nx.task_id)
    assert verified.code == 0, verified
    assert "npx --no-install --offline nx build @ws/api: passed" in verified.stdout
    assert "npx --no-install --offline nx build web: passed" in verified.stdout
    done = nx.cli("complete", nx.task_id)
    assert done.code == 0 and "Batch 1 complete" in done.stdout, done
    assert processes_in(nx.root) == []


@pytest.mark.parametrize("yes", [None, "true"], ids=["plain", "npm_config_yes=true"])
def test_without_node_modules_verify_could_not_check_and_downloads_nothing(
    nx: BatchRepo, tmp_path: Path, yes: str | None
) -> None:
    nx.assign()
    write_batch(nx, FIXED_SHOUT)
    nx.record_sha(nx.commit_batch()[:7])
    nx.mark_implemented()
    (nx.root / "node_modules").unlink()
    cache = tmp_path / "npm-cache"
    env = {
        "npm_config_cache": str(cache),
        "npm_config_registry": "http://127.0.0.1:9/",
        "npm_config_fetch_retries": "0",
    }
    if yes is not None:
        env["npm_config_yes"] = yes
    result = nx.cli("verify", nx.task_id, env=env)
    assert result.code == 3, result
    assert "COULD-NOT-CHECK" in result.stdout and "[????] build" in result.stdout
    assert "nx is not installed in this repository" in result.stdout
    assert "`npm ci`" in result.stdout, "the install command comes from package-lock.json"
    assert [p for p in cache.rglob("*") if p.is_file() and "_logs" not in p.parts] == [], "nothing was downloaded"
    assert not (nx.root / "node_modules").exists()


def test_project_names_agree_with_nx_itself(tmp_path: Path, nx_prefix: Path) -> None:
    """batchgate's resolver against the real `nx show projects` on every naming rule it implements."""
    files = {
        "package.json": json.dumps(
            {"name": "ws", "private": True, "workspaces": ["packages/*", "tools/**", "!packages/off"]}
        ),
        "nx.json": "{}",
        "libs/Named/project.json": '{"name": "named-lib"}',
        "libs/FromPkg/project.json": "{}",
        "libs/FromPkg/package.json": '{"name": "@ws/from-pkg"}',
        "libs/NxName/project.json": "{}",
        "libs/NxName/package.json": '{"name": "@ws/other", "nx": {"name": "nx-name"}}',
        "libs/Bare-Folder/project.json": "{}",
        "packages/alpha/package.json": '{"name": "@ws/alpha"}',
        "packages/off/package.json": '{"name": "@ws/off"}',
        "packages/nameless/package.json": '{"version": "1.0.0"}',
        "tools/deep/gen/package.json": '{"name": "gen-tool"}',
        "other/pkg/package.json": '{"name": "not-in-workspaces"}',
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    (tmp_path / "node_modules").symlink_to(nx_prefix / "node_modules", target_is_directory=True)
    env = {**os.environ, "NX_DAEMON": "false", "HOME": str(tmp_path)}
    shown = subprocess.run(
        [str(tmp_path / "node_modules" / ".bin" / "nx"), "show", "projects", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    real = set(json.loads(shown.stdout))
    paths = [str(Path(rel).parent / "src" / "file.ts") for rel in files if rel.count("/") > 1]
    ours = resolve_projects(str(tmp_path), paths, "nx")
    assert set(ours.projects) == real, (ours, real)
    assert sorted(ours.unclaimed) == ["other/pkg/src/file.ts", "packages/off/src/file.ts"]
