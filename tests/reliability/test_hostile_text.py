"""Hostile tasks.md text through the real CLI: bad bytes, huge lines, deep nesting, open fences, injection.

Each plan is committed into a repository and run through parse, lint,
assign, status, next, verify, complete and fail. Whatever the text: a
documented exit code, no traceback, nothing executed (no PWNED file
anywhere), complete changes nothing when a gate fails, and fail leaves a
plan with the same batches and tasks, batch 1 failed. NUL bytes (and so
UTF-16) are bad input (exit 2) for every verb, and the file is left as it
was; bytes that are not UTF-8 are read, and every write keeps them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from batchgate.model.reader import parse_tasks
from batchgate.model.types import Status
from tests.reliability.support import assert_clean, pwned_files
from tests.support.batchrepo import BatchRepo

HEAD = "# Development Tasks - T1\n\n"
INJECTION = "$(touch PWNED) `touch PWNED`; touch PWNED && touch PWNED | sh"
REGEX = "Batch 1.* (a|b) [^x]+ \\1 ${x} (?P<n>.*) \\"


def plan(title: str = "Core", task: str = "Types", path: str = "lib/a.py", body: str = "") -> str:
    """A one-batch plan with the given title, task title, file and extra body."""
    return (
        f"{HEAD}## Batch 1: {title} ⏸️ PENDING\n\n**Assigned To**: backend-developer\n**Dependencies**: None\n\n"
        f"### Task 1.1: {task} ⏸️ PENDING\n\n**File(s)**: `{path}` **[NEW]**\n{body}"
    )


BAD_BYTES = {
    "nul-byte": (plan() + "\x00\n").encode(),
    "utf16": plan().encode("utf-16"),
}
DAMAGED = b"\xff\xfe bad"
TEXT: dict[str, str | bytes] = {
    "invalid-utf8": plan().encode() + DAMAGED + b"\n",
    "invalid-utf8-in-the-title": plan(title="Core").encode().replace(b"Core", b"Co\xe2\x9cre" + DAMAGED),
    "title-10k-chars": plan(title="t" * 10_000),
    "task-title-10k-chars": plan(task="t" * 10_000),
    "path-10k-chars": plan(path="lib/" + "a" * 10_000 + ".py"),
    "prose-line-10k-chars": plan(body="\n" + "word " * 2_000 + "\n"),
    "field-10k-chars": plan(body="\n**Quality Requirements**: " + "q" * 10_000 + "\n"),
    "heading-of-10k-hashes": plan(body="\n" + "#" * 10_000 + " Batch 2: x\n"),
    "list-nested-200-deep": plan(body="\n" + "".join("  " * i + "- level\n" for i in range(200))),
    "list-nested-1000-deep": plan(body="\n" + "".join("  " * i + "- level\n" for i in range(1000))),
    "quote-nested-200-deep": plan(body="\n" + ">" * 200 + " deep\n"),
    "quote-and-list-nested-200": plan(body="\n" + "> - " * 200 + "deep\n"),
    "inline-bombs-10k": plan(body="\n" + "*_" * 5_000 + "\n\n" + "[" * 10_000 + "\n\n" + "<div>" * 2_000 + "\n"),
    "fence-unterminated-after": plan(body="\n```python\n## Batch 2: hidden ⏸️ PENDING\n"),
    "fence-unterminated-tilde": plan(body="\n~~~\n### Task 1.2: hidden\n"),
    "fence-opened-in-a-list": plan(body="\n- item\n  ```\n  ## Batch 2: hidden\n"),
    "injection-in-titles": plan(title=INJECTION, task=INJECTION),
    "regex-metacharacters-in-titles": plan(title=REGEX, task="Task (a|b) .* ^$"),
    "injection-in-path": plan(path="lib/$(touch PWNED).py"),
    "option-like-path": plan(path="--exec=touch PWNED"),
    "injection-in-commit-field": plan(body="\n**Git Commit**: `$(touch PWNED)` - $(touch PWNED)\n"),
    "control-characters": plan(title="a\x1b[31mred\x07\x08\x7f", task="\x1b]0;title\x07"),
    "bidi-and-zero-width": plan(title="\u202egnp.exe\u200b\ufeff", task="\u2066x\u2069"),
    "crlf-and-lone-cr": plan().replace("\n", "\r\n", 3).replace("\n\n", "\n\r"),
}
VERBS = ("parse", "lint", "verify", "complete", "fail")
PROMPTED = ("injection-in-titles", "regex-metacharacters-in-titles", "control-characters", "bidi-and-zero-width")
PROMPT_VERBS = ("parse", "lint", "assign", "status", "next", "verify", "complete", "fail")  # titles reach the prompt


def run_all(br: BatchRepo, verbs: tuple[str, ...] = VERBS) -> dict[str, int]:
    """Each verb once, in workflow order; the exit codes. Each run is checked (assert_clean)."""
    argv = {
        "parse": ("parse", str(br.plan_path), "--json"),
        "lint": ("lint", str(br.plan_path)),
        "assign": ("assign", "T1"),
        "status": ("status", "T1"),
        "next": ("next", "T1"),
        "verify": ("verify", "T1", "--batch", "1"),
        "complete": ("complete", "T1", "--batch", "1"),
        "fail": ("fail", "T1", "--batch", "1", "--reason", INJECTION + "\n```\n## Batch 9: x"),
    }
    codes = {}
    for verb in verbs:
        before = br.plan_path.read_bytes()
        result = br.cli(*argv[verb])
        assert_clean(result)
        codes[verb] = result.code
        if verb == "complete" or result.code != 0:
            assert br.plan_path.read_bytes() == before, f"{verb} exited {result.code} and changed tasks.md"
    return codes


def repo_with(tmp_path: Path, data: bytes) -> BatchRepo:
    """The plan `data` committed in a fresh repository (build gate off: the text is on trial, not the build)."""
    br = BatchRepo.create(tmp_path, config={"build": {"enabled": False}})
    br.plan_path.write_bytes(data)
    br.git.commit("docs: the plan")
    return br


@pytest.mark.parametrize("data", list(BAD_BYTES.values()), ids=list(BAD_BYTES))
def test_bad_bytes_are_bad_input_for_every_verb(tmp_path: Path, data: bytes) -> None:
    br = repo_with(tmp_path, data)
    assert run_all(br, PROMPT_VERBS) == dict.fromkeys(PROMPT_VERBS, 2)
    assert br.plan_path.read_bytes() == data


@pytest.mark.parametrize("name", list(TEXT))
def test_hostile_text_never_crashes_nor_runs(tmp_path: Path, name: str) -> None:
    text = TEXT[name]
    br = repo_with(tmp_path, text if isinstance(text, bytes) else text.encode())
    before = parse_tasks(br.plan_path.read_bytes(), str(br.plan_path), str(br.root))
    codes = run_all(br, PROMPT_VERBS if name in PROMPTED else VERBS)
    assert codes["parse"] == 0 and codes.get("status", 0) == 0 and codes["fail"] == 0, codes
    assert codes["verify"] == 1 and codes["complete"] == 1, codes  # nothing was committed for batch 1
    after = parse_tasks(br.plan_path.read_bytes(), str(br.plan_path), str(br.root))
    assert [(b.id, [t.id for t in b.tasks]) for b in after.batches] == [
        (b.id, [t.id for t in b.tasks]) for b in before.batches
    ]
    assert [t.id for t in after.tasks] == [t.id for t in before.tasks]
    assert after.batches[0].status == Status.FAILED
    assert pwned_files(tmp_path) == []
    if isinstance(text, bytes):  # the failure was written: the damaged bytes are still there
        assert DAMAGED in br.plan_path.read_bytes()


@pytest.mark.parametrize("batch_id", ["1.*", "(a|b)", "1|2", "$(touch PWNED)", "`id`", "-1", "1\n2"])
def test_hostile_batch_ids_on_the_command_line(br: BatchRepo, batch_id: str) -> None:
    for verb, code in (("verify", 2), ("complete", 2), ("assign", 1)):  # assign: a prerequisite is unmet
        result = br.cli(verb, "T1", "--batch", batch_id)
        assert_clean(result, code)
        assert "no batch" in result.stderr + result.stdout
    assert pwned_files(br.root.parent) == []
