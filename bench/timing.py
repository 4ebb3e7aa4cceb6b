"""Median wall time of commands and callables (the machine is noisy: report ratios)."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable


def command_seconds(
    argv: list[str], stdin: bytes = b"", runs: int = 15, cwd: str | None = None, env: dict[str, str] | None = None
) -> float:
    """Median seconds of running `argv` (after one warm-up run)."""
    subprocess.run(argv, input=stdin, capture_output=True, cwd=cwd, env=env, check=False)
    samples = [0.0]
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, input=stdin, capture_output=True, cwd=cwd, env=env, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples[1:] or samples)


def call_samples(function: Callable[[], object], runs: int = 5) -> list[float]:
    """Seconds of each call of `function` (after one warm-up call), sorted."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return sorted(samples)


def call_seconds(function: Callable[[], object], runs: int = 5) -> float:
    """Median seconds of calling `function`."""
    return statistics.median(call_samples(function, runs))
