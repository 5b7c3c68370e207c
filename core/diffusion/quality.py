"""Quality of the shipped diffusion models, measured the same way by recipes, sweeps and tests.

2D: sliced W2 of DDIM/DDPM samples against fresh independent draws of the toy density, next
to its floor (``core.metrics.sliced_w2``), averaged over seeds. Digits: the Fréchet distance in
the classifier's feature space and the class accuracy (``core.metrics.classify``).
"""
from __future__ import annotations

import numpy as np
import torch

from core.data.digits import load_split
from core.data.toy2d import sample_iid
from core.metrics.classify import digits_quality
from core.metrics.sliced_w2 import w2_with_floor
from core.runtime import checkpoints
from core.sampling.generate import generate_digits, generate_points

REFERENCE_SEED = 10_000  # offset of the reference draws' seeds, apart from the training pool's


def points_quality(model, dataset: str, sched_cfg, steps: int = 100, method: str = "ddim", eta: float = 0.0,
                   n: int = 2000, seeds=(0, 1, 2)) -> dict[str, float]:
    """Mean SW2 and floor over ``seeds`` of ``n`` samples against fresh data of ``dataset``."""
    rows = [w2_with_floor(generate_points(model, sched_cfg, n, steps, method, eta, seed=s).x,
                          lambda m, sd: sample_iid(dataset, m, REFERENCE_SEED + sd), seed=s) for s in seeds]
    w2, floor = float(np.mean([r["w2"] for r in rows])), float(np.mean([r["floor"] for r in rows]))
    return {"w2": w2, "floor": floor, "ratio": w2 / floor}


def points_figures(model, dataset: str, sched_cfg) -> dict:
    """The quality figures recorded with a 2D checkpoint: DDIM at 10, 20, 100 steps and DDPM at 10, 20."""
    q = {f"ddim{s}": points_quality(model, dataset, sched_cfg, steps=s) for s in (10, 20, 100)}
    q.update({f"ddpm{s}": points_quality(model, dataset, sched_cfg, steps=s, method="ddpm") for s in (10, 20)})
    return q


def digits_figures(unet, sched_cfg, n: int = 500) -> dict:
    """The quality figures recorded with the digits UNet: ``n`` class-balanced samples, DDIM at 10, 20, 50
    steps and DDPM at 10, 20."""
    split, clf = load_split(), checkpoints.load_model("digits-classifier")
    labels = torch.arange(n) % 10
    q = {}
    for name, method, steps in [("ddim50", "ddim", 50), ("ddim10", "ddim", 10), ("ddim20", "ddim", 20),
                                ("ddpm10", "ddpm", 10), ("ddpm20", "ddpm", 20)]:
        x = generate_digits(unet, sched_cfg, labels, steps, method, seed=0).x
        q[name] = digits_quality(clf, x, labels, split.x_train, split.x_test)
    return q
