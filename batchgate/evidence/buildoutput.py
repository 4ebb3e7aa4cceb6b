"""What a build printed, as evidence: its error lines first, then its last lines.

Fed one line at a time while the build runs, so the work is linear in the
output and the memory is capped: at most `ERROR_LIMIT` error lines and
`TAIL_LIMIT` last lines are kept, each cut to `LINE_LIMIT` characters. An
error line is one that names a file and a line (`src/a.ts(3,14)`,
`./main.go:6:14`, `File "x.py", line 4`, ` --> src/main.rs:2:18`) or reads as
an error (`error`, `FAILED`, `NameError:`, pytest's `E   `, Jest's `●`, Nx's
`Failed tasks:` list). The whole output goes to a log file beside it.
"""

from __future__ import annotations

import os
import re
from collections import deque
from typing import NamedTuple

ERROR_LIMIT = 40
TAIL_LIMIT = 15
LINE_LIMIT = 400
FOLLOWED_LOGS = 5
FOLLOWED_BYTES = 1024 * 1024
ERRORS_HEADING = "error lines:"
TAIL_HEADING = "last lines:"

_ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-Z\\-_]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_FILE_AND_LINE = re.compile(
    r"\w\.[A-Za-z][A-Za-z0-9]{0,9}(?:\(\d+(?:,\d+)?\)|:\d+)"  # a.ts(3,14) / main.go:6 / x.py:5 (no path prefix:
    # searching for one from every position would cost the square of the line's length)
    r"|\bFile \"[^\"]+\", line \d+"  # Python tracebacks
)
_READS_AS_ERROR = re.compile(
    r"(?i:\b(?:error|errors|failed|failure|fail|fatal|panic(?:ked)?)\b)"
    r"|^\s*[A-Z]\w*(?:Error|Exception)\b"  # NameError: …, AssertionError: …
    r"|^Traceback \(most recent call last\)"
    r"|^E {2,}\S"  # pytest's explanation lines
    r"|^\s*●\s"  # Jest's failing test
    r"|^\s*(?:[-+] )?(?:Expected|Received)\b"  # Jest/Vitest's comparison
)
# Words one of which every _READS_AS_ERROR match holds: a cheap `in` test first keeps chatter lines cheap.
_HINTS = ("error", "fail", "fatal", "panic", "exception", "traceback", "expected", "received", "●", "e  ")
_STACK_NOISE = re.compile(r"^\s*at .*(?:node_modules[/\\]|node:internal)")
_PATH_ALONE = re.compile(r"^(?:/|\.{1,2}/|[A-Za-z]:\\)?[\w@~.\-/\\]+\.[A-Za-z]\w{0,9}$")  # ESLint's file heading
_FULL_LOG = re.compile(r"^\s*full log: (\S+)\s*$")
_FAILED_TASKS = re.compile(r"^\s*Failed tasks:\s*$")
_TASK_ITEM = re.compile(r"^\s*- \S")


class BuildEvidence(NamedTuple):
    """The lines a developer needs, and how many lines there were."""

    errors: tuple[str, ...]
    error_count: int
    tail: tuple[str, ...]
    line_count: int

    def lines(self) -> list[str]:
        """Evidence for a report: the error lines (at most ERROR_LIMIT), then the last lines not already shown."""
        shown: list[str] = []
        if self.errors:
            kept, total = len(self.errors), self.error_count
            shown.append(ERRORS_HEADING if kept == total else f"error lines (first {kept} of {total}):")
            shown += self.errors
        seen = set(self.errors)
        rest = [line for line in self.tail if line not in seen]
        if rest:
            shown.append(TAIL_HEADING)
            shown += rest
        return shown


def clean(raw: str) -> str:
    """A line as a person reads it: no colours, no carriage returns or other control bytes, capped."""
    text = _ANSI.sub("", raw[: LINE_LIMIT * 4])
    text = text.rsplit("\r", 1)[-1] if "\r" in text.rstrip("\r\n") else text  # a progress bar's last state
    return _CONTROL.sub("", text).rstrip()[:LINE_LIMIT]


class OutputCollector:
    """Collects evidence from a build's output, one line at a time (constant work per line)."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.error_count = 0
        self.tail: deque[str] = deque(maxlen=TAIL_LIMIT)
        self.line_count = 0
        self._seen: set[str] = set()
        self._heading: str | None = None
        self._in_failed_tasks = False

    def feed(self, raw: str) -> None:
        """One line of output (any line ending)."""
        self.line_count += 1
        line = clean(raw)
        if not line.strip():
            return
        self.tail.append(line)
        if self._is_error(line):
            self._add(line)
        elif _PATH_ALONE.match(line):
            self._heading = line

    def feed_errors(self, raw: str) -> None:
        """A line of a task's own log that the output only named: its errors count, the tail stays the output's."""
        line = clean(raw)
        if line.strip() and self._is_error(line):
            self._add(line)
        elif _PATH_ALONE.match(line):
            self._heading = line

    def evidence(self) -> BuildEvidence:
        """What was collected so far."""
        return BuildEvidence(tuple(self.errors), self.error_count, tuple(self.tail), self.line_count)

    def _is_error(self, line: str) -> bool:
        if _FAILED_TASKS.match(line):
            self._in_failed_tasks = True
            return True
        if self._in_failed_tasks and _TASK_ITEM.match(line):
            return True
        self._in_failed_tasks = False
        if _STACK_NOISE.match(line):
            return False
        if "." in line and _FILE_AND_LINE.search(line):
            return True
        lower = line.lower()
        return any(hint in lower for hint in _HINTS) and bool(_READS_AS_ERROR.search(line))

    def _add(self, line: str) -> None:
        if line in self._seen:
            return
        self.error_count += 1
        if len(self.errors) >= ERROR_LIMIT:
            return
        heading, self._heading = self._heading, None
        if heading is not None and not _FILE_AND_LINE.search(line) and len(self.errors) < ERROR_LIMIT - 1:
            self.errors.append(heading)  # ESLint names the file once, above its problems
            self.error_count += 1
        self.errors.append(line)
        self._seen.add(line)


def follow_logs(collector: OutputCollector, paths: list[str], root: str) -> None:
    """Read the task logs the output named ("full log: <file>", Nx's summary style) into `collector`.

    Only files inside `root`, at most `FOLLOWED_BYTES` of each: the path came from the build's output.
    """
    real_root = os.path.realpath(root)
    for path in paths[:FOLLOWED_LOGS]:
        target = os.path.realpath(os.path.join(root, path))
        if os.path.commonpath([real_root, target]) != real_root or not os.path.isfile(target):
            continue
        try:
            with open(target, "rb") as handle:
                data = handle.read(FOLLOWED_BYTES)
        except OSError:
            continue
        for line in data.decode("utf-8", "replace").splitlines():
            collector.feed_errors(line)


def logs_named(line: str) -> str | None:
    """The file a line names as a task's full log, if it does."""
    match = _FULL_LOG.search(clean(line))
    return match.group(1) if match else None


def collect(text: str) -> BuildEvidence:
    """Evidence from a finished output (tests, cached results)."""
    collector = OutputCollector()
    for line in text.splitlines():
        collector.feed(line)
    return collector.evidence()
