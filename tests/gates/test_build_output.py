"""What a failing build shows: its error lines, then its last lines; the whole output kept and named."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from batchgate.gates.base import Verdict
from tests.hooks.support import Hooks
from tests.support.batchrepo import BatchRepo, alive, gate, said

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "builds"
LAST_LINE = "Fix these, then stop again and repeat your final report with the batch commit SHA."

# A build that prints `noise` lines, one TypeScript error in the middle, more noise, and fails.
NOISY_BUILD = """\
import sys
noise = int(sys.argv[1])
for n in range(noise):
    print(f"compiling module {n} of {noise}")
print("libs/api/src/shout.ts(3,14): error TS2322: Type 'string' is not assignable to type 'number'.")
for n in range(noise):
    print(f"bundling chunk {n}")
print("NX   Running target build for project api failed")
sys.exit(1)
"""
# A build that fails with `count` long error lines.
FLOODING_BUILD = """\
import sys
for n in range(int(sys.argv[1])):
    print(f"src/file{n}.ts({n},1): error TS2322: " + "x" * 300)
sys.exit(2)
"""


def failing(br: BatchRepo, script: str, *args: str) -> None:
    """Configure a build running `script` (kept outside the repository), assign, do the work honestly."""
    path = br.tools / "failing_build.py"
    path.write_text(script, encoding="utf-8")
    br.configure_build({"command": ["python3", str(path), *args], "timeout_s": 60})
    br.assign()
    br.honest_work()


def log_named_in(text: str, root: Path) -> Path:
    match = re.search(r"full output in (\S+\.log)", text)
    assert match, text
    path = Path(match.group(1))
    return path if path.is_absolute() else root / path


def test_the_error_line_is_shown_first_and_the_whole_output_is_kept(br: BatchRepo) -> None:
    failing(br, NOISY_BUILD, "3000")
    result = gate(br.verify(), "build")
    assert result.verdict == Verdict.FAILED
    assert result.evidence[0] == "error lines:"
    assert result.evidence[1].startswith("libs/api/src/shout.ts(3,14): error TS2322")
    assert "last lines:" in result.evidence and result.evidence[-1] == "bundling chunk 2999"
    assert len(result.evidence) < 60
    log = log_named_in(result.summary, br.root)
    assert log.parent.name == "builds" and log.parent.parent.name == "batchgate"
    assert log.read_text(encoding="utf-8").count("\n") == 6002, "every line of the output is in the log"


def test_a_cached_failure_shows_the_same_error_lines(br: BatchRepo) -> None:
    failing(br, NOISY_BUILD, "10")
    first = gate(br.verify(), "build")
    again = gate(br.verify(), "build")
    assert "cached result" in again.summary
    assert again.evidence == first.evidence
    assert log_named_in(again.summary, br.root) == log_named_in(first.summary, br.root)


def test_only_the_last_few_build_logs_are_kept(br: BatchRepo) -> None:
    failing(br, NOISY_BUILD, "1")
    logs = br.root / ".git" / "batchgate" / "builds"
    for version in range(2, 10):  # each change of the tree is a new build
        br.git.write("lib/greet.py", f"def greet():\n    return {version}\n")
        assert gate(br.verify(), "build").verdict == Verdict.FAILED
    kept = sorted(p.name for p in logs.iterdir())
    assert len(kept) == 5 and all(name.endswith(".log") for name in kept), kept


def test_the_block_reason_carries_the_error_lines_within_8_kb(br: BatchRepo) -> None:
    failing(br, FLOODING_BUILD, "400")
    run = Hooks(br).subagent_stop()
    assert run.blocked, run.describe()
    reason = run.reason
    assert len(reason) <= 8000, len(reason)
    assert "src/file0.ts(0,1): error TS2322" in reason and "src/file5.ts(5,1)" in reason
    assert "more line(s) not shown here" in reason
    assert reason.splitlines()[-1] == LAST_LINE
    assert log_named_in(reason, br.root).is_file(), "the reason names the file with the whole output"


def test_the_report_shows_every_error_line_the_gate_kept(br: BatchRepo) -> None:
    failing(br, FLOODING_BUILD, "30")
    result = br.cli("verify", br.task_id)
    assert result.code == 1
    assert "src/file29.ts(29,1)" in result.stdout and "src/file0.ts(0,1)" in result.stdout


@pytest.mark.parametrize("fixture", ["npx-missing-package", "nx-not-installed"])
def test_a_build_whose_tool_is_not_installed_could_not_check_and_is_not_cached(br: BatchRepo, fixture: str) -> None:
    printer = "import sys; sys.stdout.write(open(sys.argv[1], encoding='utf-8').read()); sys.exit(1)"
    br.git.write("package.json", '{"name": "ws", "private": true}\n')
    br.git.write("pnpm-lock.yaml", "lockfileVersion: '9.0'\n")
    br.git.commit("chore: workspace", "package.json", "pnpm-lock.yaml")
    br.configure_build({"command": ["python3", "-c", printer, str(FIXTURES / f"{fixture}.txt")]})
    br.assign()
    br.honest_work()
    for _ in range(2):  # the second run is not a cached replay: the user may have installed in between
        report = br.verify()
        result = gate(report, "build")
        assert result.verdict == Verdict.COULD_NOT_CHECK, said(result)
        assert "its tool is not installed" in said(result) and "cached" not in said(result)
        assert "pnpm install --frozen-lockfile" in (result.fix or "")
        assert report.exit_code == 3


def test_the_same_message_in_a_build_that_passes_is_no_problem(br: BatchRepo) -> None:
    printer = "print('npm error npx canceled due to missing packages and no YES option: [\"x\"]')"
    br.configure_build({"command": ["python3", "-c", printer]})
    br.assign()
    br.honest_work()
    assert gate(br.verify(), "build").verdict == Verdict.PASSED


# A build that starts a background child (as an Nx daemon would, were it allowed) holding the output pipe, and exits.
DAEMONISING_BUILD = """\
import pathlib, subprocess, sys
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
pathlib.Path(sys.argv[1]).write_text(str(child.pid), encoding="utf-8")
print("build ok, daemon left running")
"""


def test_what_a_build_leaves_running_is_killed_and_never_awaited(br: BatchRepo) -> None:
    pid_file = br.tools / "daemon.pid"
    path = br.tools / "daemonising_build.py"
    path.write_text(DAEMONISING_BUILD, encoding="utf-8")
    br.configure_build({"command": ["python3", str(path), str(pid_file)], "timeout_s": 60})
    br.assign()
    br.honest_work()
    result = gate(br.verify(), "build")
    assert result.verdict == Verdict.PASSED, said(result)
    assert "timed out" not in said(result)
    assert not alive(int(pid_file.read_text(encoding="utf-8"))), "the build's leftover child outlived the verdict"
