"""Live training of a 2D diffusion model, as a stream of updates a tab can plot.

Each update carries the step, the loss since the last update, a copy of the current EMA model
and a preview of its samples (DDIM, ``preview_steps`` steps). Stopping iteration cancels the
run; the last update's model stays usable.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from typing import Any, Callable, Iterator

import numpy as np

from core.generate import generate_points
from core.train.loop import DiffusionTrainConfig
from core.train.recipes import train_points_live
from core.train.schedules import points_schedule
from core.validation import check_int, check_seed

LIVE_POINTS_CONFIG = DiffusionTrainConfig(steps=3000, batch_size=512, lr=2e-3, ema_decay=0.995, log_every=50)
MIN_LIVE_STEPS, MAX_LIVE_STEPS = 100, 20_000  # range of training updates a live run accepts
LIVE_POOL = 50_000  # real points drawn once per live run


@dataclass
class LiveUpdate:
    step: int
    total: int
    loss: float
    model: Any  # a frozen copy of the EMA model at this step
    preview: np.ndarray  # (preview_n, 2) samples of that model
    seconds: float
    done: bool


def live_points(draw_real: Callable[[int, int], np.ndarray], steps: Any, seed: Any, preview_n: int = 1000,
                preview_steps: int = 20) -> Iterator[LiveUpdate]:
    """Train a fresh point model on ``draw_real`` data for ``steps`` updates, yielding ``LiveUpdate``s."""
    steps = check_int("training updates", steps, MIN_LIVE_STEPS, MAX_LIVE_STEPS)
    seed = check_seed(seed)
    cfg = replace(LIVE_POINTS_CONFIG, steps=steps, seed=seed)
    sched_cfg = points_schedule().config
    for ev in train_points_live(draw_real(LIVE_POOL, seed), cfg):
        model = copy.deepcopy(ev.ema_model).eval()
        preview = generate_points(model, sched_cfg, preview_n, preview_steps, "ddim", 0.0, seed).x.numpy()
        yield LiveUpdate(ev.step, ev.total, ev.loss, model, preview, ev.seconds, ev.done)
