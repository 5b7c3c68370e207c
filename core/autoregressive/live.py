"""Live training of the 2D chain-rule model for the autoregressive tab: a ``core.train.live.LiveRun``.

A ``LiveGridAR`` is what the tab keeps per user: a fresh ``GridAR2D`` (``core.autoregressive.grid2d``) of the
chosen order, grid side and width training by maximum likelihood on one dataset (a toy density or a drawing)
discretized to its grid, its session (time-sliced, pause / step / resume / time cap: the base's), the NLL curve
(nats per point as a density on the plane, the same units as the true density's NLL) and ``model``, the
snapshot taken at the last frame, which ``preview()`` and the 2D requests read.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from core.autoregressive.grid2d import (
    BINS,
    GRID,
    HIDDEN,
    ORDERS,
    GridAR2D,
    GridConfig,
    centres,
    grid_run,
    held_out_points,
    model_log_joint,
    table_nll,
    true_nll,
)
from core.data.targets import POINT_DATASETS, Target, make_target
from core.runtime.validation import check_choice, check_int, check_seed
from core.train.live import LIVE, LiveRun
from core.train.loop import TrainConfig

# A table-sized update (GridNLL's cost does not grow with the batch): large batches, a high rate, no EMA.
LIVE_CONFIG = TrainConfig(steps=2000, batch_size=1024, lr=1e-2, warmup=20, grad_clip=0.0, ema_decay=0.0,
                          log_every=100)


@dataclass(frozen=True)
class GridPreview:
    """One frame of the live view: the joint on the grid and the held-out NLL beside the true density's."""

    axis: np.ndarray  # (K,) the cells' centres on either axis
    joint: np.ndarray  # (K, K) float32, P(x1 in cell i, x2 in cell j) at [j, i] (rows are x2)
    total: float  # the joint's sum (1 up to float rounding)
    nll: float  # held-out NLL, nats per point as a density on the plane
    floor: float | None  # the true density's NLL on the same points (8gaussians), else None


class LiveGridAR(LiveRun):
    """One user's live 2D chain-rule model: ``order``, ``bins`` cells a side and width ``hidden`` on ``target``
    for ``total`` updates, from ``seed``."""

    config = replace(LIVE, interval=0.15)  # a frame's worth of training: 0.15 s

    def __init__(self, target: Target, order: str, bins: int, hidden: int, total: int, seed: int):
        self.target, self.order, self.bins, self.hidden = target, order, bins, hidden
        self.total, self.seed = total, seed
        shape = GridConfig(bins=bins, hidden=hidden, order=order)
        run = grid_run(target.draw(self.config.pool, seed), target.extent, shape,
                       replace(LIVE_CONFIG, steps=total, seed=seed))
        self.held_out = held_out_points(target)  # the points the preview's NLL is measured on
        self.floor = true_nll(target, self.held_out)  # the true density's NLL on them, where known
        self.start(run, self.key_of(target=target, order=order, bins=bins, hidden=hidden, seed=seed))

    @classmethod
    def check(cls, dataset: Any, drawing: Any, order: Any = GRID.order, bins: Any = GRID.bins,
              hidden: Any = GRID.hidden, total: Any = LIVE_CONFIG.steps, seed: Any = 0) -> dict[str, Any]:
        order = check_choice("order", order, ORDERS)
        bins, hidden = BINS.check(bins), HIDDEN.check(hidden)
        total = check_int("training updates", total, LIVE.min_updates, LIVE.max_updates)
        seed = check_seed(seed)
        return {"target": make_target(dataset, drawing, POINT_DATASETS), "order": order, "bins": bins,
                "hidden": hidden, "total": total, "seed": seed}

    def preview(self) -> GridPreview:
        """The last snapshot's joint on its grid (``K x K`` float32, at most 96 x 96), its sum and held-out NLL."""
        log_joint = model_log_joint(self.model)
        joint = np.exp(log_joint)
        nll = float(table_nll(log_joint, self.held_out, self.target.extent).mean())
        return GridPreview(centres(self.target.extent, self.bins), joint.astype(np.float32), float(joint.sum()), nll,
                           self.floor)

    def served(self) -> GridAR2D:
        return self.model


live_model = LiveGridAR.live_model  # what the request paths call: the live model, or a clear error
