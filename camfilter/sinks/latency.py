"""Latency summaries: percentiles of measured delays, in milliseconds."""

from __future__ import annotations

import math


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (q in 0..100)."""
    rank = max(math.ceil(q / 100 * len(sorted_values)), 1)
    return sorted_values[rank - 1]


def summary_ms(seconds: list[float]) -> dict:
    """{"n", "p50", "p90", "p99", "max"} in milliseconds; percentiles are null without samples."""
    values = sorted(seconds)
    if not values:
        return {"n": 0, "p50": None, "p90": None, "p99": None, "max": None}
    ms = {f"p{q}": round(percentile(values, q) * 1000, 1) for q in (50, 90, 99)}
    return {"n": len(values), **ms, "max": round(values[-1] * 1000, 1)}
