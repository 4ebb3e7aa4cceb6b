"""A repository whose plan names one hostile file, and the five verbs run on it through the real CLI.

`HostileRepo.create` writes a one-batch plan naming `path`, creates the
symlinks and files a case needs (`{outside}` is a folder beside the
repository holding canary files), commits them as the batch commit, and
keeps a copy of tasks.md. `run_verbs` runs parse, lint, verify, complete and
fail while watching the outside folder, so any file opened there is seen.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.reliability.support import assert_clean, real_python3
from tests.reliability.watch import watching
from tests.support.batchrepo import BatchRepo, BatchSpec, TaskSpec
from tests.support.cli import Result

SECRET = "canary-3f9a: this file is outside the repository"
REASON = "$(touch PWNED) `touch PWNED`; touch PWNED | Batch 1.* Task (a|b)"


@dataclass(frozen=True)
class Case:
    """One hostile file entry: the path written in tasks.md, links and files to create, the words expected."""

    path: str
    links: dict[str, str] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    nx: bool = False  # build.command with {project}: Nx project.json lookup runs
    expect: tuple[str, ...] = ("outside",)


@dataclass
class Outcome:
    """What the five verbs did."""

    results: dict[str, Result]
    opened: set[str]
    report: dict[str, Any]
    before: bytes
    after_complete: bytes

    def gate(self, name: str) -> dict[str, Any]:
        """One gate's JSON result from `verify --json`."""
        return next(g for g in self.report["gates"] if g["gate"] == name)


def make_repo(
    tmp_path: Path, case: Case, title: str = "Hostile", task_title: str = "Read it"
) -> tuple[BatchRepo, Path]:
    """The repository with the case's plan, links and batch commit; and the outside folder."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    (outside / "project.json").write_text('{"name": "outside-project"}\n', encoding="utf-8")
    path = case.path.format(outside=outside)
    plan = [BatchSpec("1", title, (TaskSpec("1.1", task_title, (path,)),))]
    build = [real_python3(), "-c", "pass", *(["{project}"] if case.nx else [])]
    br = BatchRepo.create(tmp_path, plan=plan, config={"build": {"command": build, "timeout_s": 60}})
    for relative, content in case.files.items():
        br.git.write(relative, content)
    for link, target in case.links.items():
        where = br.root / link
        where.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target.format(outside=outside), where)
    br.git.commit("feat(x): batch 1 - hostile\n\n- Task 1.1: read it\n")
    return br, outside


def run_verbs(br: BatchRepo, outside: Path) -> Outcome:
    """parse, lint, verify --json, complete and fail, all with `outside` watched."""
    plan = str(br.plan_path)
    before = br.plan_path.read_bytes()
    with watching(outside) as watch:
        results = {
            "parse": br.cli("parse", plan, "--json"),
            "lint": br.cli("lint", plan),
            "verify": br.cli("verify", "T1", "--batch", "1", "--json"),
            "complete": br.cli("complete", "T1", "--batch", "1"),
        }
        after_complete = br.plan_path.read_bytes()
        results["fail"] = br.cli("fail", "T1", "--batch", "1", "--reason", REASON)
    for result in results.values():
        assert_clean(result)
        assert SECRET not in result.stdout + result.stderr
    return Outcome(results, watch.opened, results["verify"].json(), before, after_complete)


def run_task_verbs(br: BatchRepo, outside: Path) -> dict[str, int]:
    """verify, complete and fail on a plan that links outside: each exit code; nothing opened, the link named."""
    with watching(outside) as watch:
        results = {
            "verify": br.cli("verify", "T1", "--batch", "1"),
            "complete": br.cli("complete", "T1", "--batch", "1"),
            "fail": br.cli("fail", "T1", "--batch", "1", "--reason", "x"),
        }
    for result in results.values():
        assert_clean(result)
        assert "outside the repository" in result.stderr and SECRET not in result.stdout
    assert watch.opened == set(), watch.opened
    return {verb: result.code for verb, result in results.items()}
