"""Recipes of the shipped diffusion checkpoints: ``NAME -> train, measure, save``.

- ``ddpm-2d-<dataset>``: a ``TimeMLP`` eps-predictor per toy density;
- ``digits-unet``: the class-conditional digits UNet (null class dropped 10% of the time).

Each recipe is deterministic given its config's seed, so ``python -m core.train NAME``
reproduces ``checkpoints/NAME`` (up to floating-point differences across machines).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

import numpy as np

from core.data.digits import load_split
from core.data.pools import Pool
from core.data.toy2d import TOY_DATASETS, sample_toy
from core.diffusion.objective import DiffusionTrainConfig, diffusion_run, predict_class_unet
from core.diffusion.quality import digits_figures, points_figures
from core.diffusion.schedules import image_schedule, points_schedule
from core.nn.mlp2d import TimeMLP
from core.nn.unet_digits import NULL_CLASS, build_digits_unet
from core.runtime import checkpoints, device
from core.train.loop import TrainRun, fit

POINTS_CONFIG = DiffusionTrainConfig(steps=6000, batch_size=512, lr=2e-3, ema_decay=0.999, seed=0)
DIGITS_CONFIG = DiffusionTrainConfig(steps=6000, batch_size=128, lr=2e-3, ema_decay=0.999, p_uncond=0.1,
                                     null_class=NULL_CLASS, seed=0, log_every=200)
POINTS_POOL = 200_000  # real points drawn once per 2D training run; minibatches are resampled from it


@dataclass(frozen=True)
class PointModelConfig:
    hidden: int = 64  # hidden width: 64 matches 128 in quality (SW2/floor) at 3x the speed
    depth: int = 4  # residual hidden layers
    time_embed_dim: int = 64  # sinusoidal time-embedding width


def points_run(points: np.ndarray, cfg: DiffusionTrainConfig = POINTS_CONFIG,
               model_cfg: PointModelConfig = PointModelConfig()) -> TrainRun:
    """A fresh ``TimeMLP`` (initialised from ``cfg.seed``, global RNG untouched) training on ``points`` ``(P, 2)``."""
    with device.seeded(cfg.seed):
        model = TimeMLP(dim=2, **asdict(model_cfg))
    return diffusion_run(model, Pool(points, None), points_schedule(), cfg)


def recipe_points(dataset: str) -> Callable[[], dict]:
    def run() -> dict:
        cfg = POINTS_CONFIG
        tr = points_run(sample_toy(dataset, POINTS_POOL, seed=cfg.seed), cfg)
        ev = fit(tr, f"ddpm-2d-{dataset}")
        sched = points_schedule()
        q = {**points_figures(tr.ema, dataset, sched.config), "train": {**asdict(cfg), "seconds": ev.seconds}}
        checkpoints.save(f"ddpm-2d-{dataset}", tr.ema, sched, q)
        return q

    return run


def recipe_digits_unet(cfg: DiffusionTrainConfig = DIGITS_CONFIG) -> dict:
    split = load_split()
    with device.seeded(cfg.seed):
        unet = build_digits_unet()
    tr = diffusion_run(unet, Pool(split.x_train, split.y_train), image_schedule(), cfg, predict=predict_class_unet)
    ev = fit(tr, "digits-unet")
    sched = image_schedule()
    q = {**digits_figures(tr.ema, sched.config), "train": {**asdict(cfg), "seconds": ev.seconds}}
    checkpoints.save("digits-unet", tr.ema, sched, q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {f"ddpm-2d-{name}": recipe_points(name) for name in TOY_DATASETS}
RECIPES["digits-unet"] = recipe_digits_unet
