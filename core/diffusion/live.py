"""Live training of a 2D diffusion model for the diffusion tab, on the shared ``LiveSession``.

A ``LivePoints`` is what the tab keeps per user: a fresh ``TimeMLP`` training on one dataset's
points (a toy density or a drawing), its ``session`` (time-sliced, pause / step / resume, time
cap) and ``preview()``, DDIM samples of the current EMA model. ``model`` is a snapshot of the
EMA weights taken at the last frame, so sampling never reads weights that training is changing.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from core.data.targets import POINT_DATASETS, Target, make_target
from core.diffusion.objective import DiffusionTrainConfig
from core.diffusion.recipes import points_run
from core.diffusion.schedules import points_schedule
from core.runtime.validation import InvalidInput, check_int, check_seed
from core.sampling.generate import generate_points
from core.train.live import LiveSession

LIVE_POINTS_CONFIG = DiffusionTrainConfig(steps=3000, batch_size=512, lr=2e-3, ema_decay=0.995, log_every=50)
MIN_LIVE_STEPS, MAX_LIVE_STEPS = 100, 20_000  # range of training updates a live run accepts
STEP_UPDATES = 50  # updates one press of "step" makes
LIVE_POOL = 50_000  # real points drawn once per live run
PREVIEW_POINTS, PREVIEW_STEPS = 1000, 20  # the live preview: points, DDIM steps


class LivePoints:
    """One user's live 2D diffusion run on ``target`` for ``total`` updates, seeded by ``seed``."""

    def __init__(self, target: Target, total: int, seed: int):
        self.target, self.total, self.seed = target, total, seed
        cfg = replace(LIVE_POINTS_CONFIG, steps=total, seed=seed)
        self.run = points_run(target.draw(LIVE_POOL, seed), cfg)
        self.session = LiveSession(self.run)
        self.sched_cfg = points_schedule().config
        self.real = target.reference(PREVIEW_POINTS, 1)
        self.model = self.run.snapshot()
        self.steps: list[int] = []  # the loss curve: update index ...
        self.losses: list[float] = []  # ... and mean loss since the previous point

    @classmethod
    def continue_or_create(cls, live: Any, dataset: Any, drawing: Any, total: Any, seed: Any) -> "LivePoints":
        """``live`` if it trains on the same data with the same seed and has updates left, else a fresh run."""
        total = check_int("training updates", total, MIN_LIVE_STEPS, MAX_LIVE_STEPS)
        seed = check_seed(seed)
        target = make_target(dataset, drawing, POINT_DATASETS)
        if (isinstance(live, cls) and live.target.key == target.key and live.seed == seed
                and live.run.iteration < total):
            live.total = total
            return live
        return cls(target, total, seed)

    def record(self, iteration: int, loss: float, snapshot: bool = True) -> None:
        """Add a point to the loss curve and (if ``snapshot``) take a snapshot of the EMA model."""
        if snapshot:
            self.model = self.run.snapshot()
        if loss == loss:  # not NaN
            self.steps.append(iteration)
            self.losses.append(loss)

    def preview(self) -> np.ndarray:
        """``PREVIEW_POINTS`` DDIM samples ``(n, 2)`` of the last snapshot (``PREVIEW_STEPS`` steps, the run's seed)."""
        return generate_points(self.model, self.sched_cfg, PREVIEW_POINTS, PREVIEW_STEPS, "ddim", 0.0, self.seed).x.numpy()

    def model_for(self, target: Target):
        """The live model and its schedule, checked to be trained on ``target``'s data."""
        if self.target.key != target.key:
            raise InvalidInput(f"The live model was trained on '{self.target.name}', not '{target.name}' (or on "
                               "another drawing): train again, or switch the dataset back.")
        return self.model, self.sched_cfg


def live_model(live: Any, target: Target):
    """``live.model_for(target)``, or ``InvalidInput`` when no model has been trained live yet."""
    if not isinstance(live, LivePoints):
        raise InvalidInput(f"No model has been trained live on '{target.name}' yet: train one first "
                           "(or pick a shipped dataset).")
    return live.model_for(target)
