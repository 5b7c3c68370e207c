"""Recipes of the shipped 2D chain-rule models: ``NAME -> train, measure, save`` (``python -m core.train NAME``).

- ``ar-2d-8gaussians-x1x2`` and ``ar-2d-8gaussians-x2x1``: a ``GridAR2D`` (``core.autoregressive.grid2d``) on
  FFJORD's 8gaussians discretized to the 48 x 48 grid over ``[-4.5, 4.5]^2``, in either order; measured by the
  held-out NLL (nats per point as a density on the plane) beside the true density's, each with its 95%
  interval, and the joint's total probability.

Each recipe is deterministic given its config's seed (about 10 s on one core).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, replace

from core.autoregressive.grid2d import GRID, ORDERS, grid_run, likelihood, model_joint
from core.autoregressive.request2d import SHIPPED_DATASET, shipped_name
from core.data.targets import make_target
from core.runtime import checkpoints
from core.train.loop import TrainConfig, fit

SHIPPED_CONFIG = TrainConfig(steps=4000, batch_size=2048, lr=1e-2, warmup=50, grad_clip=0.0, ema_decay=0.999, seed=0,
                             log_every=500)
POOL = 200_000  # training points drawn once


def recipe_grid(order: str) -> Callable[[], dict]:
    def run() -> dict:
        name, cfg, shape = shipped_name(order), SHIPPED_CONFIG, replace(GRID, order=order)
        target = make_target(SHIPPED_DATASET)
        tr = grid_run(target.draw(POOL, cfg.seed), target.extent, shape, cfg)
        ev = fit(tr, name)
        q = {"dataset": SHIPPED_DATASET, "order": order, "model": asdict(shape),
             "held_out": likelihood(tr.ema, target).as_dict(), "total_probability": float(model_joint(tr.ema).sum()),
             "train": {**asdict(cfg), "pool": POOL, "seconds": ev.seconds}}
        checkpoints.save(name, tr.ema, quality_figures=q)
        return q

    return run


RECIPES: dict[str, Callable[[], dict]] = {shipped_name(order): recipe_grid(order) for order in ORDERS}
