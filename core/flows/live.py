"""Live training of a 2D flow for the flows tab: a ``core.train.live.LiveRun``.

A ``LiveDensityFlow`` is what the tab keeps per user: a small flow (``LIVE_MODEL``) of the chosen
architecture and depth training by maximum likelihood on one dataset (a toy density or a drawing), its
session (time-sliced, pause / step / resume, time cap), the NLL curve and ``model``, a snapshot of the
weights taken at the last frame (what the density heatmap and the other views read), the data shown
beside it and the true density's NLL where known (8gaussians).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

from core.data.targets import POINT_DATASETS, Target, make_target
from core.flows.density import GRID, density_grid, true_nll
from core.flows.models import KINDS, FlowModel
from core.flows.recipes import PointFlowConfig, points_run
from core.runtime.validation import Spec, check_choice, check_int, check_seed
from core.train.live import LIVE, LiveRun
from core.train.loop import TrainConfig

LIVE_CONFIG = TrainConfig(steps=2000, batch_size=256, lr=5e-3, warmup=50, grad_clip=0.0, ema_decay=0.0, log_every=100)
LIVE_MODEL = PointFlowConfig(num_layers=4, hidden=64, depth=1)  # one hidden layer, no clipping: ~4.4 ms an update
MIN_LAYERS, MAX_LAYERS = 1, 16  # layers (Glow: steps) a live flow may have
NUM_LAYERS = Spec("number of layers", MIN_LAYERS, MAX_LAYERS, LIVE_MODEL.num_layers)  # a live flow's depth


class LiveDensityFlow(LiveRun):
    """One user's live flow: ``kind`` with ``num_layers`` layers on ``target`` for ``total`` updates, from ``seed``."""

    config = replace(LIVE, interval=0.15)  # a frame's worth of training: 0.15 s
    OTHER_DATA = "live_flow_other_data"
    UNTRAINED = "no_live_flow"

    def __init__(self, target: Target, kind: str, num_layers: int, total: int, seed: int):
        self.target, self.kind, self.num_layers, self.total, self.seed = target, kind, num_layers, total, seed
        cfg = replace(LIVE_CONFIG, steps=total, seed=seed)
        run = points_run(kind, target.draw(self.config.pool, seed), cfg, replace(LIVE_MODEL, num_layers=num_layers))
        for group in run.opt.param_groups:  # AdamW over all tensors at once: ~15% less per update here
            group["foreach"] = True
        self.start(run, self.key_of(target=target, kind=kind, num_layers=num_layers, seed=seed))
        self.real = target.reference(self.config.preview_points, 1)  # data shown beside the density
        self.floor = true_nll(target.name)  # the true density's held-out NLL, where known

    @classmethod
    def check(cls, dataset: Any, drawing: Any, kind: Any, num_layers: Any, total: Any, seed: Any) -> dict[str, Any]:
        kind = check_choice("model", kind, KINDS)
        num_layers = NUM_LAYERS.check(num_layers)
        total = check_int("training updates", total, LIVE.min_updates, LIVE.max_updates)
        seed = check_seed(seed)
        return dict(target=make_target(dataset, drawing, POINT_DATASETS), kind=kind, num_layers=num_layers,
                    total=total, seed=seed)

    def preview(self):
        """``(axis, log p)`` of the last snapshot on a ``GRID // 2`` grid over the data's extent."""
        axis, log_p, _ = density_grid(self.model, self.target.extent, GRID // 2)
        return axis, log_p

    def served(self) -> FlowModel:
        return self.model


live_model = LiveDensityFlow.live_model  # what the request paths call: the live flow, or a clear error
