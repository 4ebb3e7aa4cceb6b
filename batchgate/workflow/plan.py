"""Reading and linting one tasks.md, for `parse` and `lint`."""

from __future__ import annotations

from typing import NamedTuple

from batchgate.model.reader import read_tasks
from batchgate.model.types import Finding, TasksDoc


class LintResult(NamedTuple):
    """A document and its problems."""

    doc: TasksDoc
    findings: list[Finding]

    @property
    def ok(self) -> bool:
        """No errors (warnings allowed)."""
        from batchgate.model.lint import has_errors

        return not has_errors(self.findings)


def read_plan(path: str) -> TasksDoc:
    """Parse the tasks.md at `path` (repository found from its location)."""
    return read_tasks(path)


def lint_plan(path: str) -> LintResult:
    """Parse and lint the tasks.md at `path` (the linter loads only here: `parse` does without it)."""
    from batchgate.model.lint import lint

    doc = read_tasks(path)
    return LintResult(doc, lint(doc))
