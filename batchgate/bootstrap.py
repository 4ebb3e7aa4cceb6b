"""Find or create the Python environment batchgate runs in (standard library only).

The engine needs mistune, GitPython, PyYAML and jsonschema; they live in a virtual
environment that this module creates on first use. hooks/run.sh starts batchgate with that
environment's Python when it exists (one interpreter); its place follows what the batchgate
"home" is, and run.sh finds it by the same rules:

- `$BATCHGATE_VENV` if set;
- a clone of batchgate (pyproject.toml and .git in the home): `<home>/.venv`;
- an installed copy (`REPO/.claude/batchgate`, the engine in batchgate.pyz):
  `<git common dir>/batchgate/venv`, so it is per clone, never committed, and shared by
  linked worktrees;
- anything else, a plugin above all (whose folder is Claude Code's copy, replaced on every
  update): `$XDG_DATA_HOME/batchgate/venv`, per user.
"""

from __future__ import annotations

import os
import sys

from batchgate.errors import CouldNotCheck
from batchgate.evidence.gitdir import common_dir, git_dir
from batchgate.launcher import ARCHIVE, is_checkout
from batchgate.userdirs import user_data_dir

DEPENDENCIES = ("mistune", "git", "yaml", "jsonschema")
_REEXEC_FLAG = "BATCHGATE_REEXEC"


def has_dependencies() -> bool:
    """True when this interpreter can import everything the engine needs."""
    import importlib.util  # not on the usual path: run.sh starts the environment's own Python

    return all(importlib.util.find_spec(name) is not None for name in DEPENDENCIES)


def environment_dir(home: str) -> str:
    """Where the virtual environment for the batchgate at `home` lives (hooks/run.sh mirrors this)."""
    override = os.environ.get("BATCHGATE_VENV")
    if override:
        return override
    if is_checkout(home):
        return os.path.join(home, ".venv")
    # install.py's copy: its archive, or (while install.py creates the environment first) its place in the repo
    installed = os.path.isfile(os.path.join(home, ARCHIVE)) or _is_install_dir(home)
    repo = os.path.normpath(os.path.join(os.path.abspath(home), "..", ".."))  # by name: home may not exist yet
    if installed and os.path.exists(os.path.join(repo, ".git")):
        gitdir = git_dir(repo)
        if gitdir:
            return os.path.join(common_dir(gitdir), "batchgate", "venv")
    return os.path.join(user_data_dir(), "venv")


def _is_install_dir(home: str) -> bool:
    """`REPO/.claude/batchgate`: where install.py puts batchgate (a plugin's copy lives elsewhere)."""
    parts = os.path.normpath(os.path.abspath(home)).split(os.sep)
    return parts[-2:] == [".claude", "batchgate"]


def environment_python(env: str) -> str:
    """The interpreter inside a virtual environment."""
    if os.name == "nt":  # pragma: no cover
        return os.path.join(env, "Scripts", "python.exe")
    return os.path.join(env, "bin", "python")


def ready_python(home: str, requirements: list[str]) -> str | None:
    """The environment's interpreter if it exists and matches `requirements`."""
    env = environment_dir(home)
    python = environment_python(env)
    installed = set(_read(_stamp_path(env)).split())
    if os.path.exists(python) and all(_stamp(path) in installed for path in requirements):
        return python
    return None


def ensure_environment(home: str, requirements: list[str], announce: bool = True) -> str:
    """Create (or refresh) the environment; return its interpreter."""
    env = environment_dir(home)
    python = ready_python(home, requirements)
    if python:
        return python
    from batchgate.fsutil import atomic_write, file_lock  # only when there is something to set up (tempfile: ~10 ms)

    with file_lock(env.rstrip(os.sep) + ".lock"):
        python = ready_python(home, requirements)
        if python:
            return python
        if announce:
            print(f"batchgate: setting up its Python environment in {env} (first run only)", file=sys.stderr)
        python = environment_python(env)
        if not os.path.exists(python):
            _run(
                [sys.executable, "-m", "venv", env],
                "python3 -m venv failed",
                "install the venv module (Debian/Ubuntu: apt install python3-venv), then run again",
            )
        command = [python, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
        for path in requirements:
            command += ["-r", path]
        _run(
            command,
            "could not install batchgate's dependencies",
            "check access to the package index (pip), then run again",
        )
        installed = set(_read(_stamp_path(env)).split()) | {_stamp(path) for path in requirements}
        atomic_write(_stamp_path(env), "\n".join(sorted(installed)).encode())
    return python


def reexec_in_environment(home: str, requirements: list[str], argv: list[str]) -> None:
    """Make sure the engine's dependencies import here; else create the environment and re-run `argv` in it.

    Started by hooks/run.sh inside the environment (the usual case), this only checks that the
    environment still matches `requirements` (refreshing it if not): no second interpreter.
    """
    env = environment_dir(home)
    if os.path.realpath(sys.prefix) == os.path.realpath(env):
        ensure_environment(home, requirements)
        return
    if has_dependencies():
        return
    if os.environ.get(_REEXEC_FLAG):
        raise CouldNotCheck(
            f"the environment at {env} lacks batchgate's dependencies",
            f"delete that folder and run again, or pip install -r {requirements[0]}",
        )
    python = ensure_environment(home, requirements)
    os.environ[_REEXEC_FLAG] = "1"
    os.execv(python, [python, *argv])


def _run(command: list[str], what: str, fix: str) -> None:
    import subprocess

    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=False)
    except OSError as error:
        raise CouldNotCheck(f"{what}: {error}", fix) from None
    if done.returncode != 0:
        tail = done.stdout.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise CouldNotCheck(f"{what} (exit {done.returncode}): {' / '.join(tail)}", fix)


def _stamp(requirements_file: str) -> str:
    """One requirements file, as installed for this Python: a set of these marks a ready environment.

    A change detector, not a seal: CRC-32 and the length (zlib is loaded already; hashlib costs ~8 ms to import).
    """
    import zlib

    data = sys.version.encode() + _read(requirements_file).encode()
    return f"crc32-{zlib.crc32(data):08x}-{len(data)}"


def _stamp_path(env: str) -> str:
    return os.path.join(env, "batchgate-requirements.stamp")


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as handle:
            return handle.read()
    except OSError:
        return ""
