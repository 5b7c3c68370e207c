"""Live training of a 2D flow for the flows tab, on the shared ``LiveSession``.

A ``LiveFlow`` is what the tab keeps per user: a small flow (``LIVE_MODEL``) of the chosen architecture
and depth training by maximum likelihood on one dataset (a toy density or a drawing), its ``session``
(time-sliced, pause / step / resume, time cap), the NLL curve and ``model``, a snapshot of the weights
taken at the last frame (what the density heatmap and the other views read), the data shown
beside it and the true density's NLL where known (8gaussians).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.data.targets import POINT_DATASETS, Target, make_target
from core.flows.density import true_nll
from core.flows.models import KINDS, FlowModel
from core.flows.recipes import PointFlowConfig, points_run
from core.runtime.validation import InvalidInput, check_choice, check_int, check_seed
from core.train.live import LiveSession
from core.train.loop import TrainConfig

LIVE_CONFIG = TrainConfig(steps=2000, batch_size=256, lr=5e-3, warmup=50, grad_clip=0.0, ema_decay=0.0, log_every=100)
LIVE_MODEL = PointFlowConfig(num_layers=4, hidden=64, depth=1)  # one hidden layer, no clipping: ~4.4 ms an update
MIN_LAYERS, MAX_LAYERS = 1, 16  # layers (Glow: steps) a live flow may have
MIN_LIVE_STEPS, MAX_LIVE_STEPS = 100, 20_000  # range of training updates a live run accepts
STEP_UPDATES = 50  # updates one press of "step" makes
LIVE_POOL = 50_000  # real points drawn once per live run
REFRESH = 0.15  # seconds of training between two frames
PREVIEW_POINTS = 1000  # data points shown beside the live density


class LiveFlow:
    """One user's live flow: ``kind`` with ``num_layers`` layers on ``target`` for ``total`` updates, from ``seed``."""

    def __init__(self, target: Target, kind: str, num_layers: int, total: int, seed: int):
        self.target, self.kind, self.num_layers, self.total, self.seed = target, kind, num_layers, total, seed
        cfg = replace(LIVE_CONFIG, steps=total, seed=seed)
        self.run = points_run(kind, target.draw(LIVE_POOL, seed), cfg, replace(LIVE_MODEL, num_layers=num_layers))
        for group in self.run.opt.param_groups:  # AdamW over all tensors at once: ~15% less per update here
            group["foreach"] = True
        self.session = LiveSession(self.run, interval=REFRESH)
        self.model: FlowModel = self.run.snapshot()
        self.real = target.reference(PREVIEW_POINTS, 1)  # data shown beside the density
        self.floor = true_nll(target.name)  # the true density's held-out NLL, where known
        self.steps: list[int] = []  # the NLL curve: update index ...
        self.losses: list[float] = []  # ... and mean training NLL since the previous point

    @classmethod
    def continue_or_create(cls, live: Any, dataset: Any, drawing: Any, kind: Any, num_layers: Any, total: Any,
                           seed: Any) -> "LiveFlow":
        """``live`` if it trains the same flow on the same data with the same seed and has updates left, else a fresh run."""
        kind = check_choice("model", kind, KINDS)
        num_layers = check_int("number of layers", num_layers, MIN_LAYERS, MAX_LAYERS)
        total = check_int("training updates", total, MIN_LIVE_STEPS, MAX_LIVE_STEPS)
        seed = check_seed(seed)
        target = make_target(dataset, drawing, POINT_DATASETS)
        if (isinstance(live, cls) and live.target.key == target.key and live.seed == seed and live.kind == kind
                and live.num_layers == num_layers and live.run.iteration < total):
            live.total = total
            return live
        return cls(target, kind, num_layers, total, seed)

    def record(self, iteration: int, loss: float) -> None:
        """Take a snapshot of the weights and add a point to the NLL curve."""
        self.model = self.run.snapshot()
        if loss == loss:  # not NaN
            self.steps.append(iteration)
            self.losses.append(loss)

    def model_for(self, target: Target) -> FlowModel:
        """The live model, checked to be trained on ``target``'s data."""
        if self.target.key != target.key:
            raise InvalidInput(f"The live flow was trained on '{self.target.name}', not '{target.name}' (or on "
                               "another drawing): train again, or switch the dataset back.")
        return self.model


def live_model(live: Any, target: Target) -> FlowModel:
    """``live.model_for(target)``, or ``InvalidInput`` when no flow has been trained live yet."""
    if not isinstance(live, LiveFlow):
        raise InvalidInput(f"No flow has been trained live on '{target.name}' yet: train one first "
                           "(or pick the shipped model on 8gaussians).")
    return live.model_for(target)
