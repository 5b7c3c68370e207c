"""Recipes of the guidance topic's checkpoints (``python -m core.train NAME``):

- ``guidance-2d-ring``: ``ClassTimeMLP`` on the ring of 8 (each mode a class), null class 10% of the time;
- ``guidance-2d-classifier``: ``NoisyPointClassifier`` ``p(y | x_t, t)`` on the same ring and schedule;
- ``guidance-digits-classifier``: ``NoisyDigitClassifier`` ``p(y | x_t, t)`` on the digits' train split,
  with the digits UNet's noise schedule.

Each is initialised and trained from its config's seed; each trains in about a minute or two here.
"""
from __future__ import annotations

from dataclasses import asdict
from typing import Callable

import torch

from core.data.digits import load_split
from core.data.pools import Pool
from core.diffusion.objective import DiffusionTrainConfig, diffusion_run
from core.diffusion.schedules import image_schedule, points_schedule
from core.guidance.models import ClassTimeMLP, NoisyDigitClassifier, NoisyPointClassifier
from core.guidance.train import (
    RING,
    RING_CLASSES,
    NoisyClassifierObjective,
    labelled_points,
    noisy_accuracy,
    predict_class_points,
)
from core.runtime import checkpoints, device
from core.train.loop import TrainConfig, TrainRun, fit

POINTS_POOL = 100_000  # labelled ring points drawn once per run
RING_CONFIG = DiffusionTrainConfig(steps=3000, batch_size=256, lr=2e-3, ema_decay=0.999, p_uncond=0.1,
                                   null_class=RING_CLASSES, seed=0)
POINT_CLASSIFIER_CONFIG = TrainConfig(steps=2000, batch_size=512, lr=2e-3, ema_decay=0.995, seed=0)
DIGIT_CLASSIFIER_CONFIG = TrainConfig(steps=3000, batch_size=128, lr=2e-3, ema_decay=0.995, weight_decay=1e-4,
                                      seed=0, log_every=200)
NOISY_T = (0, 250, 500, 750)  # times at which the classifiers' accuracy is recorded


def _ring_pool(seed: int) -> Pool:
    x, y = labelled_points(RING, POINTS_POOL, seed)
    return Pool(x, y)


def recipe_ring_model(cfg: DiffusionTrainConfig = RING_CONFIG) -> dict:
    from core.guidance.quality import ring_figures

    with device.seeded(cfg.seed):
        model = ClassTimeMLP(num_classes=RING_CLASSES)
    run = diffusion_run(model, _ring_pool(cfg.seed), points_schedule(), cfg, predict=predict_class_points)
    ev = fit(run, "guidance-2d-ring")
    sched = points_schedule()
    q = {**ring_figures(run.ema, dict(sched.config)), "train": {**asdict(cfg), "seconds": ev.seconds}}
    checkpoints.save("guidance-2d-ring", run.ema, sched, q)
    return q


def _classifier(name: str, model, pool: Pool, sched, cfg: TrainConfig, x_test, y_test) -> dict:
    run = TrainRun(model, pool, NoisyClassifierObjective(sched), cfg)
    ev = fit(run, name)
    acc = {f"accuracy_t{t}": noisy_accuracy(run.ema, x_test, y_test, sched, t) for t in NOISY_T}
    q = {**acc, "train": {**asdict(cfg), "seconds": ev.seconds}}
    checkpoints.save(name, run.ema, sched, q)
    return q


def recipe_point_classifier(cfg: TrainConfig = POINT_CLASSIFIER_CONFIG) -> dict:
    with device.seeded(cfg.seed):
        model = NoisyPointClassifier(num_classes=RING_CLASSES)
    x, y = labelled_points(RING, 4000, cfg.seed + 1)
    return _classifier("guidance-2d-classifier", model, _ring_pool(cfg.seed), points_schedule(), cfg,
                       torch.from_numpy(x), torch.from_numpy(y))


def recipe_digit_classifier(cfg: TrainConfig = DIGIT_CLASSIFIER_CONFIG) -> dict:
    split = load_split()
    with device.seeded(cfg.seed):
        model = NoisyDigitClassifier()
    return _classifier("guidance-digits-classifier", model, Pool(split.x_train, split.y_train), image_schedule(),
                       cfg, split.x_test, split.y_test)


RECIPES: dict[str, Callable[[], dict]] = {
    "guidance-2d-ring": recipe_ring_model,
    "guidance-2d-classifier": recipe_point_classifier,
    "guidance-digits-classifier": recipe_digit_classifier,
}
