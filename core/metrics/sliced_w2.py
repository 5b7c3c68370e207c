"""Sliced Wasserstein-2 between point clouds, next to its noise floor.

Rabin et al. 2011; Bonneel et al. 2015: ``SW2(P, Q)^2 = E_theta W2^2(<P, theta>, <Q, theta>)``,
each 1D W2 computed exactly by sorting.

The floor is where a perfect model lands, not 0: SW2 between a real sample of the same size ``n``
and the same reference, averaged over ``FLOOR_DRAWS`` independent real samples (independent
draws, see ``core.data.toy2d.sample_iid``). At n = 2000 on moons one such draw has a spread of
about 30% of its mean (0.061 +- 0.019 over 30 draws), so a floor from a single pair of draws,
and a value from one seed, are noise-dominated: a model can sit at 0.7x "the floor" by chance.
Every figure therefore carries a 95% interval: the floor's from the spread of its draws, the
value's over seeds (``points_figure``), or, for a single run, the same real-data spread.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from core.metrics.intervals import mean_interval, normal_range, with_interval

N_PROJECTIONS = 512  # random directions for sliced W2 above 2 dimensions
N_ANGLES_2D = 128  # evenly spaced directions for sliced W2 in 2D (the half circle, densely)
PROJECTION_SEED = 1234  # directions are fixed, so a metric value is a deterministic function of the samples
FLOOR_DRAWS = 8  # independent real samples of size n whose SW2 to the reference make the floor
FLOOR_SEED = 50_000  # seeds of the floor's real draws (fixed, so cached draws are reused across requests)


def _directions(dim: int, n: int = N_PROJECTIONS, seed: int = PROJECTION_SEED) -> np.ndarray:
    """Unit directions ``(k, dim)``: in 2D, ``N_ANGLES_2D`` evenly spaced angles over [0, pi); else random."""
    if dim == 2:
        angles = np.arange(N_ANGLES_2D) * np.pi / N_ANGLES_2D
        return np.stack([np.cos(angles), np.sin(angles)], axis=1)
    theta = np.random.default_rng(seed).standard_normal((n, dim))
    return theta / np.linalg.norm(theta, axis=1, keepdims=True)


def _quantiles(proj: np.ndarray, m: int) -> np.ndarray:
    """Sorted projections ``(k, n)`` resampled at ``m`` mid-quantiles (equal sizes: the sorted values)."""
    proj = np.sort(proj, axis=1)
    n = proj.shape[1]
    if n == m:
        return proj
    q = (np.arange(m) + 0.5) / m * n - 0.5
    return np.stack([np.interp(q, np.arange(n), row) for row in proj])


def sliced_w2(x: np.ndarray | torch.Tensor, y: np.ndarray | torch.Tensor) -> float:
    """Sliced W2 between point clouds ``x`` ``(n, d)`` and ``y`` ``(m, d)``."""
    x = np.asarray(torch.as_tensor(x).detach().cpu(), dtype=np.float64)
    y = np.asarray(torch.as_tensor(y).detach().cpu(), dtype=np.float64)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        return float("inf")
    theta = _directions(x.shape[1])
    m = max(len(x), len(y))
    px, py = _quantiles(theta @ x.T, m), _quantiles(theta @ y.T, m)
    return float(np.sqrt(np.mean((px - py) ** 2)))


@dataclass(frozen=True)
class Floor:
    """SW2 of real samples of size ``n`` to a reference: ``mean`` and ``sd`` over ``draws`` real draws."""

    mean: float
    sd: float
    draws: int

    def __float__(self) -> float:
        return self.mean


def w2_with_floor(samples, draw_real: Callable[[int, int], np.ndarray], seed: int = 0) -> dict[str, float]:
    """SW2 of ``samples`` against a fresh real reference of the same size, with its floor (both with 95% intervals).

    ``draw_real(n, seed)`` draws ``n`` real points, independent across seeds.
    """
    ref, floor = reference_with_floor(len(samples), draw_real, seed)
    return w2_against(samples, ref, floor)


def reference_with_floor(n: int, draw_real: Callable[[int, int], np.ndarray], seed: int = 0) -> tuple[np.ndarray, Floor]:
    """A real reference sample of size ``n`` and the floor: SW2 between it and ``FLOOR_DRAWS`` further,
    independent real samples of size ``n`` (value and floor are computed alike, at the same size)."""
    ref = draw_real(n, seed * 3 + 1)
    values = [sliced_w2(draw_real(n, FLOOR_SEED + k), ref) for k in range(FLOOR_DRAWS)]
    return ref, Floor(float(np.mean(values)), float(np.std(values, ddof=1)), FLOOR_DRAWS)


def w2_against(samples, ref: np.ndarray, floor: Floor | float) -> dict[str, float]:
    """SW2 of ``samples`` against a reference drawn by ``reference_with_floor``, with its floor and ratio.

    Keys: ``w2``, ``floor``, ``ratio`` and the 95% ranges ``w2_lo/w2_hi`` (the value +- the sampling noise
    of one real sample at this size) and ``floor_lo/floor_hi`` (where one perfect model's run lands)."""
    floor = floor if isinstance(floor, Floor) else Floor(float(floor), 0.0, 1)
    return combine_runs([sliced_w2(samples, ref)], [floor])


def w2_over_seeds(sample: Callable[[int, int], np.ndarray], draw_real: Callable[[int, int], np.ndarray], n: int,
                  seeds) -> dict[str, float]:
    """SW2 of ``sample(n, seed)`` (a model's ``n`` points) against the real reference of each seed, with the
    floor, combined over ``seeds`` by ``combine_runs``."""
    values, floors = [], []
    for s in seeds:
        ref, floor = reference_with_floor(n, draw_real, s)
        values.append(sliced_w2(sample(n, s), ref))
        floors.append(floor)
    return combine_runs(values, floors)


def combine_runs(values: list[float], floors: list[Floor]) -> dict[str, float]:
    """Figures of ``k`` runs (one value and one floor per seed): the mean value with its Student-t interval
    (one run: +- the floor's single-draw spread), and the floor with the range a perfect model's mean
    over ``k`` runs lands in."""
    k = len(values)
    floor = float(np.mean([f.mean for f in floors]))
    sd = float(np.sqrt(np.mean([f.sd**2 for f in floors])))
    floor_lo, floor_hi = normal_range(floor, sd, k)
    if k > 1:
        value, lo, hi = mean_interval(values)
    else:
        value = float(values[0])
        lo, hi = normal_range(value, sd)
    return {**with_interval("w2", value, max(lo, 0.0), hi), **with_interval("floor", floor, max(floor_lo, 0.0), floor_hi),
            "ratio": value / floor if floor > 0 else float("inf"), "runs": k}
