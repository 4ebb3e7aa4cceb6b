"""The figures: each a ratio of whole processes to a baseline started the same way in the same run.

Every process starts through `sh -c`, as Claude Code starts hooks and Bash
commands: batchgate through the installed launcher or the hook command
written in settings.json, the baseline through the clean environment's
interpreter (or the system `python3`, which is what a hook costs at least).
"""

from __future__ import annotations

import json
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.baseline import IMPORTS, baseline_python
from bench.buildoutput import build_output_rows
from bench.fixtures import big_plan, git
from bench.installed import Installed, environment_of, install_batch_repo
from bench.timing import Process, Samples, call_samples, interleaved

Row = tuple[str, float, str, str]
SMALL_FILES, LARGE_FILES = 500, 50_000
FEW_COMMITS, MANY_COMMITS = 100, 10_000


@dataclass
class Lab:
    """What the figures share: the checkout measured, scratch space, and repositories made on demand."""

    checkout: Path
    scratch: Path
    cache: Path
    runs: int = 11
    repos: dict[str, Installed] = field(default_factory=dict)

    def repo(self, name: str, files: int = SMALL_FILES, commits: int = FEW_COMMITS) -> Installed:
        """An installed repository with batch 1 verified once (made on first use)."""
        if name not in self.repos:
            first = next(iter(self.repos.values()), None)
            shared = environment_of(first) if first else None
            self.repos[name] = install_batch_repo(self.checkout, self.scratch, name, files, commits, shared)
        return self.repos[name]

    def baseline(self, repo: Installed, code: str = IMPORTS, *args: str) -> Process:
        """The clean environment's interpreter running `code`, started like batchgate."""
        python = baseline_python(self.checkout, self.cache)
        return Process(shlex.join([str(python), "-c", code, *args]), repo.root, repo.env)


def ms(seconds: float) -> str:
    """Milliseconds, for the detail column."""
    return f"{seconds * 1000:.0f} ms"


def ratio_row(name: str, ours: Samples, base: Samples, target: str, what: str) -> Row:
    """A row: ours / base (median of the rounds' ratios), with both median times shown."""
    against = f"{what} {ms(base.median)}" if what else ms(base.median)
    return (name, ours.ratio_to(base), target, f"{ms(ours.median)} vs {against}")


def verify_rows(lab: Lab) -> list[Row]:
    """`verify` of an honest batch, build cached, through the launcher, vs importing the four dependencies."""
    repo = lab.repo("base")
    verify = Process(repo.cli("verify", "BENCH"), repo.root, repo.env)
    ours, base = interleaved([verify, lab.baseline(repo)], lab.runs)
    return [ratio_row("verify, build cached", ours, base, "≤ 1.00", "importing the 4 dependencies")]


def subagent_stop_rows(lab: Lab) -> list[Row]:
    """SubagentStop of the developer verifying the batch, through the hook command, vs the four imports."""
    repo = lab.repo("base")
    payload = {"hook_event_name": "SubagentStop", "agent_type": "backend-developer", "stop_hook_active": False}
    hook = _hook(repo, "SubagentStop", payload)
    ours, base = interleaved([hook, lab.baseline(repo)], lab.runs)
    return [ratio_row("SubagentStop verifying, build cached", ours, base, "≤ 1.00", "importing the 4 dependencies")]


def stop_rows(lab: Lab) -> list[Row]:
    """The team leader's Stop while the batch is in progress, vs the four imports (no goal set)."""
    repo = lab.repo("base")
    hook = _hook(repo, "Stop", {"hook_event_name": "Stop", "stop_hook_active": False})
    ours, base = interleaved([hook, lab.baseline(repo)], lab.runs)
    return [ratio_row("Stop, batch in progress", ours, base, "—", "importing the 4 dependencies")]


def fast_path_rows(lab: Lab) -> list[Row]:
    """Hooks with nothing to do, through the hook commands, vs `python3 -c pass`."""
    repo = lab.repo("base")
    elsewhere = lab.scratch / "not-a-repo"
    elsewhere.mkdir(exist_ok=True)
    cases: list[tuple[str, str, dict[str, object]]] = [
        ("Stop, no active run", "Stop", {"hook_event_name": "Stop", "cwd": str(elsewhere)}),
        ("SubagentStop, another agent", "SubagentStop", {"hook_event_name": "SubagentStop", "agent_type": "Explore"}),
        (
            "PreToolUse, a non-git command",
            "PreToolUse",
            {"hook_event_name": "PreToolUse", "tool_name": "Bash", "tool_input": {"command": "ls -la"}},
        ),
        (
            "PreToolUse, the team leader's Write during a run",
            "PreToolUse",
            {
                "hook_event_name": "PreToolUse",
                "tool_name": "Write",
                "tool_input": {"file_path": str(repo.root / ".claude" / "batchgate.yaml"), "content": "{}"},
            },
        ),
        (
            "PreToolUse, the developer's Bash (referee checked)",
            "PreToolUse",
            {
                "hook_event_name": "PreToolUse",
                "agent_type": "backend-developer",
                "tool_name": "Bash",
                "tool_input": {"command": "cd lib && echo 'VALUE = 2' > mod.py && rm -f /tmp/x"},
            },
        ),
    ]
    python3 = Process(shlex.join([shutil.which("python3") or "python3", "-c", "pass"]), repo.root, repo.env)
    hooks = [_hook(repo, event, payload) for _, event, payload in cases]
    *ours, base = interleaved([*hooks, python3], lab.runs * 2)
    return [
        # the developer's Bash during a run is not a fast path: the guard reads the command
        ratio_row(f"hook fast path: {name}", seconds, base, "—" if "referee" in name else "≤ 1.30", "python3 -c pass")
        for (name, _, _), seconds in zip(cases, ours, strict=True)
    ]


def parse_rows(lab: Lab) -> list[Row]:
    """`parse FILE --json` per process over the corpus vs mistune's AST of each file, per process."""
    corpus = sorted((lab.checkout.parent / "shared" / "corpus" / "ptah-tasks").glob("*.md"))
    if not corpus:
        corpus = sorted((Path(__file__).resolve().parents[2] / "shared" / "corpus" / "ptah-tasks").glob("*.md"))
    if not corpus:
        return [("parse the corpus (skipped: no corpus found)", float("nan"), "≤ 1.50", "")]
    repo = lab.repo("base")
    code = "import sys, mistune; mistune.create_markdown(renderer=None)(open(sys.argv[1], encoding='utf-8').read())"
    pairs = [
        (Process(repo.cli("parse", str(path), "--json"), repo.root, repo.env), lab.baseline(repo, code, str(path)))
        for path in corpus
    ]
    ours, base = Samples(), Samples()
    for ours_one, base_one in pairs:
        a, b = interleaved([ours_one, base_one], max(3, lab.runs // 3))
        ours.append(a.median)
        base.append(b.median)
    name = f"parse FILE --json vs mistune alone, one process per file ({len(corpus)} corpus files, per-file medians)"
    return [ratio_row(name, ours, base, "≤ 1.50", "mistune's AST alone")]


def _verify_ratio(lab: Lab, name: str, large: Installed, small: Installed, target: str) -> list[Row]:
    """`verify` in `large` against `verify` in `small`, interleaved."""
    verifies = [Process(r.cli("verify", "BENCH"), r.root, r.env) for r in (large, small)]
    ours, base = interleaved(verifies, lab.runs)
    return [ratio_row(name, ours, base, target, "")]


def tree_rows(lab: Lab) -> list[Row]:
    """verify in a work tree of 50,000 tracked files vs one of 500."""
    small, large = lab.repo("base"), lab.repo("wide", files=LARGE_FILES)
    return _verify_ratio(lab, "verify: 50,000 tracked files vs 500", large, small, "≤ 1.50")


def tree_untracked_cache_rows(lab: Lab) -> list[Row]:
    """The same 50,000-file comparison with git's untracked cache turned on by the user (batchgate uses it)."""
    small, large = lab.repo("base"), lab.repo("wide", files=LARGE_FILES)
    for repo in (small, large):
        git(repo.root, "config", "core.untrackedCache", "true")
        git(repo.root, "update-index", "--untracked-cache")
    rows = _verify_ratio(lab, "verify: 50,000 tracked files vs 500, untracked cache on", large, small, "≤ 1.50")
    for repo in (small, large):
        git(repo.root, "update-index", "--no-untracked-cache")
        git(repo.root, "config", "--unset", "core.untrackedCache")
    return rows


def history_rows(lab: Lab) -> list[Row]:
    """verify's cost follows the commits since the base, not the history."""
    small, large = lab.repo("base"), lab.repo("long", commits=MANY_COMMITS)
    return _verify_ratio(lab, "verify: 10,000 commits vs 100", large, small, "≤ 1.20")


def cache_rows(lab: Lab) -> list[Row]:
    """What the build cache saves: verify with the cache hit vs with it emptied (a 0.5 s build)."""
    repo = lab.repo("base")
    cache = repo.root / ".git" / "batchgate" / "build-cache.json"
    hit = Process(repo.cli("verify", "BENCH"), repo.root, repo.env)
    miss = Process(f"rm -f {shlex.quote(str(cache))}; {repo.cli('verify', 'BENCH')}", repo.root, repo.env)
    hit_s, miss_s = interleaved([hit, miss], 3)
    return [ratio_row("verify: build cache hit vs miss", hit_s, miss_s, "< 1", "a 0.5 s build")]


def big_plan_rows(lab: Lab) -> list[Row]:
    """The reader on a generated 10,000-task plan, in this process, against one second."""
    from batchgate.model.reader import parse_tasks

    plan = big_plan(1000, 10).encode()
    runs = call_samples(lambda: parse_tasks(plan, "tasks.md"), runs=5)
    detail = f"best {ms(runs[0])}, median {ms(runs[len(runs) // 2])} of 5, {len(plan) // 1024} KiB, in process"
    return [("parse 1,000 batches / 10,000 tasks vs 1 s (best run)", runs[0] / 1.0, "< 1.00", detail)]


def _hook(repo: Installed, event: str, payload: dict[str, object]) -> Process:
    full = {"session_id": "bench", "cwd": str(repo.root), **payload}
    return Process(repo.hook(event), repo.root, repo.env, json.dumps(full).encode())


FIGURES: dict[str, Callable[[Lab], list[Row]]] = {
    "fast-path": fast_path_rows,
    "verify": verify_rows,
    "subagent-stop": subagent_stop_rows,
    "stop": stop_rows,
    "parse": parse_rows,
    "tree": tree_rows,
    "tree-uc": tree_untracked_cache_rows,
    "history": history_rows,
    "cache": cache_rows,
    "big-plan": big_plan_rows,
    "build-output": lambda _lab: build_output_rows(),
}
