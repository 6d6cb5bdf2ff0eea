"""Measuring without fooling ourselves on a shared machine.

A figure and its baseline are measured in the same rounds, taking turns (baseline, figure,
baseline, figure …), so that whatever else the machine is doing weighs on both alike; each is
reported as the median of its rounds with their range, and their ratio is taken round by round
(a figure's round against its baseline's round just before it), then given as a median and range
too. The garbage collector runs as it does in production: it is never frozen; a collection is
made before each timed call, outside the timing, so that no call pays for the one before.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Spread:
    """The median and range of a figure over its rounds."""

    median: float
    low: float
    high: float
    rounds: int

    @classmethod
    def of(cls, values: list[float], digits: int = 2) -> Spread:
        return cls(
            round(statistics.median(values), digits),
            round(min(values), digits),
            round(max(values), digits),
            len(values),
        )

    def as_dict(self) -> dict[str, float]:
        return {"median": self.median, "min": self.low, "max": self.high, "rounds": self.rounds}


def shown(value: float) -> str:
    """A figure with as many digits as its size deserves: 12,345 · 123 · 12.3 · 1.23 · 0.012."""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.3g}"


def spread_text(spread: dict[str, float], unit: str = "") -> str:
    """``median (min–max)`` of a spread as the report holds it."""
    return f"{shown(spread['median'])}{unit} ({shown(spread['min'])}–{shown(spread['max'])})"


def in_turns(works: dict[str, Callable[[], Any]], *, rounds: int, warmup: int = 1) -> dict:
    """Seconds of each work in each round: every round runs every work once, in the order given.

    ``warmup`` rounds run first and are not kept (imports, caches, the first connection).
    """
    for _ in range(warmup):
        for work in works.values():
            work()
    seconds: dict[str, list[float]] = {name: [] for name in works}
    for _ in range(rounds):
        for name, work in works.items():
            gc.collect()
            start = time.perf_counter()
            work()
            seconds[name].append(time.perf_counter() - start)
    return seconds


def per_round(figure: list[float], baseline: list[float], *, digits: int = 2) -> Spread:
    """``figure / baseline`` in each round, as a median and range."""
    return Spread.of([f / b for f, b in zip(figure, baseline, strict=True)], digits)


def rates(count: int, seconds: list[float]) -> list[float]:
    """Rows (or cells) per second in each round."""
    return [count / s for s in seconds]


def milliseconds(seconds: list[float]) -> list[float]:
    return [s * 1000 for s in seconds]


@dataclass(frozen=True)
class Baseline:
    """What a figure is compared with, measured in the same rounds, and the ratio between them."""

    name: str
    value: Spread
    ratio: Spread  # the figure divided by this baseline, round by round

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value.as_dict(), "ratio": self.ratio.as_dict()}


@dataclass(frozen=True)
class Figure:
    """One measured figure with its baselines and what else describes it (rows, targets …)."""

    name: str
    unit: str
    value: Spread
    baselines: tuple[Baseline, ...]
    facts: dict[str, Any]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "unit": self.unit,
            "value": self.value.as_dict(),
            "baselines": [baseline.as_dict() for baseline in self.baselines],
            **self.facts,
        }

    def baseline(self, name: str) -> Baseline:
        return next(b for b in self.baselines if b.name == name)


def compared(
    name: str, unit: str, values: list[float], baselines: dict[str, list[float]], **facts: Any
) -> Figure:
    """A figure from its values in each round and its baselines' values in the same rounds."""
    return Figure(
        name,
        unit,
        Spread.of(values),
        tuple(
            Baseline(label, Spread.of(of_baseline), per_round(values, of_baseline))
            for label, of_baseline in baselines.items()
        ),
        facts,
    )
