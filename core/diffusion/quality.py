"""Quality of the shipped diffusion models, measured the same way by recipes, sweeps and tests.

2D: sliced W2 of DDIM/DDPM samples against fresh independent draws of the toy density, next
to its floor (``core.metrics.sliced_w2``): the mean over ``POINT_SEEDS`` with its 95% interval.
Digits: the Fréchet distance to held-out digits in the classifier's feature space next to its
floor, class accuracy and confidence, each with its 95% interval (``core.metrics.classify``).
"""
from __future__ import annotations

import torch

from core.data.toy2d import sample_iid
from core.metrics.classify import FRECHET_N, digits_quality
from core.metrics.sliced_w2 import w2_over_seeds
from core.runtime import checkpoints
from core.sampling.generate import generate_digits, generate_points

REFERENCE_SEED = 10_000  # offset of the reference draws' seeds, apart from the training pool's
POINT_SEEDS = tuple(range(8))  # seeds of the recorded 2D figures (one draw's SW2 spreads ~30%: 8 give +-10%)
POINT_N = 2000  # points per seed in the recorded 2D figures


def points_quality(model, dataset: str, sched_cfg, steps: int = 100, method: str = "ddim", eta: float = 0.0,
                   n: int = POINT_N, seeds=(0, 1, 2)) -> dict[str, float]:
    """SW2 of ``n`` samples against fresh data of ``dataset`` and its floor, over ``seeds``: keys ``w2``,
    ``floor``, ``ratio``, ``runs`` and the 95% intervals ``w2_lo/hi``, ``floor_lo/hi`` (``combine_runs``)."""
    return w2_over_seeds(lambda m, s: generate_points(model, sched_cfg, m, steps, method, eta, seed=s).x,
                         lambda m, s: sample_iid(dataset, m, REFERENCE_SEED + s), n, seeds)


def points_figures(model, dataset: str, sched_cfg) -> dict:
    """The quality figures recorded with a 2D checkpoint: DDIM at 10, 20, 100 steps and DDPM at 10, 20."""
    q = {f"ddim{s}": points_quality(model, dataset, sched_cfg, steps=s, seeds=POINT_SEEDS) for s in (10, 20, 100)}
    q.update({f"ddpm{s}": points_quality(model, dataset, sched_cfg, steps=s, method="ddpm", seeds=POINT_SEEDS)
              for s in (10, 20)})
    return q


def digits_figures(unet, sched_cfg, n: int = FRECHET_N) -> dict:
    """The quality figures recorded with the digits UNet: ``n`` class-balanced samples, DDIM at 10, 20, 50
    steps and DDPM at 10, 20."""
    clf = checkpoints.load_model("digits-classifier")
    labels = torch.arange(n) % 10
    q = {}
    for name, method, steps in [("ddim50", "ddim", 50), ("ddim10", "ddim", 10), ("ddim20", "ddim", 20),
                                ("ddpm10", "ddpm", 10), ("ddpm20", "ddpm", 20)]:
        x = generate_digits(unet, sched_cfg, labels, steps, method, seed=0).x
        q[name] = digits_quality(clf, x, labels)
    return q
