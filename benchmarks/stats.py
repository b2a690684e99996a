"""Small helpers the benchmark scripts share: a percentile and a time in milliseconds."""

from __future__ import annotations

import statistics


def p90(values: list[float]) -> float:
    """The 90th percentile (the only value when there is one)."""
    return statistics.quantiles(values, n=10)[-1] if len(values) > 1 else values[0]


def ms(value: float) -> str:
    """Seconds as milliseconds, aligned for a table."""
    return f"{value * 1000:7.1f} ms"
