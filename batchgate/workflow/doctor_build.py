"""doctor's build-tool check: the build command's tool resolves in this repository, as the gate runs it.

The same check the build gate makes before every build (evidence/buildtool.py):
argv[0] is on PATH (or a file in the repository), and for `npx TOOL`, TOOL is
installed (node_modules/.bin), because npx is run so that it never installs.
"""

from __future__ import annotations

import shutil

from batchgate.evidence.buildtool import check_tool, never_installs
from batchgate.evidence.process import find_program
from batchgate.workflow.doctor import FAILED, OK, Check


def check_build_tool(root: str, command: list[str]) -> Check:
    """One check: found (with where and how it runs), or what is missing and how to install it."""
    problem = check_tool(command, root)
    if problem is not None:
        return Check("build tool", FAILED, problem.summary, problem.fix)
    where = find_program(command[0], root) or shutil.which(command[0]) or command[0]
    runs = " ".join(never_installs(command))
    return Check("build tool", OK, f"{command[0]} found at {where} (the build runs: {runs})")
