"""Recipes of the shipped flows: ``NAME -> train, measure, save`` (``python -m core.train NAME``).

- ``flow-2d-8gaussians-{nice,realnvp,glow}``: one flow per architecture on FFJORD's 8gaussians, measured
  by held-out NLL beside the true density's NLL (the floor);
- ``flow-digits``: a RealNVP on uniformly dequantized 8x8 digits, measured in bits per dimension on the
  test split and by the shipped classifier's confidence in samples at temperature 0.7.

Each recipe is deterministic given its config's seed.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

import torch

from core.data.toy2d import sample_toy
from core.flows.density import held_out, likelihood
from core.flows.models import KINDS, FlowModel
from core.flows.objective import flow_run
from core.runtime import checkpoints, device
from core.train.loop import TrainConfig, TrainRun, fit

POINTS_CONFIG = TrainConfig(steps=4000, batch_size=512, lr=2e-3, warmup=100, ema_decay=0.999, seed=0, log_every=500)
POINTS_POOL = 200_000  # training points drawn once per 2D run


@dataclass(frozen=True)
class PointFlowConfig:
    num_layers: int = 8  # coupling layers (Glow: steps of actnorm + mixing + coupling)
    hidden: int = 64  # hidden width of each coupling network
    depth: int = 2  # hidden layers of each coupling network
    scale_bound: float = 3.0  # |s| <= bound in the affine couplings (soft clamp)


SHIPPED_LAYERS = {"nice": 8, "realnvp": 8, "glow": 4}  # layers (Glow: steps) of each shipped 2D flow


def point_flow(kind: str, seed: int, cfg: PointFlowConfig = PointFlowConfig()) -> FlowModel:
    """A fresh 2D flow of architecture ``kind``, initialised from ``seed``."""
    with device.seeded(seed):
        return FlowModel(kind=kind, dim=2, **asdict(cfg))


def points_run(kind: str, points, cfg: TrainConfig = POINTS_CONFIG,
               model_cfg: PointFlowConfig = PointFlowConfig()) -> TrainRun:
    """A fresh 2D flow training on ``points`` ``(P, 2)`` by maximum likelihood."""
    return flow_run(point_flow(kind, cfg.seed, model_cfg), torch.as_tensor(points), cfg)


def recipe_points(kind: str, dataset: str = "8gaussians") -> Callable[[], dict]:
    def run() -> dict:
        cfg, model_cfg = POINTS_CONFIG, PointFlowConfig(num_layers=SHIPPED_LAYERS[kind])
        tr = points_run(kind, sample_toy(dataset, POINTS_POOL, seed=cfg.seed), cfg, model_cfg)
        ev = fit(tr, f"flow-2d-{dataset}-{kind}")
        q = {"dataset": dataset, "kind": kind, "held_out": likelihood(tr.ema, held_out(dataset), dataset).as_dict(),
             "train": {**asdict(cfg), "seconds": ev.seconds}}
        checkpoints.save(f"flow-2d-{dataset}-{kind}", tr.ema, quality_figures=q)
        return q

    return run


def recipe_digits() -> dict:
    from core.flows.digits import DIGITS_CONFIG, bits_per_dim_and_confidence, digits_run

    tr = digits_run(DIGITS_CONFIG)
    ev = fit(tr, "flow-digits")
    q = {**bits_per_dim_and_confidence(tr.ema), "train": {**asdict(DIGITS_CONFIG), "seconds": ev.seconds}}
    checkpoints.save("flow-digits", tr.ema, quality_figures=q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {f"flow-2d-8gaussians-{kind}": recipe_points(kind) for kind in KINDS}
RECIPES["flow-digits"] = recipe_digits
