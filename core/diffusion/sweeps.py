"""The shape of the DDIM paper's Table 1 (Song et al. 2021): sample quality against the number
of steps, for several ``eta`` (0 = DDIM, 1 = DDPM's variance) and for DDPM itself.

2D: sliced W2 against fresh data (lower is better, floor shown). Digits: Fréchet distance in the
classifier's feature space against the test split (lower is better, floor = train vs test).
"""
from __future__ import annotations

from typing import Callable, Iterable

import torch

from core.data.digits import load_split
from core.diffusion.compare import point_model
from core.diffusion.quality import points_quality
from core.metrics.classify import digits_quality
from core.runtime import checkpoints
from core.runtime.validation import check_int
from core.sampling.generate import generate_digits

TABLE1_STEPS = (10, 20, 50, 100, 1000)  # step counts of the full table
TABLE1_ETAS = (0.0, 0.5, 1.0)  # DDIM eta values of the full table
SMALL_STEPS = (10, 20, 50, 100)  # step counts of the live, small version
Progress = Callable[[float, str], None]
def _rows(methods: Iterable[tuple[str, float]], steps: Iterable[int], measure, progress: Progress | None):
    combos = [(m, e, s) for m, e in methods for s in steps]
    rows = []
    for i, (method, eta, s) in enumerate(combos):
        if progress:
            progress(i / len(combos), f"{method} eta={eta:g} steps={s}")
        rows.append({"method": method, "eta": eta, "steps": s, **measure(method, eta, s)})
    return rows


def _methods(etas):
    return [("ddim", float(e)) for e in etas] + [("ddpm", 1.0)]


def sweep_points(dataset: str, steps=TABLE1_STEPS, etas=TABLE1_ETAS, n: int = 2000, seeds=(0, 1, 2),
                 progress: Progress | None = None) -> list[dict]:
    """Rows ``{method, eta, steps, w2, floor, ratio}`` for the shipped model of a toy dataset (mean over seeds)."""
    model, cfg = point_model(dataset)
    n = check_int("number of points", n, 100, 20_000)

    def measure(method, eta, s):
        return points_quality(model, dataset, cfg, s, method, eta, n, seeds)

    return _rows(_methods(etas), steps, measure, progress)


def sweep_digits(steps=TABLE1_STEPS, etas=TABLE1_ETAS, n: int = 500, seed: int = 0,
                 progress: Progress | None = None) -> list[dict]:
    """Rows ``{method, eta, steps, frechet, frechet_floor, class_accuracy, ...}`` for the digits UNet
    (``n`` class-balanced samples)."""
    unet, cfg = checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet")
    clf, split = checkpoints.load_model("digits-classifier"), load_split()
    labels = torch.arange(n) % 10

    def measure(method, eta, s):
        x = generate_digits(unet, cfg, labels, s, method, eta, 1.0, seed).x
        return digits_quality(clf, x, labels, split.x_train, split.x_test)

    return _rows(_methods(etas), steps, measure, progress)
