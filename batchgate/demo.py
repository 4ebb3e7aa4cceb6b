"""The demo (README command 1): a throwaway repository and a tour of batchgate.

Grows with the product; today it reads and lints a sample plan.
"""

from __future__ import annotations

import os
import sys
import tempfile

from batchgate.model.lint import lint
from batchgate.model.reader import read_tasks
from batchgate.report.plan import findings_text, plan_text

SAMPLE = """# Development Tasks - TASK_DEMO

**Total Tasks**: 3 | **Total Batches**: 2 | **Status**: 0/2 batches complete

---

## Batch 1: Greeting library ⏸️ PENDING

**Assigned To**: backend-developer
**Dependencies**: None

### Task 1.1: Add the greeting function ⏸️ PENDING

**File(s)**: `lib/greet.py` **[NEW]**

### Task 1.2: Test the greeting ⏸️ PENDING

**File(s)**: `tests/test_greet.py` **[NEW]**

---

## Batch 2: Command line ⏸️ PENDING

**Assigned To**: backend-developer
**Dependencies**: Batch 1

### Task 2.1: Add the CLI entry point ⏸️ PENDING

**File(s)**: `lib/cli.py` **[NEW]**
"""


def main(argv: list[str]) -> int:
    """Write the sample plan into a throwaway folder; show what batchgate reads."""
    with tempfile.TemporaryDirectory(prefix="batchgate-demo-") as root:
        path = os.path.join(root, "task-tracking", "TASK_DEMO", "tasks.md")
        os.makedirs(os.path.dirname(path))
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(SAMPLE)
        doc = read_tasks(path)
        print("== batchgate parse")
        print(plan_text(doc))
        print("\n== batchgate lint")
        print(findings_text(path, lint(doc)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
