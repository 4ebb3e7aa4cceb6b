"""Build-evidence extraction is linear in the output: the cost per line at 10x the output, as a ratio."""

from __future__ import annotations

import statistics

from bench.timing import call_samples

Row = tuple[str, float, str, str]


def noisy_output(lines: int) -> str:
    """A build output: one TypeScript error in ten lines, the rest compiler chatter, one long line in 100."""
    rows = []
    for n in range(lines):
        if n % 10 == 0:
            rows.append(
                f"libs/api/src/file{n}.ts({n},14): error TS2322: Type 'string' is not assignable to type 'number'."
            )
        elif n % 100 == 1:
            rows.append("\x1b[2m" + "x" * 5000 + "\x1b[0m")
        else:
            rows.append(f"> nx run api:build  compiling module {n}")
    return "\n".join(rows) + "\n"


def build_output_rows() -> list[Row]:
    """collect() on 100,000 lines against 10 x collect() on 10,000 lines."""
    from batchgate.evidence.buildoutput import collect

    small, large = noisy_output(10_000), noisy_output(100_000)
    small_s = statistics.median(call_samples(lambda: collect(small), runs=5))
    large_s = statistics.median(call_samples(lambda: collect(large), runs=5))
    detail = f"{large_s * 1000:.0f} ms for 100,000 lines vs 10 x {small_s * 1000:.0f} ms for 10,000"
    return [("build error lines: 100,000 lines vs 10 x 10,000 (linear)", large_s / (10 * small_s), "≤ 1.30", detail)]
