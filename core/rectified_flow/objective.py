"""The flow-matching objective on the straight path, as a loss object for ``core.train.loop.TrainRun``.

Convention (the whole topic keeps it): ``x_t = (1 - t) x_0 + t x_1`` for ``t`` in [0, 1], with
``x_0`` the data (``t = 0``) and ``x_1`` the noise ``eps`` or a sample of the source distribution
(``t = 1``); the target velocity is ``v = dx_t/dt = x_1 - x_0``, and sampling integrates
``dx/dt = v_theta(x, t)`` from ``t = 1`` down to ``t = 0``. diffusers' ``FlowMatchEulerDiscreteScheduler``
uses ``sigma`` with this meaning (``x = (1 - sigma) x_0 + sigma noise``) and timesteps ``1000 sigma``,
so the networks see ``TIME_SCALE * t`` (the range of the DDPM timesteps their embeddings were built for).

Loss (Liu et al. 2022, eq. 1; Lipman et al. 2022, conditional flow matching):
``E_{t ~ U[0,1]} || (x_1 - x_0) - v_theta(x_t, t) ||^2``. The coupling of ``(x_0, x_1)`` is:

- ``independent``: ``x_1`` drawn apart from ``x_0`` (1-rectified flow);
- ``ot``: the minibatch pairs are re-matched by an exact assignment minimising ``sum ||x_0 - x_1||^2``
  (OT-CFM, Tong et al. 2023; Pooladian et al. 2023), with ``scipy.optimize.linear_sum_assignment``;
- ``paired``: the batch already holds coupled pairs, ``(z_0, z_1)`` drawn by the previous flow (reflow).

Class labels, when the batch has them, are dropped to the null class with probability ``p_uncond``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from core.nn.unet_digits import NULL_CLASS, placeholder_states
from core.train.loop import TrainConfig

TIME_SCALE = 1000.0  # network time input = TIME_SCALE * t (FlowMatchEulerDiscreteScheduler's timesteps)
COUPLINGS = ("independent", "ot", "paired")

# predict(model, x_t, t in [0, 1] (B,), labels) -> v
PredictFn = Callable[..., torch.Tensor]


@dataclass(frozen=True)
class FlowTrainConfig(TrainConfig):
    coupling: str = "independent"  # how (x_0, x_1) are paired: independent, ot (minibatch OT) or paired (reflow)
    p_uncond: float = 0.0  # probability a label is dropped to the null class
    null_class: int = NULL_CLASS  # the null class index used when labels are dropped


def predict_points(model, x_t, t, labels=None):
    """``v`` of a 2D point model (``core.nn.mlp2d.TimeMLP``) at times ``t`` in [0, 1]."""
    return model(x_t, TIME_SCALE * t)


def predict_class_unet(model, x_t, t, labels):
    """``v`` of the class-conditional digits UNet at times ``t`` in [0, 1]."""
    states = placeholder_states(model, x_t.shape[0], x_t.device)
    return model(x_t, TIME_SCALE * t, states, class_labels=labels).sample


def ot_match(x0: torch.Tensor, x1: torch.Tensor) -> torch.Tensor:
    """Indices ``j`` such that ``(x0[i], x1[j[i]])`` is the minibatch's exact squared-Euclidean OT plan
    (a permutation: equal weights, equal sizes; Hungarian algorithm, O(B^3))."""
    a, b = x0.reshape(len(x0), -1).double(), x1.reshape(len(x1), -1).double()
    cost = torch.cdist(a, b).pow(2).cpu().numpy()
    from scipy.optimize import linear_sum_assignment  # here: importing core needs no SciPy

    rows, cols = linear_sum_assignment(cost)
    perm = np.empty_like(cols)
    perm[rows] = cols
    return torch.from_numpy(perm).to(x0.device)


class FlowMatchingObjective:
    """``|| (x_1 - x_0) - predict(model, x_t, t, labels) ||^2`` for a batch ``(x_0, labels or None, x_1 or None)``;
    ``x_1 = None`` draws Gaussian noise ``eps``."""

    def __init__(self, predict: PredictFn = predict_points, coupling: str = "independent", p_uncond: float = 0.0,
                 null_class: int = NULL_CLASS):
        if coupling not in COUPLINGS:
            raise ValueError(f"unknown coupling {coupling!r}; choose from {COUPLINGS}")
        self.predict, self.coupling = predict, coupling
        self.p_uncond, self.null_class = float(p_uncond), int(null_class)

    def __call__(self, model, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        x0, labels, x1 = (tuple(batch) + (None,))[:3]
        if x1 is None:
            x1 = torch.randn(x0.shape, generator=gen).to(x0.device)
        if self.coupling == "ot":
            x1 = x1[ot_match(x0, x1)]
        if labels is not None and self.p_uncond > 0:
            drop = torch.rand(labels.shape, generator=gen).to(labels.device) < self.p_uncond
            labels = torch.where(drop, torch.full_like(labels, self.null_class), labels)
        t = torch.rand(x0.shape[0], generator=gen).to(x0.device)
        tb = t.view(-1, *([1] * (x0.ndim - 1)))
        x_t = (1 - tb) * x0 + tb * x1
        return torch.nn.functional.mse_loss(self.predict(model, x_t, t, labels), x1 - x0)


def independent(data, source=None) -> Callable[[int, torch.Generator], tuple]:
    """``draw_batch`` for ``TrainRun``: ``(x_0, labels, x_1)`` with ``x_0`` (and labels) from the ``data`` pool and
    ``x_1`` from the ``source`` pool drawn apart (``None``: the objective draws Gaussian noise)."""

    def draw(batch_size: int, gen: torch.Generator) -> tuple:
        x0, *rest = data(batch_size, gen)
        labels = rest[0] if rest else None
        return x0, labels, None if source is None else source(batch_size, gen)[0]

    return draw
