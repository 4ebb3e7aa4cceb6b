""".claude/batchgate.yaml: defaults when absent, every bad value named with its fix, malformed YAML located."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from batchgate.config import (
    DEFAULT_SUBJECT,
    CommitConfig,
    Config,
    config_from_rules,
    config_rules,
    load_config,
    parse_config,
)
from batchgate.errors import EXIT_USAGE, InputError
from tests.support.batchrepo import BatchRepo

BAD_VALUES = [
    # (yaml, the key the message names, words of the fix)
    ("build: {timeout_s: 0}", "build.timeout_s", "seconds before the build is killed"),
    ("build: {timeout_s: fast}", "build.timeout_s", "e.g. 900"),
    ("build: {timeout_s: 100000}", "build.timeout_s", "seconds"),
    ("build: {command: ''}", "build.command", "split like a shell"),
    ("build: {command: []}", "build.command", "list of arguments"),
    ("build: {command: [npx, 5]}", "build.command", "list of arguments"),
    ('build: {command: "npx \'nx build"}', "build.command", "balance its quotes"),
    ("build: {enabled: maybe}", "build.enabled", "true or false"),
    ("build: {projects: lerna}", "build.projects", '"nx"'),
    ("build: {projects: {}}", "build.projects", "map of path prefix to project name"),
    ("build: {projects: {'lib/': 'x; rm -rf /'}}", "build.projects", "map of path prefix to project name"),
    ("build: {projects: {'lib/': '--force'}}", "build.projects", "map of path prefix to project name"),
    ("build: {timeout: 5}", "build", "remove the unknown key under build; the known keys are: command"),
    ("build: 5", "build", "a mapping with command"),
    ("commit: {subject: ''}", "commit.subject", "regular expression"),
    ("commit: {subject: '(unclosed'}", "commit.subject", "fix the pattern"),
    ("commit: {max_per_batch: 0}", "commit.max_per_batch", "how many batch commits"),
    ("commit: {require_task_ids: sometimes}", "commit.require_task_ids", "true or false"),
    ("commit: [a]", "commit", "a mapping with subject"),
    ("retries: -1", "retries", "subagentstop blocks"),
    ("retries: 9", "retries", "at most 8"),
    ("retries: 2.5", "retries", "subagentstop blocks"),
    ("agents: {backend: backend-developer}", "agents.backend", "e.g. [backend-developer]"),
    ("agents: {frontend: ['bad name']}", "agents.frontend.0", "subagent names"),
    ("agents: {qa: [tester]}", "agents", "remove the unknown key under agents; the known keys are: backend, frontend"),
    ("bookkeeping: task-tracking/", "bookkeeping", "e.g. [task-tracking/]"),
    ("bookkeeping: ['']", "bookkeeping.0", "path prefixes"),
    ("protect: .claude/**", "protect", "a list of globs"),
    ("protect: ['']", "protect.0", "replacing the default"),
    ("scope: maybe", "scope", "note or fail"),
    ("unknown_key: 1", "unknown_key", "remove the unknown key; the known keys are: agents, bookkeeping, build"),
    ("- a\n- b", "(top level)", "write a mapping of keys"),
    ("42", "(top level)", "write a mapping of keys"),
]


@pytest.mark.parametrize(("text", "key", "fix"), BAD_VALUES, ids=[case[0] for case in BAD_VALUES])
def test_a_bad_value_names_the_key_and_the_fix(text: str, key: str, fix: str) -> None:
    with pytest.raises(InputError) as raised:
        parse_config(text.encode())
    error = raised.value
    assert error.exit_code == EXIT_USAGE
    assert key in error.message
    assert fix.lower() in error.fix.lower(), error.fix
    assert "see the readme" not in error.fix.lower(), "a generic fix is no fix"
    assert len(error.render().splitlines()) == 2


MALFORMED = [
    pytest.param("build: {command: [npx}\n", 1, 22, id="unclosed-flow-sequence"),
    pytest.param("build:\n  command: x\n   timeout_s: 3\n", 3, 13, id="bad-indentation"),
    pytest.param("retries: 3\nbuild: [\n", 3, 1, id="unexpected-end"),
    pytest.param("build:\n\tcommand: x\n", 2, 1, id="tab-indentation"),
]


@pytest.mark.parametrize(("text", "line", "column"), MALFORMED)
def test_malformed_yaml_gives_line_and_column(text: str, line: int, column: int) -> None:
    with pytest.raises(InputError) as raised:
        parse_config(text.encode())
    assert f"not valid YAML (line {line}, column {column})" in raised.value.message
    assert raised.value.exit_code == EXIT_USAGE and raised.value.fix


def test_a_file_that_is_not_utf8_is_bad_input() -> None:
    with pytest.raises(InputError) as raised:
        parse_config(b"build: {command: \xff\xfe}\n")
    assert "not UTF-8" in raised.value.message


@pytest.mark.parametrize(
    "text", ["", "# only a comment\n", "{}\n", "~\n"], ids=["empty", "comment", "empty-map", "null"]
)
def test_an_empty_file_means_every_default(text: str) -> None:
    config = parse_config(text.encode())
    assert (config.build, config.commit, config.retries) == (Config().build, Config().commit, 3)


def test_defaults_when_the_file_is_absent(tmp_path: Path) -> None:
    config = load_config(str(tmp_path))
    assert config.source is None
    assert config.build.command == ("npx", "nx", "build", "{project}")
    assert config.build.timeout_s == 900 and config.build.enabled is True
    assert config.build.projects == "nx"
    assert config.commit == CommitConfig(DEFAULT_SUBJECT, True, 1)
    assert DEFAULT_SUBJECT == r"^\w+(\([^)]*\))?!?: .*\bbatch {batch}\b"
    assert config.retries == 3
    assert config.backend_agents == ("backend-developer",)
    assert config.frontend_agents == ("frontend-developer",)
    assert config.bookkeeping == ("task-tracking/",)
    assert config.protect == (".claude/**",) and config.scope == "note"


@pytest.mark.parametrize(
    ("text", "protect", "scope"),
    [
        pytest.param("protect: []\n", (), "note", id="protect-nothing-configurable"),
        pytest.param(
            "protect: [nx.json, '**/project.json']\nscope: fail\n",
            ("nx.json", "**/project.json"),
            "fail",
            id="globs-and-scope",
        ),
    ],
)
def test_protect_and_scope_round_trip_through_the_recorded_rules(
    text: str, protect: tuple[str, ...], scope: str
) -> None:
    config = parse_config(text.encode())
    assert (config.protect, config.scope) == (protect, scope)
    rules = config_rules(config)
    assert rules["protect"] == list(protect) and rules["scope"] == scope
    assert config_from_rules(json.loads(json.dumps(rules)))._replace(source=None) == config._replace(source=None)


def test_values_given_are_used_and_the_rest_default() -> None:
    config = parse_config(b"build:\n  command: python3 -m build '{project}'\n  timeout_s: 2.5\nretries: 0\n")
    assert config.build.command == ("python3", "-m", "build", "{project}")
    assert config.build.timeout_s == 2.5 and config.retries == 0
    assert config.commit == CommitConfig() and config.bookkeeping == ("task-tracking/",)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("retries: 12\n", "retries: 12 is greater than the maximum of 8"),
        ("build: {command: [npx}\n", "not valid YAML (line 1, column 22)"),
    ],
    ids=["bad-value", "malformed"],
)
@pytest.mark.parametrize("verb", ["status", "verify", "assign"])
def test_the_cli_exits_2_on_a_bad_config(br: BatchRepo, text: str, says: str, verb: str) -> None:
    assert br.cli("status", br.task_id).code == 0  # the good config is validated (and remembered) first
    br.write_config(text)
    result = br.cli(verb, br.task_id)
    assert result.code == 2, result
    assert says in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[1].strip().startswith("fix:")
    assert result.stdout == ""
