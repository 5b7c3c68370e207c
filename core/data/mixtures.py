"""Gaussian mixtures with countable modes (their coverage metric is ``core.metrics.coverage``).

Definitions (the mixtures of the Unrolled GAN and VEEGAN papers):

- ``ring``: 8 equal-weight Gaussians, centres ``R (cos a_k, sin a_k)`` with ``R = 2`` and
  ``a_k = np.linspace(0, 2 pi, 8, endpoint=False)``, isotropic std ``sigma = 0.02``
  (Metz et al. 2017, "Unrolled Generative Adversarial Networks").
- ``grid``: 25 equal-weight Gaussians, centres ``(-4 + 2i, -4 + 2j)`` for ``i, j`` in ``0..4``,
  isotropic std ``sigma = 0.05`` (Srivastava et al. 2017, "VEEGAN"; Lin et al. 2018, "PacGAN").
- ``8gaussians`` (``EIGHT_GAUSSIANS``, not a GAN sandbox mixture): FFJORD's toy density (Grathwohl et al. 2019,
  ``lib/toy_data.py``), 8 equal-weight Gaussians with centres ``4 c / 1.414`` (``c`` on the unit circle at
  multiples of 45°) and std ``0.5 / 1.414``; ``core.data.toy2d.eight_gaussians`` draws it in FFJORD's order.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch


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

    def log_prob(self, x: np.ndarray | torch.Tensor) -> torch.Tensor:
        """The exact ``log p(x)`` ``(B,)`` at ``x`` ``(B, 2)``, in float64:
        ``logsumexp_k [-|x - c_k|^2 / (2 sigma^2) - log(2 pi sigma^2)] - log K``."""
        x = torch.as_tensor(x, dtype=torch.float64)
        centres = torch.as_tensor(self.centres, dtype=torch.float64)
        d2 = (x[:, None, :] - centres[None]).pow(2).sum(-1)
        log_comp = -0.5 * d2 / self.sigma**2 - math.log(2 * math.pi * self.sigma**2)
        return torch.logsumexp(log_comp, dim=1) - math.log(len(self.centres))


def ring_of_8(radius: float = 2.0, sigma: float = 0.02) -> Mixture:
    angles = np.linspace(0, 2 * np.pi, 8, endpoint=False)
    return Mixture("ring", radius * np.stack([np.cos(angles), np.sin(angles)], axis=1), sigma)


def grid_5x5(spacing: float = 2.0, sigma: float = 0.05) -> Mixture:
    axis = spacing * (np.arange(5) - 2.0)
    xx, yy = np.meshgrid(axis, axis, indexing="ij")
    return Mixture("grid", np.stack([xx.ravel(), yy.ravel()], axis=1), sigma)


_S = 1.0 / math.sqrt(2)
FFJORD_CENTRES = 4.0 * np.array([(1, 0), (-1, 0), (0, 1), (0, -1), (_S, _S), (_S, -_S), (-_S, _S), (-_S, -_S)])
FFJORD_STD, FFJORD_SCALE = 0.5, 1.414  # FFJORD draws centre + 0.5 N(0, I), then divides by 1.414

MIXTURES: dict[str, Mixture] = {"ring": ring_of_8(), "grid": grid_5x5()}  # the GAN sandbox's mixtures
EIGHT_GAUSSIANS = Mixture("8gaussians", FFJORD_CENTRES / FFJORD_SCALE, FFJORD_STD / FFJORD_SCALE)
