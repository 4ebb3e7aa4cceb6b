#!/usr/bin/env python3
"""batchgate's benchmarks: what a user pays, as ratios to a baseline measured in the same run.

    python3 bench/run.py                    every figure (a few minutes; the first run also makes the
                                            baseline environment and batchgate's, with pip)
    python3 bench/run.py --only verify      one figure (repeat --only for more; --list names them)
    python3 bench/run.py --checkout DIR     measure another batchgate checkout (say, an older commit)

batchgate is installed with install.py into generated repositories and run
as whole processes, through the installed launcher and the hook commands of
settings.json. The machines are noisy, so nothing here passes or fails: it
prints a table for the README. Absolute times are for context only.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from batchgate.bootstrap import reexec_in_environment  # noqa: E402

reexec_in_environment(str(ROOT), [str(ROOT / "requirements.txt")], [str(Path(__file__).resolve()), *sys.argv[1:]])

from bench.scenarios import FIGURES, Lab, Row  # noqa: E402


def parse(argv: list[str]) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="bench/run.py", description="Measure batchgate as a user runs it.")
    parser.add_argument("--only", action="append", choices=sorted(FIGURES), metavar="NAME", help="run this figure")
    parser.add_argument("--list", action="store_true", help="name the figures and stop")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the batchgate checkout to install and measure")
    parser.add_argument("--runs", type=int, default=11, help="samples per process (default 11)")
    parser.add_argument("--keep", action="store_true", help="keep the generated repositories")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    """Measure and print the table."""
    args = parse(argv)
    if args.list:
        print("\n".join(f"{name:<14} {(FIGURES[name].__doc__ or '').strip()}" for name in FIGURES))
        return 0
    chosen = args.only or list(FIGURES)
    scratch = Path(tempfile.mkdtemp(prefix="batchgate-bench-"))
    os.environ["XDG_STATE_HOME"] = str(scratch / "state")  # batchgate's per-user records: not the real ones
    lab = Lab(args.checkout.resolve(), scratch, ROOT / ".cache" / "bench", args.runs)
    rows: list[Row] = []
    try:
        for name in chosen:
            print(f"bench: {name} ...", file=sys.stderr, flush=True)
            rows += FIGURES[name](lab)
    finally:
        if args.keep:
            print(f"bench: repositories kept in {scratch}", file=sys.stderr)
        else:
            import shutil

            shutil.rmtree(scratch, ignore_errors=True)
    print_table(rows)
    return 0


def print_table(rows: list[Row]) -> None:
    """A Markdown table the README can quote."""
    print("| measurement | ratio | target | detail |")
    print("|---|---|---|---|")
    for name, ratio, target, detail in rows:
        print(f"| {name} | {ratio:.2f} | {target} | {detail} |")


if __name__ == "__main__":
    # Measure as on a user's machine: Python caches compiled modules (.pyc).
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False
    sys.exit(main(sys.argv[1:]))
