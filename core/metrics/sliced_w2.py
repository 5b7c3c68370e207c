"""Sliced Wasserstein-2 between point clouds, next to its noise floor.

Rabin et al. 2011; Bonneel et al. 2015: ``SW2(P, Q)^2 = E_theta W2^2(<P, theta>, <Q, theta>)``,
each 1D W2 computed exactly by sorting. The floor is SW2 between two independent real samples
of the same size (independent draws, see ``core.data.toy2d.sample_iid``): a perfect model lands
there, not at 0.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import torch

N_PROJECTIONS = 512  # random directions for sliced W2 above 2 dimensions
N_ANGLES_2D = 128  # evenly spaced directions for sliced W2 in 2D (the half circle, densely)
PROJECTION_SEED = 1234  # directions are fixed, so a metric value is a deterministic function of the samples


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


def w2_with_floor(samples, draw_real: Callable[[int, int], np.ndarray], seed: int = 0) -> dict[str, float]:
    """SW2 of ``samples`` against fresh real data, and its floor (real vs real, same size).

    ``draw_real(n, seed)`` draws ``n`` real points; two independent real sets are drawn (the
    reference and a second one for the floor), so the floor is real-vs-real at the same size.
    """
    ref, floor = reference_with_floor(len(samples), draw_real, seed)
    return w2_against(samples, ref, floor)


def reference_with_floor(n: int, draw_real: Callable[[int, int], np.ndarray], seed: int = 0) -> tuple[np.ndarray, float]:
    """A real reference sample of size ``n`` and the floor: SW2 between it and a second, independent one."""
    ref = draw_real(n, seed * 3 + 1)
    return ref, sliced_w2(draw_real(n, seed * 3 + 2), ref)


def w2_against(samples, ref: np.ndarray, floor: float) -> dict[str, float]:
    """SW2 of ``samples`` against a reference drawn by ``reference_with_floor``, with its floor and ratio."""
    value = sliced_w2(samples, ref)
    return {"w2": value, "floor": floor, "ratio": value / floor if floor > 0 else float("inf")}
