#!/usr/bin/env python3
"""How many randomly damaged corpus plans `batchgate parse FILE --json` reads (issue 14).

    python3 bench/damaged.py [--files N] [--seed S]

Each sample is one corpus file after one to three seeded random damages: a
byte flipped, the file cut short, a stray byte inserted, a line ending
swapped, a line duplicated or deleted. A sample is read when the command
exits 0 and prints JSON that validates against schemas/tasks.schema.json.
NUL bytes are refused as binary by design; the samples that hold one are
counted apart. The same seed gives the same samples.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("BATCHGATE_SHARED", ROOT.parent / "shared")) / "corpus" / "ptah-tasks"
KINDS = ("flip", "cut", "stray", "ending", "duplicate", "delete")


def damage(data: bytes, rng: random.Random, kind: str) -> bytes:
    """`data` after one damage of `kind`."""
    if kind in ("flip", "stray"):
        at = rng.randrange(len(data) + (kind == "stray")) if data else 0
        byte = bytes([rng.randrange(256)])  # 0 too: a NUL is refused as binary, counted apart
        return data[:at] + byte + data[at + (kind == "flip") :]
    if kind == "cut":
        return data[: rng.randrange(len(data) + 1)]
    lines = data.splitlines(keepends=True) or [b""]
    at = rng.randrange(len(lines))
    if kind == "ending":
        lines[at] = lines[at].rstrip(b"\r\n") + rng.choice([b"\r\n", b"\r", b"\n", b""])
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    else:
        del lines[at]
    return b"".join(lines)


def damaged(data: bytes, rng: random.Random) -> tuple[list[str], bytes]:
    """`data` after one to three random damages, and their kinds."""
    kinds = [rng.choice(KINDS) for _ in range(rng.randint(1, 3))]
    for kind in kinds:
        data = damage(data, rng, kind)
    return kinds, data


def samples(files: list[Path], count: int, seed: int) -> list[tuple[str, bytes]]:
    """`count` (description, bytes) damaged copies of `files`, in turn."""
    rng = random.Random(seed)
    out = []
    for index in range(count):
        path = files[index % len(files)]
        kinds, data = damaged(path.read_bytes(), rng)
        out.append((f"{path.name} ({', '.join(kinds)})", data))
    return out


def read_by_cli(data: bytes, folder: Path, validator: Any) -> str:
    """'read', 'refused-nul' or 'failed: …' for one damaged file."""
    target = folder / "tasks.md"
    target.write_bytes(data)
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "batchgate"), "parse", str(target), "--json"],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        if b"\x00" in data:
            return "refused-nul"
        return f"failed: exit {done.returncode}: {done.stderr.decode('utf-8', 'replace').strip()[:120]}"
    try:
        validator.validate(json.loads(done.stdout))
    except Exception as error:  # any invalid output is a failure to count
        return f"failed: invalid JSON output: {str(error)[:120]}"
    return "read"


def main() -> int:
    """Damage, parse, count."""
    import jsonschema

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"skipped: the shared corpus is absent ({CORPUS})")
        return 0
    schema = json.loads((ROOT / "schemas" / "tasks.schema.json").read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="batchgate-damaged-") as scratch:
        for name, data in samples(sorted(CORPUS.glob("*.md")), args.files, args.seed):
            outcome = read_by_cli(data, Path(scratch), validator)
            outcomes["read" if outcome == "read" else outcome.split(":")[0]] += 1
            if outcome.startswith("failed"):
                print(f"  {name}: {outcome}")
    total = args.files - outcomes["refused-nul"]
    print(f"read {outcomes['read']}/{args.files} ({100 * outcomes['read'] / args.files:.1f}%)", end="")
    print(f"; NUL refusals {outcomes['refused-nul']}; read of those without NUL {outcomes['read']}/{total}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
