"""Bytes to lines and back, keeping every byte the writer must not touch."""

from __future__ import annotations

import os
import re
import stat
from typing import BinaryIO

from batchgate.errors import InputError
from batchgate.model.types import SourceShape

MAX_BYTES = 8 * 1024 * 1024  # a plan this size is not a plan; refuse rather than crawl
BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|$)")
_ESCAPED = re.compile("[\udc80-\udcff]")
_MAX_ENCODING_WARNINGS = 20  # a file damaged all over says so once per line, up to here
_ESCAPED_TO_REPLACEMENT = {code: "\ufffd" for code in range(0xDC80, 0xDD00)}


def read_bytes(path: str) -> bytes:
    """The file's bytes, or an InputError that says what is wrong with it."""
    if os.path.isdir(path):
        raise InputError(f"{path} is a directory, not a tasks.md file", "pass the path of the tasks.md file itself")
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer; fstat then checks what was opened
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InputError(
            f"{path} does not exist", "check the path (task plans live in task-tracking/<TASK_ID>/tasks.md)"
        ) from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}", "check the file's permissions") from None
    with os.fdopen(fd, "rb") as handle:
        return _read_regular(path, handle)


def _read_regular(path: str, handle: BinaryIO) -> bytes:
    info = os.fstat(handle.fileno())
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would block or never end
        raise InputError(f"{path} is not a regular file", "pass the path of the tasks.md file itself")
    limit = f"batchgate reads plans up to {MAX_BYTES // (1024 * 1024)} MiB"
    if info.st_size > MAX_BYTES:
        raise InputError(f"{path} is {info.st_size / 1e6:.1f} MB; {limit}", "split the plan into smaller task files")
    try:
        data = handle.read(MAX_BYTES + 1)  # the file may have grown since fstat
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror}", "check the file's permissions") from None
    if len(data) > MAX_BYTES:
        raise InputError(f"{path} is over {MAX_BYTES // (1024 * 1024)} MiB; {limit}", "split the plan")
    return data


def decode(data: bytes, path: str) -> tuple[bool, str]:
    """(had a BOM, text) for text bytes; an InputError for binary (NUL bytes).

    Bytes that are not UTF-8 become lone surrogates (U+DC80-U+DCFF, Python's
    "surrogateescape"), one per byte, so that encoding the text back gives the
    very same bytes; `clean` turns them into U+FFFD for everything that reads.
    """
    if b"\x00" in data:
        line = data[: data.index(0)].count(b"\n") + 1
        raise InputError(
            f"{path} looks binary (it contains NUL bytes, the first on line {line})",
            "pass a Markdown tasks.md file saved as UTF-8 (a UTF-16 file is full of NUL bytes)",
        )
    bom = data.startswith(BOM)
    body = data[len(BOM) :] if bom else data
    return bom, body.decode("utf-8", "surrogateescape")


def clean(text: str) -> str:
    """`text` with each byte that was not UTF-8 shown as U+FFFD (same length: columns stay put)."""
    return text.translate(_ESCAPED_TO_REPLACEMENT)


def escaped_bytes(line: str) -> list[int]:
    """The bytes that were not UTF-8 on one raw line."""
    return [ord(char) - 0xDC00 for char in _ESCAPED.findall(line)]


def encoding_problems(raw_lines: tuple[str, ...]) -> list[tuple[int, str]]:
    """(0-based line, message) for each line holding bytes that are not UTF-8, naming them (at most 20 + 1)."""
    damaged = [(index, found) for index, line in enumerate(raw_lines) if (found := escaped_bytes(line))]
    problems = []
    for index, found in damaged[:_MAX_ENCODING_WARNINGS]:
        shown = " ".join(f"0x{byte:02x}" for byte in found[:8]) + (" …" if len(found) > 8 else "")
        what = f"byte {shown} is" if len(found) == 1 else f"{len(found)} bytes ({shown}) are"
        problems.append((index, f"{what} not UTF-8; read as U+FFFD, kept as written (re-save as UTF-8)"))
    if len(damaged) > _MAX_ENCODING_WARNINGS:
        more = f"{len(damaged) - _MAX_ENCODING_WARNINGS} more lines hold bytes that are not UTF-8"
        problems.append((damaged[_MAX_ENCODING_WARNINGS][0], more))
    return problems


def split_lines(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Lines and their endings; joining them back gives `text` exactly."""
    if "\r" not in text:  # the common case, without a regex
        plain = text.split("\n")
        return tuple(plain), tuple(["\n"] * (len(plain) - 1) + [""])
    lines: list[str] = []
    endings: list[str] = []
    for match in _LINE.finditer(text):
        content, ending = match.group(1), match.group(2)
        if not content and not ending:
            if match.start() == len(text) and (not lines or endings[-1]):
                lines.append("")
                endings.append("")
            break
        lines.append(content)
        endings.append(ending)
    return tuple(lines), tuple(endings)


def shape_of(data: bytes, path: str, repo_root: str | None) -> SourceShape:
    """Decode and split a file's bytes into the shape the reader and writer share."""
    bom, text = decode(data, path)
    if not text.isascii() and _ESCAPED.search(text):  # damaged bytes: the reader sees U+FFFD, the writer the bytes
        raw, endings = split_lines(text)
        return SourceShape(bom, tuple(clean(line) for line in raw), endings, repo_root, raw)
    lines, endings = split_lines(text)
    return SourceShape(bom=bom, lines=lines, endings=endings, repo_root=repo_root)


def render(shape: SourceShape, lines: list[str] | tuple[str, ...], endings: list[str] | tuple[str, ...]) -> bytes:
    """Lines and endings back to bytes, with the BOM if the file had one (escaped bytes as they were)."""
    body = "".join(line + ending for line, ending in zip(lines, endings, strict=True))
    return (BOM if shape.bom else b"") + body.encode("utf-8", "surrogateescape")


def normalized(shape: SourceShape) -> str:
    """The text as mistune sees it: every line ending a plain newline."""
    return "\n".join(shape.lines) + "\n"


def dominant_ending(shape: SourceShape) -> str:
    """The ending a newly inserted line gets: the file's own."""
    counts = {ending: shape.endings.count(ending) for ending in ("\n", "\r\n", "\r")}
    return max(counts, key=lambda ending: (counts[ending], ending == "\n"))  # ties: plain newline
