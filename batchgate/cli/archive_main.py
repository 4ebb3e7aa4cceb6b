"""`__main__` of batchgate.pyz, an installed copy's engine in one file (installer/archive.py packs it there).

    python batchgate.pyz cli ARGS...        the CLI (bin/batchgate, through hooks/run.sh)
    python batchgate.pyz hook EVENT_MODULE  a hook (hooks/run.sh)

Python compiles what it imports from an archive on every start and caches nothing: about 10 ms
on each hook. So inside a virtual environment (batchgate's, as hooks/run.sh starts it) the
archive is unpacked once into `<environment>/batchgate-engine/<build key>/` and imported from
there, bytecode cached as usual; the build key (the archive's zip comment, a digest of its
content) names a new folder for every build, so an upgrade never meets a stale copy. Without an
environment (`python3 -S` in a fresh clone) the archive itself is imported.

Never imported as `batchgate.cli.archive_main`: it must choose where `batchgate` comes from
before anything imports it. Standard library only.
"""

from __future__ import annotations

import os
import sys

HOOKS = ("subagent_stop", "stop", "pre_tool_use", "post_tool_use", "session_start")
KEY_PREFIX = b"batchgate-engine "
KEY_LENGTH = 32
_END_RECORD = 22  # zip end-of-central-directory record, followed by the comment


def build_key(archive: str) -> str | None:
    """The build key in the archive's zip comment, or None when it has none."""
    comment = len(KEY_PREFIX) + KEY_LENGTH
    try:
        with open(archive, "rb") as handle:
            handle.seek(-(_END_RECORD + comment), os.SEEK_END)
            tail = handle.read()
    except OSError:
        return None
    if not tail.startswith(b"PK\x05\x06") or tail[_END_RECORD - 2 : _END_RECORD] != comment.to_bytes(2, "little"):
        return None
    key = tail[_END_RECORD + len(KEY_PREFIX) :].decode("ascii", "replace")
    return key if all(c in "0123456789abcdef" for c in key) else None


def unpacked(archive: str, key: str) -> str | None:
    """The archive unpacked beside this environment (unpacking it now if needed); None if that cannot be."""
    target = os.path.join(sys.prefix, "batchgate-engine", key)
    if os.path.isdir(target):
        return target
    import shutil
    import tempfile
    import zipfile

    temp = None
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        temp = tempfile.mkdtemp(prefix=f".{key}-", dir=os.path.dirname(target))
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(temp)
        os.rename(temp, target)  # atomic: a concurrent start sees all of it or nothing
    except (OSError, zipfile.BadZipFile):  # another start won the rename, or nothing is writable here
        if temp:
            shutil.rmtree(temp, ignore_errors=True)
        return target if os.path.isdir(target) else None
    return target


def engine_path(archive: str) -> str:
    """Where to import the engine from: an unpacked copy inside a virtual environment, else the archive."""
    if sys.prefix == sys.base_prefix:
        return archive
    key = build_key(archive)
    return (unpacked(archive, key) if key else None) or archive


def main() -> None:
    """Dispatch `cli ARGS...` or `hook EVENT_MODULE`."""
    archive = os.path.dirname(os.path.abspath(__file__))
    home = os.path.dirname(archive)
    sys.path[0] = engine_path(archive)
    import batchgate.launcher

    batchgate.launcher.HOME = home
    args = sys.argv[1:]
    if len(args) == 2 and args[0] == "hook" and args[1] in HOOKS:
        hook = __import__(f"batchgate.hooks.{args[1]}", fromlist=["main"])
        hook.main(os.path.join(home, "hooks", f"{args[1]}.py"))
    elif args[:1] == ["cli"]:
        from batchgate.cli.launch import launch

        launch(home, os.path.join(home, "bin", "batchgate"), args[1:])
    else:
        print(f"usage: {sys.argv[0]} cli ARGS... | hook {{{','.join(HOOKS)}}}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
