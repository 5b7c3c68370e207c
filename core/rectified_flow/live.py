"""Live 2D rectified flows for the tab, a ``core.train.live.LiveRun``: train, pause, step, reflow.

A ``LiveRectifiedFlow`` is what the tab keeps per user: a source and a target (``core.rectified_flow.points``),
a coupling (independent: the 1-rectified flow; ot: OT-CFM), the finished stages' frozen models
(``stages[0]`` the 1-rectified flow, ``stages[1]`` the 2-rectified, ...) and the run being trained with
its session. ``reflow()`` freezes the current run as a finished stage, draws ``REFLOW_PAIRS``
pairs from it and starts the next stage, warm-started from it.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np
import torch

from core.data.targets import POINT_DATASETS, make_target
from core.rectified_flow.points import (
    FLOW_POINTS_CONFIG,
    OT_POINTS_CONFIG,
    REFLOW_POINTS_CONFIG,
    flow_run,
    make_source,
    reflow_run,
)
from core.rectified_flow.sampling import flow_points
from core.runtime.validation import InvalidInput, check_choice, check_int, check_seed
from core.train.live import LIVE, LiveRun

LIVE_COUPLINGS = ("independent", "ot")  # the first stage's coupling: 1-rectified flow or OT-CFM
MAX_STAGES = 3  # up to the 3-rectified flow
PREVIEW_STEPS = 1  # Euler steps of the live preview (one step shows straightness)


class LiveRectifiedFlow(LiveRun):
    """One user's live flows from ``source`` to ``target`` (each stage trains ``total`` updates), seeded by
    ``seed``; the loss curve is the current stage's."""

    config = replace(LIVE, max_updates=10_000)  # training updates one stage accepts

    def __init__(self, source, target, coupling: str, total: int, seed: int):
        self.source, self.target, self.coupling, self.total, self.seed = source, target, coupling, total, seed
        self.stages: list[torch.nn.Module] = []  # finished stages, frozen
        base = FLOW_POINTS_CONFIG if coupling == "independent" else OT_POINTS_CONFIG
        cfg = replace(base, steps=total, seed=seed)
        self.start(flow_run(target, source, cfg), self.key_of(source=source, target=target, coupling=coupling,
                                                                seed=seed))
        self.x1 = torch.from_numpy(source.reference(self.config.preview_points, seed + 1))
        self.real = target.reference(self.config.preview_points, seed + 2)

    @property
    def stage(self) -> int:
        """The k of the k-rectified flow being trained now."""
        return len(self.stages) + 1

    @classmethod
    def check(cls, source: Any, target: Any, source_drawing: Any, target_drawing: Any, coupling: Any, total: Any,
              seed: Any) -> dict[str, Any]:
        total = check_int("training updates", total, cls.config.min_updates, cls.config.max_updates)
        seed = check_seed(seed)
        coupling = check_choice("coupling", coupling, LIVE_COUPLINGS)
        return dict(source=make_source(source, source_drawing),
                    target=make_target(target, target_drawing, POINT_DATASETS), coupling=coupling, total=total, seed=seed)

    def can_continue(self, settings: dict[str, Any]) -> bool:
        """Always: the current stage is given the new ``total`` updates."""
        return True

    def preview(self) -> np.ndarray:
        """``preview_points`` samples ``(n, 2)`` of the last snapshot in ``PREVIEW_STEPS`` Euler step(s)."""
        return flow_points(self.model, self.x1, PREVIEW_STEPS).x.numpy()

    def reflow(self) -> None:
        """Freeze the current stage and start the next: pairs from it, then a warm-started run on them."""
        if self.run.iteration == 0:
            raise InvalidInput("reflow_untrained")
        if self.stage >= MAX_STAGES:
            raise InvalidInput("reflow_limit", stages=MAX_STAGES)
        self.model = self.run.snapshot()
        self.stages.append(self.model)
        cfg = replace(REFLOW_POINTS_CONFIG, steps=self.total, seed=self.seed + 10 * self.stage)
        self.start(reflow_run(self.model, self.source, cfg), self.key)

    def label(self, stage: int) -> str:
        """The name of stage ``stage`` (1-based): "1-rectified" (or "OT-CFM"), "2-rectified", ..."""
        return "OT-CFM" if stage == 1 and self.coupling == "ot" else f"{stage}-rectified"

    def flows(self) -> list[tuple[str, torch.nn.Module]]:
        """``(label, model)`` of every finished stage and the current snapshot (if trained at all)."""
        out = [(self.label(k + 1), m) for k, m in enumerate(self.stages)]
        if self.run.iteration > 0:
            out.append((self.label(self.stage), self.model))
        return out
