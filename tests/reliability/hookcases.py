"""Hook input made to hurt: random bytes, mis-encoded and deeply nested JSON, payloads padded to a size.

Each builder takes one of the hooks' real payloads (or a random source)
and returns the bytes to put on stdin; test_hook_fuzz.py runs them.
"""

from __future__ import annotations

import json
import random
from typing import Any

JSONISH = b'{}[]":,\\ 0123456789.-eEtrufalsn\n\t' + b'"agent_type"' + b'"backend-developer"'


def random_bytes(rng: random.Random) -> bytes:
    size = rng.randrange(0, 400)
    if rng.random() < 0.5:
        return bytes(rng.randrange(256) for _ in range(size))
    pieces = [JSONISH[rng.randrange(len(JSONISH)) :][: rng.randrange(1, 20)] for _ in range(size // 8)]
    return b"".join(pieces)


def utf8_cases(payload: dict[str, Any]) -> dict[str, bytes]:
    raw = json.dumps(payload, ensure_ascii=False).encode()
    marker = b'"hook_event_name"'
    return {
        "ff-byte-in-a-field": raw.replace(marker, b'"\xff":1, ' + marker, 1),
        "ff-byte-in-agent-type": raw.replace(b'"backend-developer"', b'"backend-developer\xff"'),
        "lone-surrogate": raw.replace(marker, b'"\xed\xa0\x80":1, ' + marker, 1),
        "overlong-slash": raw.replace(marker, b'"\xc0\xaf":1, ' + marker, 1),
        "truncated-sequence-at-end": raw + b"\xe2\x9c",
        "latin-1-text": raw.replace(marker, '"café":1, '.encode("latin-1") + marker, 1),
        "utf-16-payload": json.dumps(payload).encode("utf-16"),
        "utf-8-bom": b"\xef\xbb\xbf" + raw,
    }


def nesting_cases(payload: dict[str, Any]) -> dict[str, bytes]:
    raw = json.dumps(payload).encode()
    return {
        "unclosed-100k-brackets": b"[" * 100_000,
        "closed-5000-deep-array": b"[" * 5_000 + b"]" * 5_000,
        "closed-5000-deep-object": b'{"a":' * 5_000 + b"1" + b"}" * 5_000,
        "real-payload-with-a-5000-deep-field": raw[:-1] + b', "x": ' + b"[" * 5_000 + b"]" * 5_000 + b"}",
        "real-payload-with-a-100-deep-field": raw[:-1] + b', "x": ' + b"[" * 100 + b"]" * 100 + b"}",
        "tool-input-5000-deep": raw[:-1] + b', "tool_input": ' + b'{"a":' * 5_000 + b"1" + b"}" * 5_000 + b"}",
    }


def padded(payload: dict[str, Any], size: int) -> bytes:
    """The payload with a padding field, `size` bytes in all."""
    empty = json.dumps({**payload, "padding": ""}).encode()
    data = json.dumps({**payload, "padding": "x" * (size - len(empty))}).encode()
    assert len(data) == size
    return data
