"""Timing for the benchmarks: the one place that runs a function several times and keeps a time.

Each benchmark puts this folder on ``sys.path`` and imports what it needs::

    from timing import median_time, timed, best, race
"""
from __future__ import annotations

import statistics
import time
from functools import partial


def timed(function, repeats: int) -> tuple[float, object]:
    """(median wall time of ``repeats`` calls in seconds, the last call's result)."""
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def median_time(function, repeats: int) -> float:
    """Median wall time of ``repeats`` calls, in seconds."""
    return timed(function, repeats)[0]


def race(repeat: int, *functions) -> list[tuple[float, object]]:
    """Time ``functions`` in turns (so they share the machine's load); for each return
    (fastest wall time of ``repeat`` runs, the last result)."""
    times: list[list[float]] = [[] for _ in functions]
    results: list[object] = [None] * len(functions)
    for _ in range(repeat):
        for k, function in enumerate(functions):
            start = time.perf_counter()
            results[k] = function()
            times[k].append(time.perf_counter() - start)
    return [(min(t), r) for t, r in zip(times, results)]


def best(repeat: int, function, *args) -> tuple[float, object]:
    """(fastest wall time of ``repeat`` runs, the last result)."""
    return race(repeat, partial(function, *args))[0]
