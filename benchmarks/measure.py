"""Measuring without fooling ourselves: medians of repeated runs, peaks in separate runs.

Timing and memory tracing are never mixed in one run: tracemalloc slows Python code several
times over, so a peak is measured in a run of its own.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Timing:
    median_s: float
    runs: int

    @property
    def median_ms(self) -> float:
        return self.median_s * 1000


def median_time(work: Callable[[], Any], *, runs: int, warmup: int = 1) -> Timing:
    for _ in range(warmup):
        work()
    samples = []
    for _ in range(runs):
        # What exists before a run is frozen: the collector walks only what the run makes, so
        # a figure does not depend on what else the benchmark holds (the raw write's prepared
        # cells, say), and ours and the raw limit run under the same conditions.
        gc.collect()
        gc.freeze()
        try:
            start = time.perf_counter()
            work()
            samples.append(time.perf_counter() - start)
        finally:
            gc.unfreeze()
    return Timing(statistics.median(samples), runs)


def peak_memory_mb(work: Callable[[], Any]) -> float:
    """Peak Python heap allocated while ``work`` runs, in MB (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak / 1_000_000


def ratio(value: float, limit: float) -> float:
    return value / limit if limit else float("nan")
