"""Live training of a 2D diffusion model for the diffusion tab: a ``core.train.live.LiveRun``.

A ``LiveDiffusionPoints`` is what the tab keeps per user: a fresh ``TimeMLP`` training on one dataset's
points (a toy density or a drawing), its session (time-sliced, pause / step / resume, time cap) and
``preview()``, DDIM samples of the EMA weights' snapshot taken at the last frame, so sampling never
reads weights that training is changing.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from core.data.targets import POINT_DATASETS, Target, make_target
from core.diffusion.objective import DiffusionTrainConfig
from core.diffusion.recipes import points_run
from core.diffusion.schedules import points_schedule
from core.runtime.validation import check_int, check_seed
from core.sampling.generate import generate_points
from core.train.live import LIVE, LiveRun

LIVE_POINTS_CONFIG = DiffusionTrainConfig(steps=3000, batch_size=512, lr=2e-3, ema_decay=0.995, log_every=50)
PREVIEW_STEPS = 20  # DDIM steps of the live preview


class LiveDiffusionPoints(LiveRun):
    """One user's live 2D diffusion run on ``target`` for ``total`` updates, seeded by ``seed``."""

    def __init__(self, target: Target, total: int, seed: int):
        self.target, self.total, self.seed = target, total, seed
        cfg = replace(LIVE_POINTS_CONFIG, steps=total, seed=seed)
        run = points_run(target.draw(self.config.pool, seed), cfg)
        self.sched_cfg = points_schedule().config
        self.real = target.reference(self.config.preview_points, 1)
        self.start(run, self.key_of(target=target, seed=seed))

    @classmethod
    def check(cls, dataset: Any, drawing: Any, total: Any, seed: Any) -> dict[str, Any]:
        total = check_int("training updates", total, LIVE.min_updates, LIVE.max_updates)
        seed = check_seed(seed)
        return dict(target=make_target(dataset, drawing, POINT_DATASETS), total=total, seed=seed)

    def preview(self) -> np.ndarray:
        """``preview_points`` DDIM samples ``(n, 2)`` of the last snapshot (``PREVIEW_STEPS`` steps, the run's seed)."""
        return generate_points(self.model, self.sched_cfg, self.config.preview_points, PREVIEW_STEPS, "ddim", 0.0,
                               self.seed).x.numpy()

    def served(self):
        """The snapshot and its noise schedule's config."""
        return self.model, self.sched_cfg


live_model = LiveDiffusionPoints.live_model  # what the request paths call: the live model, or a clear error
