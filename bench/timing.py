"""Median wall time of whole processes and of callables (the machine is noisy: report ratios)."""

from __future__ import annotations

import statistics
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Process:
    """One command line as a user or Claude Code starts it: through the shell, with its stdin."""

    command: str
    cwd: Path
    env: dict[str, str]
    stdin: bytes = b""

    def seconds(self) -> float:
        """Wall time of one run (it must succeed, or the figure would measure an error)."""
        start = time.perf_counter()
        done = subprocess.run(
            ["sh", "-c", self.command], input=self.stdin, cwd=self.cwd, env=self.env, capture_output=True, check=False
        )
        elapsed = time.perf_counter() - start
        if done.returncode not in (0, 1):  # 1: a verdict (a failed gate, a block); anything else is a broken run
            out = (done.stdout + done.stderr).decode(errors="replace").strip()[-800:]
            raise RuntimeError(f"bench: `{self.command}` exited {done.returncode}:\n{out}")
        return elapsed


class Samples(list[float]):
    """Seconds of each run of one process, in the order of the rounds."""

    @property
    def median(self) -> float:
        """The median run."""
        return statistics.median(self)

    def ratio_to(self, base: Samples) -> float:
        """The median of the per-round ratios: each round's two runs shared the machine's load of that moment."""
        return statistics.median(ours / theirs for ours, theirs in zip(self, base, strict=True))


def interleaved(processes: Sequence[Process], runs: int) -> list[Samples]:
    """Each process run `runs` times in turns (A B A B ...), after one warm-up each."""
    for process in processes:
        process.seconds()
    samples = [Samples() for _ in processes]
    for _ in range(runs):
        for index, process in enumerate(processes):
            samples[index].append(process.seconds())
    return samples


def call_samples(function: Callable[[], object], runs: int = 5) -> list[float]:
    """Seconds of each call of `function` (after one warm-up call), sorted."""
    function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return sorted(samples)
