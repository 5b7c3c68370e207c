"""95% intervals for the quality figures: every figure a tab or benchmark shows carries one.

- ``mean_interval``: the mean of per-seed values and its Student-t interval (several seeds);
- ``wilson``: a share (class accuracy, high-quality share) and its Wilson score interval
  (Wilson 1927), which stays inside [0, 1] at shares near 1;
- ``normal_range``: the range ``mean +- 1.96 sd / sqrt(k)`` where a perfect model's mean over
  ``k`` runs lands, from ``sd``, the spread of single real-data draws (the floors' intervals).
"""
from __future__ import annotations

import numpy as np

Z95 = 1.959963984540054  # two-sided 95% normal quantile


def mean_interval(values) -> tuple[float, float, float]:
    """Mean of ``values`` (one per seed) and its 95% Student-t interval; one value gives ``(v, v, v)``."""
    v = np.asarray(values, dtype=np.float64)
    mean = float(v.mean())
    if len(v) < 2 or not np.isfinite(v).all():
        return mean, mean, mean
    import scipy.stats  # here, not at import: serving a page needs no SciPy

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


BOOTSTRAP = 200  # resamples of a bootstrap interval


def bootstrap(stat, n: int, resamples: int = BOOTSTRAP, seed: int = 0, strata=None) -> dict[str, tuple[float, float]]:
    """95% bootstrap intervals (Efron 1979) of figures computed from ``n`` items: the normal interval
    ``value +- 1.96 sd*`` around the figure on all items, ``sd*`` the spread over the resamples.

    Centred on the value rather than read off the resamples' percentiles because a resample repeats
    items, which biases figures such as a Fréchet distance, a pairwise diversity or a count of codes
    used (the percentiles of a Fréchet distance of 20 digits a class can miss the value altogether);
    the spread is what the resamples estimate well. ``stat(index)`` takes an index array ``(n,)`` into
    the items (drawn with replacement; within each stratum when ``strata`` ``(n,)`` labels are given,
    so a class-balanced set stays balanced) and returns ``{name: value}``; resamples are seeded, so the
    interval is the same on every run."""
    value = stat(np.arange(n))
    rng = np.random.default_rng(seed)
    groups = [np.arange(n)] if strata is None else [np.flatnonzero(np.asarray(strata) == g) for g in np.unique(strata)]
    draws: dict[str, list[float]] = {}
    for _ in range(resamples):
        index = np.concatenate([g[rng.integers(0, len(g), len(g))] for g in groups])
        for k, v in stat(index).items():
            draws.setdefault(k, []).append(float(v))
    return {k: normal_range(float(value[k]), float(np.std(v, ddof=1))) for k, v in draws.items()}


def per_item(key: str, values) -> dict[str, float]:
    """``with_interval`` of the mean of per-item ``values`` (test digits, held-out points) and its t interval."""
    return with_interval(key, *mean_interval(values))


def format_interval(figures: dict, key: str, digits: int = 3) -> str:
    """``"value [lo, hi]"`` of ``figures[key]`` with its 95% interval, or the value alone where none was recorded."""
    v = figures[key]
    if not isinstance(v, (int, float)) or f"{key}_lo" not in figures:
        return f"{v:.{digits}f}" if isinstance(v, float) else str(v)
    return f"{v:.{digits}f} [{figures[key + '_lo']:.{digits}f}, {figures[key + '_hi']:.{digits}f}]"
