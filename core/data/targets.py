"""The real distributions of the 2D sandbox, for every tab: the mode-counting mixtures, FFJORD's
toy densities and the user's drawing, each as a ``Target`` that draws points and knows its extent.

A drawing is named ``"drawing"`` everywhere (``"drawn"``, an older spelling of the diffusion
endpoints, is accepted as the same thing).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np

from core.data.drawings import ink_mask, points_from_drawing
from core.data.mixtures import MIXTURES, Mixture
from core.data.pools import Pool
from core.data.toy2d import TOY_DATASETS, sample_iid, sample_toy
from core.runtime.validation import check_choice

DRAWING = "drawing"  # dataset name meaning "the points of the user's sketch"
ALIASES = {"drawn": DRAWING}  # other accepted spellings of a dataset name
DATASETS = tuple(MIXTURES) + tuple(TOY_DATASETS) + (DRAWING,)  # every choice of real data
POINT_DATASETS = tuple(TOY_DATASETS) + (DRAWING,)  # the toy densities and a drawing (no mixtures)
POOL = 50_000  # real points drawn once per run; minibatches are resampled from this pool
EXTENTS = {"ring": 3.0, "grid": 5.5}  # half-width of the plotted square; 4.5 otherwise

Draw = Callable[[int, int], np.ndarray]  # draw(n, seed) -> float32 (n, 2)


@dataclass(frozen=True)
class Target:
    """Real 2D data: ``draw(n, seed)`` for training pools; ``reference(n, seed)`` for metrics (independent
    draws: ``core.data.toy2d.sample_iid`` for the toy densities, whose own samplers are stratified);
    ``key`` identifies the data (a drawing by a digest of its ink); ``extent`` is the plotted
    half-width; ``mixture`` is set for the mixtures, whose modes are counted."""

    name: str
    key: str
    draw: Draw
    reference: Draw
    extent: float
    mixture: Mixture | None = None

    def pool(self, seed: int, n: int = POOL) -> Pool:
        """``n`` real points drawn once from ``seed``, as a minibatch ``Pool``."""
        return Pool(self.draw(n, seed))


def check_dataset(name: Any, choices: tuple[str, ...] = DATASETS) -> str:
    """A dataset name among ``choices`` (aliases accepted); ``InvalidInput`` names the choices."""
    return check_choice("dataset", ALIASES.get(name, name) if isinstance(name, str) else name, choices)


def drawing_key(drawing: Any) -> str:
    """A digest of a drawing's inked pixels: two canvases with the same ink are the same data."""
    return DRAWING + ":" + hashlib.sha1(np.packbits(ink_mask(drawing)).tobytes()).hexdigest()


def make_target(name: Any, drawing: Any = None, choices: tuple[str, ...] = DATASETS) -> Target:
    """The target called ``name`` (one of ``choices``); ``drawing`` is the sketch for ``"drawing"``."""
    name = check_dataset(name, choices)
    if name in MIXTURES:
        mix = MIXTURES[name]
        return Target(name, name, mix.sample, mix.sample, EXTENTS[name], mix)
    if name in TOY_DATASETS:
        return Target(name, name, lambda n, seed: sample_toy(name, n, seed),
                      lambda n, seed: sample_iid(name, n, seed), 4.5)
    points_from_drawing(drawing, 1, 0)  # raises InvalidInput on an empty canvas
    draw = lambda n, seed: points_from_drawing(drawing, n, seed)  # noqa: E731
    return Target(name, drawing_key(drawing), draw, draw, 4.5)
