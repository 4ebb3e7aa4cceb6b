"""The build cache: keyed by (argv, tree state incl. uncommitted changes); an unchanged tree is never rebuilt."""

from __future__ import annotations

from batchgate.gates.base import Verdict
from tests.support.batchrepo import BatchRepo, gate, said


def test_an_unchanged_tree_is_not_rebuilt(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    assert br.verify().ok
    second = br.verify()
    assert second.ok
    assert "cached result" in said(gate(second, "build"))
    assert len(br.builds()) == 1, "the second verify ran the build again"


def test_an_uncommitted_change_rebuilds(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    assert br.verify().ok
    br.git.write("README.md", "# an uncommitted change\n")
    assert gate(br.verify(), "build").verdict == Verdict.PASSED
    assert len(br.builds()) == 2
    br.git.write("notes/new-file.txt", "an untracked file\n")
    br.verify()
    assert len(br.builds()) == 3
    br.verify()
    assert len(br.builds()) == 3, "the changed tree, unchanged since, is cached again"


def test_a_changed_command_rebuilds(br: BatchRepo) -> None:
    br.assign()
    br.honest_work()
    assert br.verify().ok
    assert br.cli("complete", br.task_id).code == 0  # the run's rules no longer apply once it ended
    br.write_config({"build": br.build_config("--again")})
    br.verify("1")
    assert [args for _, args in br.builds()] == ["", "--again"]


def test_a_failed_build_on_an_unchanged_tree_is_not_rerun(br: BatchRepo) -> None:
    br.configure_build(br.build_config())
    br.assign()
    br.do_task_work()
    br.git.write("lib/greet.py", "def broken(:\n")
    sha = br.commit_batch()
    br.mark_implemented()
    br.record_sha(sha[:7])
    first, second = br.verify(), br.verify()
    assert gate(first, "build").verdict == gate(second, "build").verdict == Verdict.FAILED
    assert len(br.builds()) == 1
    assert "syntaxerror" in said(gate(second, "build")), "the cached failure keeps its output"
