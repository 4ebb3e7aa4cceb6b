"""Build evidence: the error lines of real tool outputs first, then the last lines; capped, linear.

The fixtures in tests/fixtures/builds/ are real outputs, captured once from the
tools run on tiny broken inputs (tsc 5.9, ESLint 9, Jest 29, Vitest 2, pytest,
CPython, Go 1.19, cargo, nx 24 and npx of npm 11); colours and carriage
returns are left as the tools printed them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from batchgate.evidence.buildoutput import (
    ERROR_LIMIT,
    ERRORS_HEADING,
    LINE_LIMIT,
    TAIL_HEADING,
    BuildEvidence,
    OutputCollector,
    clean,
    collect,
    follow_logs,
    logs_named,
)
from batchgate.evidence.buildtool import NOT_INSTALLED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "builds"

# fixture -> lines the error section must hold (in this order), lines it must not hold
CASES = {
    "tsc": (
        [
            "src/shout.ts(2,9): error TS2322: Type 'string' is not assignable to type 'number'.",
            "src/shout.ts(3,21): error TS2304: Cannot find name 'missing'.",
        ],
        [],
    ),
    "tsc-pretty": (
        [
            "src/shout.ts:2:9 - error TS2322: Type 'string' is not assignable to type 'number'.",
            "src/shout.ts:3:21 - error TS2304: Cannot find name 'missing'.",
        ],
        ['  const loud: number = "LOUD";'],
    ),
    "eslint": (
        [
            "/tmp/toolslab/lint/app.js",
            "  1:7   error    'unused' is assigned a value but never used  no-unused-vars",
            "  3:22  error    'undefinedThing' is not defined              no-undef",
        ],
        ["  3:9   warning  Expected '===' and instead saw '=='          eqeqeq"],
    ),
    "jest": (
        ["FAIL jt/sum.test.js", "  ● adds 1 + 2", "    Expected: 3", "    Received: -1"],
        ["Snapshots:   0 total"],
    ),
    "vitest": (
        [" FAIL  vt/sum.test.ts > adds 1 + 2", "AssertionError: expected -1 to be 3 // Object.is equality"],
        [],
    ),
    "pytest": (
        ["E       assert -1 == 3", "test_calc.py:5: AssertionError", "FAILED test_calc.py::test_add - assert -1 == 3"],
        [],
    ),
    "python-traceback": (
        [
            "Traceback (most recent call last):",
            '  File "/tmp/toolslab/py/run.py", line 4, in load',
            "FileNotFoundError: [Errno 2] No such file or directory: 'missing.json'",
        ],
        [],
    ),
    "go-build": (
        [
            './main.go:6:14: cannot use "loud" (untyped string constant) as int value in variable declaration',
            "./main.go:7:18: undefined: missing",
        ],
        [],
    ),
    "go-test": (["--- FAIL: TestAdd (0.00s)", "    calc_test.go:7: Add(1, 2) = -1, want 3"], []),
    "rust": (
        [
            "error[E0425]: cannot find value `missing` in this scope",
            " --> src/main.rs:3:24",
            "error[E0308]: mismatched types",
            " --> src/main.rs:2:18",
        ],
        ["  |"],
    ),
    "nx-build": (
        [
            "libs/api/src/shout.ts(3,9): error TS2322: Type 'string' is not assignable to type 'number'.",
            "Failed tasks:",
            "- api:build",
        ],
        ["> nx run api:build", "Hint: run the command with --verbose for more details."],
    ),
    "nx-run-many": (
        [
            "libs/web/src/index.ts(1,45): error TS2322: Type 'number' is not assignable to type 'string'.",
            "libs/api/src/shout.ts(3,9): error TS2322: Type 'string' is not assignable to type 'number'.",
            "Failed tasks:",
            "- web:build",
            "- api:build",
        ],
        ["- api", "- web"],  # the projects Nx is about to run are no failure
    ),
}


def read(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def sections(evidence: BuildEvidence) -> tuple[list[str], list[str]]:
    """The error lines and the last lines, as the report shows them."""
    lines = evidence.lines()
    errors: list[str] = []
    tail: list[str] = []
    current = None
    for line in lines:
        if line == ERRORS_HEADING or line.startswith("error lines ("):
            current = errors
        elif line == TAIL_HEADING:
            current = tail
        else:
            assert current is not None, lines
            current.append(line)
    return errors, tail


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_error_lines_of_each_tool_come_first(name: str) -> None:
    wanted, unwanted = CASES[name]
    errors, _tail = sections(collect(read(name)))
    positions = [errors.index(line) if line in errors else -1 for line in wanted]
    assert -1 not in positions, f"missing {[w for w, p in zip(wanted, positions, strict=True) if p < 0]} in {errors}"
    assert positions == sorted(positions), errors
    assert not [line for line in unwanted if line in errors], errors
    for line in errors:
        assert "\x1b" not in line and "\r" not in line


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_last_lines_follow_without_repeating_error_lines(name: str) -> None:
    evidence = collect(read(name))
    errors, tail = sections(evidence)
    assert not set(errors) & set(tail)
    assert len(errors) <= ERROR_LIMIT + 1 and len(tail) <= 15
    last = [clean(line) for line in read(name).splitlines() if clean(line).strip()][-1]
    assert last in errors + tail, "the output's very last line is shown"


@pytest.mark.parametrize(
    ("name", "not_installed"),
    [("npx-missing-package", True), ("nx-not-installed", True), ("nx-build", False), ("tsc", False), ("jest", False)],
)
def test_a_tool_that_is_not_installed_is_recognised(name: str, not_installed: bool) -> None:
    found = [line for line in read(name).splitlines() if NOT_INSTALLED.search(clean(line))]
    assert bool(found) == not_installed, found


def test_error_lines_are_capped_and_counted() -> None:
    collector = OutputCollector()
    for number in range(10_000):
        collector.feed(f"src/file{number}.ts({number},1): error TS2322: wrong {number}\n")
    evidence = collector.evidence()
    assert len(evidence.errors) == ERROR_LIMIT and evidence.error_count == 10_000
    assert evidence.lines()[0] == f"error lines (first {ERROR_LIMIT} of 10000):"
    assert evidence.errors[0].startswith("src/file0.ts(0,1)"), "the first errors are kept: the cause comes first"
    assert evidence.tail[-1] == "src/file9999.ts(9999,1): error TS2322: wrong 9999"


def test_long_lines_colours_and_progress_bars_are_cleaned() -> None:
    assert clean("\x1b[31merror\x1b[0m: boom\r\n") == "error: boom"
    assert clean("50%\r75%\r100% done\n") == "100% done"
    assert len(clean("error " + "x" * 100_000)) == LINE_LIMIT


def test_repeated_error_lines_are_shown_once() -> None:
    evidence = collect("error: same\nerror: same\nerror: other\n")
    assert evidence.errors == ("error: same", "error: other")


def test_a_clean_output_has_no_error_section() -> None:
    errors, tail = sections(collect("compiling\n\nbuilt 3 files\n"))
    assert errors == [] and tail == ["compiling", "built 3 files"]


def test_a_task_log_the_output_only_names_is_read_for_its_errors(tmp_path: Path) -> None:
    """Nx's summary style (its default under an AI agent) names a file instead of printing the task's output."""
    task_log = tmp_path / ".nx" / "cache" / "terminalOutputs" / "11049116970678939414"
    task_log.parent.mkdir(parents=True)
    task_log.write_text(read("nx-build"), encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside.log"
    outside.write_text("secret.ts(1,1): error TS1: not for the report\n", encoding="utf-8")
    summary = read("nx-summary").replace("/tmp/nxlab/.nx/cache/terminalOutputs/11049116970678939414", str(task_log))
    collector = OutputCollector()
    named = []
    for line in [*summary.splitlines(), f"  full log: {outside}"]:
        collector.feed(line)
        named += [path for path in [logs_named(line)] if path]
    assert named == [str(task_log), str(outside)]
    follow_logs(collector, named, str(tmp_path))
    errors, tail = sections(collector.evidence())
    assert "libs/api/src/shout.ts(3,9): error TS2322: Type 'string' is not assignable to type 'number'." in errors
    assert not [line for line in errors if "secret.ts" in line], "a file outside the repository is never read"
    assert tail[-1].startswith("  full log: ") and "  Recoverable time:  <1ms" in tail, (
        "the last lines stay the build's"
    )
