"""Exact likelihood on the plane: held-out NLL beside the true density's own NLL, densities and
``log|det J|`` on a grid, and the invertibility error.

The true density of FFJORD's 8gaussians (``core.data.mixtures.EIGHT_GAUSSIANS``) is an equal mixture of
8 isotropic Gaussians with centres ``4 c / 1.414`` (``c`` on the unit circle at multiples of 45°) and
standard deviation ``0.5 / 1.414``. Its NLL on held-out points is the floor no model can beat (in
expectation it is the entropy); a model's NLL minus the floor estimates ``KL(p || p_model)`` in nats.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from core.data.mixtures import EIGHT_GAUSSIANS
from core.data.toy2d import sample_iid
from core.flows.models import FlowModel, standard_normal_log_prob
from core.metrics.intervals import mean_interval
from core.runtime import device

HELD_OUT = 5000  # held-out points the NLL is measured on
HELD_OUT_SEED = 12_345  # their seed (never a training seed)
GRID = 80  # grid points per side of the density and log|det J| heatmaps
TRUE_DENSITIES = ("8gaussians",)  # datasets whose true density is known here


def true_log_prob(dataset: str, x) -> torch.Tensor | None:
    """The true ``log p(x)`` ``(B,)`` of ``dataset`` where it is known here (8gaussians, the exact Gaussian
    mixture ``core.data.mixtures.EIGHT_GAUSSIANS``), else ``None``."""
    return EIGHT_GAUSSIANS.log_prob(x) if dataset == EIGHT_GAUSSIANS.name else None


@torch.no_grad()
def point_nll(model: FlowModel, x) -> np.ndarray:
    """NLL of each point (nats) of ``model`` on ``x`` ``(N, 2)``: ``(N,)``."""
    x = torch.as_tensor(x, dtype=torch.float32).to(device.device())
    return -torch.cat([model.log_prob(c) for c in x.split(4096)]).double().cpu().numpy()


def nll(model: FlowModel, x) -> float:
    """Mean NLL (nats per point) of ``model`` on ``x`` ``(N, 2)``."""
    return float(point_nll(model, x).mean())


@torch.no_grad()
def invertibility_error(model: FlowModel, x) -> float:
    """``max |f^{-1}(f(x)) - x|`` over ``x`` (float32)."""
    x = torch.as_tensor(x, dtype=torch.float32).to(device.device())
    z, _ = model(x)
    return float((model.inverse(z) - x).abs().max())


@dataclass(frozen=True)
class Likelihood:
    """Held-out NLL of a model (nats per point), the true density's NLL where known, and their gap, each
    with its 95% t interval over the points (``intervals``: ``{name: (lo, hi)}``; the gap's from the paired
    per-point differences, far tighter than the two NLLs' own)."""

    n: int
    nll: float
    floor: float | None
    invertibility: float
    intervals: dict = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        return None if self.floor is None else self.nll - self.floor

    def as_dict(self) -> dict:
        out = {"n": self.n, "nll": self.nll, "floor": self.floor, "gap": self.gap, "invertibility": self.invertibility}
        for k, (lo, hi) in self.intervals.items():
            out.update({f"{k}_lo": lo, f"{k}_hi": hi})
        return out


def held_out(dataset: str, n: int = HELD_OUT, seed: int = HELD_OUT_SEED) -> np.ndarray:
    """``n`` independent held-out draws of a toy density (``core.data.toy2d.sample_iid``)."""
    return sample_iid(dataset, n, seed)


def true_nll(dataset: str) -> float | None:
    """The true density's NLL on the held-out points of ``dataset`` (the floor), where the density is known."""
    true = true_log_prob(dataset, held_out(dataset)) if dataset in TRUE_DENSITIES else None
    return None if true is None else float(-true.mean())


def likelihood(model: FlowModel, points: np.ndarray, dataset: str | None = None) -> Likelihood:
    """The model's NLL on ``points``, the true density's NLL on the same points (if known) and the round-trip error."""
    true = true_log_prob(dataset, points) if dataset else None
    per_point = point_nll(model, points)
    intervals = {"nll": mean_interval(per_point)[1:]}
    floor = None
    if true is not None:
        true_nll_i = -true.double().numpy()
        floor = float(true_nll_i.mean())
        intervals.update(floor=mean_interval(true_nll_i)[1:], gap=mean_interval(per_point - true_nll_i)[1:])
    return Likelihood(len(points), float(per_point.mean()), floor, invertibility_error(model, points), intervals)


def grid_axis(extent: float, n: int = GRID) -> np.ndarray:
    return np.linspace(-extent, extent, n, dtype=np.float32)


def plane(extent: float, n: int = GRID) -> tuple[np.ndarray, torch.Tensor]:
    """The grid axis ``(n,)`` and its points ``(n * n, 2)`` row by row (rows are y)."""
    axis = grid_axis(extent, n)
    gx, gy = np.meshgrid(axis, axis)
    return axis, torch.from_numpy(np.stack([gx.ravel(), gy.ravel()], 1))


@torch.no_grad()
def density_grid(model: FlowModel, extent: float, n: int = GRID) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The axis, ``log p`` and ``log|det J|`` of the whole flow on an ``n x n`` grid over ``[-extent, extent]^2``
    (each ``(n, n)``, rows are y)."""
    axis, pts = plane(extent, n)
    z, logdet = model(pts.to(device.device()))
    log_p = standard_normal_log_prob(z) + logdet
    return axis, log_p.reshape(n, n).cpu().numpy(), logdet.reshape(n, n).cpu().numpy()
