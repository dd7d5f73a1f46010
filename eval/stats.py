"""Counts, metrics with direction and standard error, and bootstrap intervals.

Intervals resample documents, not items: items of one report are not independent
(one extractor habit repeats through a document), so the document is the unit.
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

SEED = 20261122  # fixed: the same run always gets the same interval
RESAMPLES = 1000
S = TypeVar("S")
Direction = Literal["higher", "lower"]


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and misses (false negatives)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float:
        # Nothing predicted: perfect only if there was nothing to find.
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else float(self.fn == 0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else float(self.fp == 0)

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 1.0


def total(counts: Sequence[Counts]) -> Counts:
    out = Counts()
    for c in counts:
        out = out + c
    return out


@dataclass(frozen=True)
class Metric:
    """A measured figure with its uncertainty, in the style of lm-evaluation-harness."""

    name: str
    value: float | None
    stderr: float | None = None
    low: float | None = None  # 95% bootstrap interval
    high: float | None = None
    n: int = 0  # documents (or pairs) it was measured on
    direction: Direction = "higher"

    def text(self, digits: int = 3) -> str:
        if self.value is None:
            return "–"
        if self.low is None or self.high is None:
            return f"{self.value:.{digits}f}"
        return f"{self.value:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "value": self.value,
            "stderr": self.stderr,
            "ci95": [self.low, self.high],
            "n": self.n,
            "direction": self.direction,
        }


def percentile(sorted_values: Sequence[float], q: float) -> float:
    """Linear-interpolated percentile of an already sorted list."""
    pos = (len(sorted_values) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (pos - lo)


def bootstrap(
    samples: Sequence[S],
    statistic: Callable[[Sequence[S]], float | None],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
) -> tuple[float | None, float | None, float | None]:
    """(standard error, 2.5th, 97.5th percentile) of `statistic` over resampled `samples`."""
    if len(samples) < 2:
        return None, None, None
    rng = random.Random(seed)
    values = []
    for _ in range(resamples):
        value = statistic(rng.choices(samples, k=len(samples)))
        if value is not None:
            values.append(value)
    if len(values) < 2:
        return None, None, None
    values.sort()
    return statistics.pstdev(values), percentile(values, 0.025), percentile(values, 0.975)


def measured(
    name: str,
    samples: Sequence[S],
    statistic: Callable[[Sequence[S]], float | None],
    direction: Direction = "higher",
) -> Metric:
    """A metric: the statistic on all samples, with its bootstrap error and interval."""
    stderr, low, high = bootstrap(samples, statistic)
    return Metric(name, statistic(samples), stderr, low, high, len(samples), direction)
