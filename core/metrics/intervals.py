"""95% intervals for the quality figures: every figure a tab or benchmark shows carries one.

- ``mean_interval``: the mean of per-seed values and its Student-t interval (several seeds);
- ``wilson``: a share (class accuracy, high-quality share) and its Wilson score interval
  (Wilson 1927), which stays inside [0, 1] at shares near 1;
- ``normal_range``: the range ``mean +- 1.96 sd / sqrt(k)`` where a perfect model's mean over
  ``k`` runs lands, from ``sd``, the spread of single real-data draws (the floors' intervals).
"""
from __future__ import annotations

import numpy as np
import scipy.stats

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def mean_interval(values) -> tuple[float, float, float]:
    """Mean of ``values`` (one per seed) and its 95% Student-t interval; one value gives ``(v, v, v)``."""
    v = np.asarray(values, dtype=np.float64)
    mean = float(v.mean())
    if len(v) < 2 or not np.isfinite(v).all():
        return mean, mean, mean
    half = float(scipy.stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v)))
    return mean, mean - half, mean + half


def wilson(successes: float, n: int) -> tuple[float, float, float]:
    """Share ``successes / n`` and its 95% Wilson score interval."""
    if n <= 0:
        return 0.0, 0.0, 1.0
    p = successes / n
    denom = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denom
    half = Z95 * np.sqrt(p * (1 - p) / n + Z95**2 / (4 * n * n)) / denom
    return float(p), float(max(0.0, centre - half)), float(min(1.0, centre + half))


def normal_range(mean: float, sd: float, k: int = 1) -> tuple[float, float]:
    """``mean +- 1.96 sd / sqrt(k)``: where the mean of ``k`` draws of spread ``sd`` lands 95% of the time."""
    half = Z95 * sd / np.sqrt(max(k, 1))
    return float(mean - half), float(mean + half)


def with_interval(key: str, value: float, lo: float, hi: float) -> dict[str, float]:
    """``{key: value, key_lo: lo, key_hi: hi}``: the naming every result dictionary uses."""
    return {key: float(value), f"{key}_lo": float(lo), f"{key}_hi": float(hi)}
