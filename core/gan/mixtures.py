"""Gaussian mixtures for counting modes, and the mode-coverage metric.

Definitions (the mixtures of the Unrolled GAN and VEEGAN papers):

- ``ring``: 8 equal-weight Gaussians, centres ``R (cos a_k, sin a_k)`` with ``R = 2`` and
  ``a_k = np.linspace(0, 2 pi, 8, endpoint=False)``, isotropic std ``sigma = 0.02``
  (Metz et al. 2017, "Unrolled Generative Adversarial Networks").
- ``grid``: 25 equal-weight Gaussians, centres ``(-4 + 2i, -4 + 2j)`` for ``i, j`` in ``0..4``,
  isotropic std ``sigma = 0.05`` (Srivastava et al. 2017, "VEEGAN"; Lin et al. 2018, "PacGAN").

Coverage (VEEGAN, Section 5.1): a generated sample is *high quality* if it lies within
``3 sigma`` of its nearest centre; a mode is *covered* if it is the nearest centre of at least
one high-quality sample. Reported on 2,500 samples, as in VEEGAN.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

COVERAGE_SAMPLES = 2500  # generated samples the coverage figures are measured on (VEEGAN)
HQ_RADIUS = 3.0  # a sample is high quality within this many std of its nearest centre


@dataclass(frozen=True)
class Mixture:
    """An equal-weight isotropic Gaussian mixture: ``centres`` ``(K, 2)``, common std ``sigma``."""

    name: str
    centres: np.ndarray
    sigma: float

    def sample(self, n: int, seed: int | np.random.Generator = 0) -> np.ndarray:
        """``n`` points, float32 ``(n, 2)``: a uniformly chosen centre plus ``sigma`` Gaussian noise."""
        rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
        k = rng.integers(0, len(self.centres), int(n))
        return (self.centres[k] + self.sigma * rng.standard_normal((int(n), 2))).astype(np.float32)


def ring_of_8(radius: float = 2.0, sigma: float = 0.02) -> Mixture:
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    return Mixture("ring", radius * np.stack([np.cos(angles), np.sin(angles)], axis=1), sigma)


def grid_5x5(spacing: float = 2.0, sigma: float = 0.05) -> Mixture:
    axis = spacing * (np.arange(5) - 2.0)
    xx, yy = np.meshgrid(axis, axis, indexing="ij")
    return Mixture("grid", np.stack([xx.ravel(), yy.ravel()], axis=1), sigma)


MIXTURES: dict[str, Mixture] = {"ring": ring_of_8(), "grid": grid_5x5()}


def coverage(samples: np.ndarray | torch.Tensor, mixture: Mixture) -> dict[str, float]:
    """Mode coverage of ``samples`` ``(n, 2)``: ``modes`` covered (of ``num_modes``), ``hq`` share of
    high-quality samples in [0, 1], and ``per_mode`` counts of high-quality samples per centre."""
    x = np.asarray(torch.as_tensor(samples).detach().cpu(), dtype=np.float64)
    finite = np.isfinite(x).all(axis=1)
    d2 = ((x[:, None, :] - mixture.centres[None, :, :]) ** 2).sum(-1)
    d2[~finite] = np.inf
    nearest = d2.argmin(axis=1)
    hq = finite & (np.sqrt(d2[np.arange(len(x)), nearest]) <= HQ_RADIUS * mixture.sigma)
    per_mode = np.bincount(nearest[hq], minlength=len(mixture.centres))
    return {"modes": int((per_mode > 0).sum()), "num_modes": len(mixture.centres),
            "hq": float(hq.mean()) if len(x) else 0.0, "per_mode": per_mode.tolist()}
