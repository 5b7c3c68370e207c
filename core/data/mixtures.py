"""Gaussian mixtures with countable modes (their coverage metric is ``core.metrics.coverage``).

Definitions (the mixtures of the Unrolled GAN and VEEGAN papers):

- ``ring``: 8 equal-weight Gaussians, centres ``R (cos a_k, sin a_k)`` with ``R = 2`` and
  ``a_k = np.linspace(0, 2 pi, 8, endpoint=False)``, isotropic std ``sigma = 0.02``
  (Metz et al. 2017, "Unrolled Generative Adversarial Networks").
- ``grid``: 25 equal-weight Gaussians, centres ``(-4 + 2i, -4 + 2j)`` for ``i, j`` in ``0..4``,
  isotropic std ``sigma = 0.05`` (Srivastava et al. 2017, "VEEGAN"; Lin et al. 2018, "PacGAN").
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
