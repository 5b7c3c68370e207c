"""The score field of a 2D diffusion model over the plane, at one noise level.

The shipped eps-network read as a score (``core.sampling.karras``): in the variance-exploding view
``x~ = x_0 + sigma eps`` the score of the noised data ``p(x~; sigma) = p_data * N(0, sigma^2 I)`` is

    grad log p(x~; sigma) = -eps(x~, sigma) / sigma = (D(x~; sigma) - x~) / sigma^2     (Tweedie),

so one forward pass over a grid gives the field as arrows and, read as an x_0 predictor, the denoised
point ``D(x~; sigma)`` each grid point is pulled to. At large sigma the field is nearly
``-(x~ - mean) / sigma^2`` (one blob); as sigma falls it sharpens toward the data.

Arrow lengths are made readable here (``display_arrows``): the raw score spans orders of magnitude
(``~1 / sigma^2`` near the data at small sigma), so each arrow keeps its direction and gets a length
that grows with ``|score|`` and saturates at one grid cell.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.runtime import device
from core.sampling.karras import Denoiser

MIN_SIDE, MAX_SIDE = 5, 41  # arrows per side of the grid (bounded: one NFE on side^2 points)
FIELD_SIDE = 21  # the default grid


@dataclass(frozen=True)
class ScoreField:
    """The field at ``sigma`` on a ``side x side`` grid over ``[-extent, extent]^2`` (VE coordinates):
    ``at`` ``(k, 2)`` grid points, ``score`` ``(k, 2)`` raw scores, ``denoised`` ``(k, 2)`` the x_0 reading
    ``D(x~; sigma)``, ``arrows`` ``(k, 2)`` the display vectors (``display_arrows``)."""

    sigma: float
    side: int
    extent: float
    at: np.ndarray
    score: np.ndarray
    denoised: np.ndarray
    arrows: np.ndarray

    @property
    def cell(self) -> float:
        """Spacing of the grid."""
        return 2 * self.extent / (self.side - 1)


def grid(side: int, extent: float) -> np.ndarray:
    """``side^2`` points ``(k, 2)`` evenly over ``[-extent, extent]^2``, rows of constant y."""
    axis = np.linspace(-extent, extent, int(side))
    xx, yy = np.meshgrid(axis, axis)
    return np.stack([xx.ravel(), yy.ravel()], axis=1).astype(np.float32)


def display_arrows(score: np.ndarray, cell: float, fill: float = 0.85) -> np.ndarray:
    """Arrows ``(k, 2)`` along ``score`` ``(k, 2)`` with length ``fill * cell * tanh(|s| / median |s|)``:
    the direction exactly, the length monotone in ``|s|`` (a weak arrow is short, the median one about
    three quarters of a cell), never longer than ``fill`` of a cell so neighbours do not overlap."""
    s = np.asarray(score, dtype=np.float64)
    norms = np.linalg.norm(s, axis=1)
    scale = float(np.median(norms)) if len(norms) else 0.0
    if scale <= 0 or not np.isfinite(scale):
        return np.zeros_like(s)
    length = fill * cell * np.tanh(norms / scale)
    return s / np.maximum(norms, 1e-300)[:, None] * length[:, None]


@torch.no_grad()
def score_field(denoiser: Denoiser, sigma: float, side: int = FIELD_SIDE, extent: float = 4.5) -> ScoreField:
    """The score and the x_0 reading of ``denoiser`` at ``sigma`` on the grid (one network evaluation)."""
    at = grid(side, extent)
    x = torch.from_numpy(at).to(device.device(), device.dtype())
    denoised = denoiser(x, float(sigma))
    score = ((denoised - x) / (sigma * sigma)).double().cpu().numpy()
    cell = 2 * extent / (side - 1)
    return ScoreField(float(sigma), int(side), float(extent), at, score, denoised.cpu().numpy(),
                      display_arrows(score, cell))
