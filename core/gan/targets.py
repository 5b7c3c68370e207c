"""The real distributions of the 2D sandbox: the mode-counting mixtures, FFJORD's toy
densities and the user's drawing, each as a ``Target`` that draws points and knows its extent."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import numpy as np
import torch

from core.gan.mixtures import MIXTURES, Mixture
from core.sketch import points_from_drawing
from core.toy2d import TOY_DATASETS, sample_toy

DRAWING = "drawing"  # dataset name meaning "the points of the user's sketch"
DATASETS = tuple(MIXTURES) + tuple(TOY_DATASETS) + (DRAWING,)  # every choice of real data
POOL = 50_000  # real points drawn once per run; minibatches are resampled from this pool
EXTENTS = {"ring": 3.0, "grid": 5.5}  # half-width of the plotted square; 4.5 otherwise


@dataclass(frozen=True)
class Target:
    """Real 2D data: ``draw(n, seed) -> float32 (n, 2)``, the plotted half-width ``extent`` and,
    for the mixtures, the ``mixture`` whose modes are counted."""

    name: str
    draw: Callable[[int, int], np.ndarray]
    extent: float
    mixture: Mixture | None = None

    def pool(self, seed: int, n: int = POOL) -> "PointPool":
        return PointPool(torch.from_numpy(self.draw(n, seed)))


class PointPool:
    """A fixed pool of real points ``(P, 2)``; calling it draws a minibatch with replacement."""

    def __init__(self, points: torch.Tensor):
        self.points = points

    def __call__(self, batch_size: int, generator: torch.Generator) -> torch.Tensor:
        return self.points[torch.randint(0, len(self.points), (batch_size,), generator=generator)]


def make_target(name: str, drawing: Any = None) -> Target:
    """The target called ``name`` (one of ``DATASETS``); ``drawing`` is the sketch for ``"drawing"``."""
    if name in MIXTURES:
        mix = MIXTURES[name]
        return Target(name, lambda n, seed: mix.sample(n, seed), EXTENTS[name], mix)
    if name in TOY_DATASETS:
        return Target(name, lambda n, seed: sample_toy(name, n, seed), 4.5)
    if name == DRAWING:
        points_from_drawing(drawing, 1, 0)  # raises InvalidInput on an empty canvas
        return Target(name, lambda n, seed: points_from_drawing(drawing, n, seed), 4.5)
    raise ValueError(f"unknown dataset {name!r}; choose from {DATASETS}")
