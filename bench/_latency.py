"""In-process latency of a repeated call: milliseconds per call and their p95."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

T = TypeVar("T")


def timings_ms(call: Callable[[T], object], args: Iterable[T]) -> list[float]:
    """Milliseconds of ``call(arg)`` for each of ``args`` in turn, sorted."""
    times = []
    for arg in args:
        began = time.perf_counter()
        call(arg)
        times.append(1000 * (time.perf_counter() - began))
    times.sort()
    return times


def p95(ordered: Sequence[float]) -> float:
    """The 95th percentile of the sorted ``ordered``: the value at index 0.95 n (the last
    one at most)."""
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
