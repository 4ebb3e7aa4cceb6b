"""Plans whose files lead out of the repository: nothing outside is opened, the files gate names the path.

Every case runs parse, lint, verify, complete and fail through the real CLI
with the folder beside the repository watched by inotify (watch.py): no
file there may be opened or read. verify exits 1 with the files gate failed
and naming the path, complete exits 1 and leaves tasks.md byte-identical,
fail exits 0, and the failure reason (`$(touch PWNED)` and friends) runs
nowhere.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.hostile import Case, make_repo, run_task_verbs, run_verbs
from tests.reliability.support import pwned_files
from tests.reliability.watch import available

CASES = {
    "dotdot": Case("../../outside/passwd"),
    "dotdot-after-a-folder": Case("lib/../../outside/passwd"),
    "dotdot-backslashes": Case("..\\..\\outside\\passwd"),
    "absolute-outside": Case("{outside}/passwd", expect=("cannot be placed",)),
    "absolute-etc-passwd": Case("/etc/passwd", expect=("cannot be placed",)),
    "home-tilde": Case("~/.ssh/id_rsa", expect=("home-folder",)),
    "home-tilde-user": Case("~root/.bashrc", expect=("home-folder",)),
    "windows-drive": Case("C:\\Windows\\System32\\config\\SAM", expect=("cannot be placed",)),
    "file-url": Case("file://{outside}/passwd", expect=("cannot be placed",)),
    "file-url-encoded-dotdot": Case("file:///%2e%2e/%2e%2e/etc/passwd", expect=("cannot be placed",)),
    "file-symlink-to-etc-passwd": Case(
        "lib/passwd.py", links={"lib/passwd.py": "/etc/passwd"}, expect=("/etc/passwd",)
    ),
    "file-symlink-outside": Case("lib/secret.py", links={"lib/secret.py": "{outside}/passwd"}),
    "dir-symlink-outside": Case("lib/passwd", links={"lib": "{outside}"}),
    "dir-symlink-outside-nx": Case("lib/passwd", links={"lib": "{outside}"}, nx=True),
    "relative-dir-symlink-up": Case("lib/up/passwd", links={"lib/up": "../../outside"}),
    "symlink-chain": Case("lib/a.py", links={"lib/a.py": "b.py", "lib/b.py": "{outside}/passwd"}),
    "symlink-into-dot-git": Case("lib/config", links={"lib/config": "../.git/config"}, expect=(".git",)),
    "dangling-symlink": Case("lib/gone.py", links={"lib/gone.py": "{outside}/no-such-file"}),
}
NEEDS_INOTIFY = pytest.mark.skipif(not available(), reason="inotify (Linux) is needed to prove nothing was opened")


@NEEDS_INOTIFY
@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_nothing_outside_is_read(tmp_path: Path, case: Case) -> None:
    br, outside = make_repo(tmp_path, case)
    outcome = run_verbs(br, outside)
    assert outcome.opened == set(), f"opened outside the repository: {outcome.opened}"
    codes = {verb: result.code for verb, result in outcome.results.items()}
    assert codes == {"parse": 0, "lint": codes["lint"], "verify": 1, "complete": 1, "fail": 0}
    assert codes["lint"] in (0, 1)
    files = outcome.gate("files")
    assert files["verdict"] == "failed"
    said = " ".join(files["evidence"])
    assert case.path.format(outside=outside).split("/")[0].split("\\")[0] in said or "lib/" in said, said
    assert any(word in said for word in case.expect), said
    assert outcome.after_complete == outcome.before, "complete changed tasks.md though a gate failed"
    assert pwned_files(tmp_path) == []


@NEEDS_INOTIFY
def test_a_project_json_leading_outside_is_not_read(tmp_path: Path) -> None:
    case = Case("app/main.py", files={"app/main.py": "x = 1\n"}, links={"app/project.json": "{outside}/project.json"})
    br, outside = make_repo(tmp_path, Case(case.path, case.links, case.files, nx=True))
    outcome = run_verbs(br, outside)
    assert outcome.opened == set(), f"opened outside the repository: {outcome.opened}"
    build = outcome.gate("build")
    assert build["verdict"] == "failed", build
    assert "app/project.json" in " ".join(build["evidence"]) and "outside" in " ".join(build["evidence"]), build
    assert "outside-project" not in str(outcome.report)


@NEEDS_INOTIFY
@pytest.mark.parametrize("link", ["the-file", "its-folder"])
def test_a_plan_that_links_out_is_refused(tmp_path: Path, link: str) -> None:
    br, outside = make_repo(tmp_path, Case("lib/a.py", files={"lib/a.py": "x = 1\n"}))
    (outside / "tasks.md").write_text("## Batch 1: out ⏸️ PENDING\n\n### Task 1.1: x\n\n**File(s)**: `lib/a.py`\n")
    if link == "the-file":
        br.plan_path.unlink()
        br.plan_path.symlink_to(outside / "tasks.md")
    else:
        folder = br.plan_path.parent
        (folder / "tasks.md").unlink()
        folder.rmdir()
        folder.symlink_to(outside, target_is_directory=True)
    assert run_task_verbs(br, outside) == {"verify": 2, "complete": 2, "fail": 2}
