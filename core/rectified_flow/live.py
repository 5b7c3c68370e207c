"""Live 2D rectified flows for the tab, on the shared ``LiveSession``: train, pause, step, reflow.

A ``LiveFlow`` is what the tab keeps per user: a source and a target (``core.rectified_flow.points``),
a coupling (independent: the 1-rectified flow; ot: OT-CFM), the finished stages' frozen models
(``stages[0]`` the 1-rectified flow, ``stages[1]`` the 2-rectified, ...) and the run being trained with
its ``session``. ``reflow()`` freezes the current run as a finished stage, draws ``REFLOW_PAIRS``
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
from core.train.live import LiveSession

LIVE_COUPLINGS = ("independent", "ot")  # the first stage's coupling: 1-rectified flow or OT-CFM
MIN_LIVE_STEPS, MAX_LIVE_STEPS = 100, 10_000  # training updates one stage accepts
STEP_UPDATES = 50  # updates one press of "step" makes
MAX_STAGES = 3  # up to the 3-rectified flow
PREVIEW_POINTS, PREVIEW_STEPS = 1000, 1  # the live preview: points and Euler steps (one step shows straightness)


class LiveFlow:
    """One user's live flows from ``source`` to ``target`` (each stage trains ``total`` updates), seeded by ``seed``."""

    def __init__(self, source, target, coupling: str, total: int, seed: int):
        self.source, self.target, self.coupling, self.total, self.seed = source, target, coupling, total, seed
        self.stages: list[torch.nn.Module] = []  # finished stages, frozen
        base = FLOW_POINTS_CONFIG if coupling == "independent" else OT_POINTS_CONFIG
        cfg = replace(base, steps=total, seed=seed)
        self._start(flow_run(target, source, cfg))
        self.x1 = torch.from_numpy(source.reference(PREVIEW_POINTS, seed + 1))
        self.real = target.reference(PREVIEW_POINTS, seed + 2)

    def _start(self, run) -> None:
        self.run, self.session = run, LiveSession(run)
        self.model = run.snapshot()
        self.curve: list[tuple[int, float]] = []  # the current stage's loss curve: (update, mean loss since the last)

    @property
    def stage(self) -> int:
        """The k of the k-rectified flow being trained now."""
        return len(self.stages) + 1

    @classmethod
    def continue_or_create(cls, live: Any, source: Any, target: Any, source_drawing: Any, target_drawing: Any,
                           coupling: Any, total: Any, seed: Any) -> "LiveFlow":
        """``live`` if it has the same data, coupling and seed (its current stage is given ``total`` updates),
        else a fresh 1-rectified (or OT-CFM) run."""
        total = check_int("training updates", total, MIN_LIVE_STEPS, MAX_LIVE_STEPS)
        seed = check_seed(seed)
        coupling = check_choice("coupling", coupling, LIVE_COUPLINGS)
        src = make_source(source, source_drawing)
        tgt = make_target(target, target_drawing, POINT_DATASETS)
        if (isinstance(live, cls) and live.source.key == src.key and live.target.key == tgt.key
                and live.seed == seed and live.coupling == coupling):
            live.total = total
            return live
        return cls(src, tgt, coupling, total, seed)

    def remaining(self) -> int:
        return max(0, self.total - self.run.iteration)

    def record(self, iteration: int, loss: float) -> None:
        """Snapshot the EMA weights (what is sampled) and extend the loss curve (NaN losses are skipped)."""
        self.model = self.run.snapshot()
        self.curve += [(iteration, loss)] if loss == loss else []

    def preview(self) -> np.ndarray:
        """``PREVIEW_POINTS`` samples ``(n, 2)`` of the last snapshot in ``PREVIEW_STEPS`` Euler step(s)."""
        return flow_points(self.model, self.x1, PREVIEW_STEPS).x.numpy()

    def reflow(self) -> None:
        """Freeze the current stage and start the next: pairs from it, then a warm-started run on them."""
        if self.run.iteration == 0:
            raise InvalidInput("Train the current flow first: reflow draws its pairs from it.")
        if self.stage >= MAX_STAGES:
            raise InvalidInput(f"The live tab stops at the {MAX_STAGES}-rectified flow: reset to start again.")
        self.model = self.run.snapshot()
        self.stages.append(self.model)
        cfg = replace(REFLOW_POINTS_CONFIG, steps=self.total, seed=self.seed + 10 * self.stage)
        self._start(reflow_run(self.model, self.source, cfg))

    def label(self, stage: int) -> str:
        """The name of stage ``stage`` (1-based): "1-rectified" (or "OT-CFM"), "2-rectified", ..."""
        return "OT-CFM" if stage == 1 and self.coupling == "ot" else f"{stage}-rectified"

    def flows(self) -> list[tuple[str, torch.nn.Module]]:
        """``(label, model)`` of every finished stage and the current snapshot (if trained at all)."""
        out = [(self.label(k + 1), m) for k, m in enumerate(self.stages)]
        if self.run.iteration > 0:
            out.append((self.label(self.stage), self.model))
        return out
