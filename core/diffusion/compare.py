"""DDPM vs DDIM from the same initial noise: the comparison the diffusion tab shows.

Both samplers are seeded identically, so they start from the same ``x_T``; each result carries
its samples, network evaluations (NFE), wall time, metric and a trajectory of a few samples.
Inputs are validated here because the API can send anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np
import torch

from core.data.digits import digit_labels
from core.data.targets import DRAWING, POINT_DATASETS, make_target
from core.data.toy2d import TOY_DATASETS
from core.diffusion.live import live_model
from core.metrics.classify import accuracy_figures, classifier_outputs, confidence_figures
from core.metrics.sliced_w2 import reference_with_floor, w2_against
from core.nn.unet_digits import NULL_CLASS
from core.runtime import checkpoints, device
from core.runtime.memo import cached
from core.runtime.validation import check_choice, check_eta, check_num_images, check_num_points, check_seed, check_steps
from core.sampling.generate import Generated, generate_digits, generate_points
from core.sampling.trajectory import trajectory_recorder

SOURCES = ("shipped", "live")  # which model samples the 2D points: the shipped one or the session's live one
MIN_POINTS = 10  # fewest points a comparison accepts (the metric needs a sample)


@dataclass
class Run:
    """One sampler's result: samples, NFE, seconds, metric figures and trajectory frames ``(t, x_t, x0_hat)``
    (``core.sampling.trajectory``: ``t`` the step's timestep)."""

    method: str
    generated: Generated
    metrics: dict[str, float]
    frames: list[tuple[int, torch.Tensor, torch.Tensor]] = field(default_factory=list)


@dataclass
class Comparison:
    ddpm: Run
    ddim: Run
    real: np.ndarray | None = None  # the real sample the metric compares against, shown beside the samples (points)


def point_model(dataset: str):
    """The shipped ``TimeMLP`` for a toy dataset and its noise-schedule config."""
    dataset = check_choice("dataset", dataset, TOY_DATASETS)
    name = f"ddpm-2d-{dataset}"
    return checkpoints.load_model(name), checkpoints.scheduler_config(name)


def compare_points_request(dataset: Any, drawing: Any, source: Any, live: Any, n: Any, steps: Any, eta: Any,
                           seed: Any) -> Comparison:
    """The diffusion tab's 2D request: the shipped model of a toy dataset, or the session's live model
    (``core.diffusion.live.LiveDiffusionPoints``; always for a drawing), compared by ``compare_points``."""
    target = make_target(dataset, drawing, POINT_DATASETS)
    source = check_choice("model", source, SOURCES)
    if target.name == DRAWING or source == "live":
        model, sched_cfg = live_model(live, target)
        return compare_points(model, sched_cfg, target.reference, n, steps, eta, seed)  # never cached
    model, sched_cfg = point_model(target.name)
    return compare_points(model, sched_cfg, target.reference, n, steps, eta, seed, shipped=f"ddpm-2d-{target.name}")


def compare_points(model, sched_cfg, draw_real: Callable[[int, int], np.ndarray], n: Any, steps: Any, eta: Any,
                   seed: Any, keep: int = 64, shipped: str | None = None) -> Comparison:
    """DDPM and DDIM(eta) on ``n`` points; metric SW2 vs fresh real data, with its floor. ``shipped``: the
    checkpoint ``model`` was loaded from (``draw_real`` that checkpoint's dataset): the result is computed once
    for identical settings (``core.runtime.memo``); a live model passes none."""
    n, steps = check_num_points(n, MIN_POINTS), check_steps(steps)
    eta, seed = check_eta(eta), check_seed(seed)
    if shipped is not None:
        return cached("diffusion_points", (n, steps, eta, seed, keep), (shipped,),
                      lambda: compare_points(model, sched_cfg, draw_real, n, steps, eta, seed, keep))
    ref, floor = reference_with_floor(n, draw_real, seed)

    def run(method: str) -> Run:
        callback, frames = trajectory_recorder(keep)
        g = generate_points(model, sched_cfg, n, steps, method=method, eta=eta, seed=seed, callback=callback)
        return Run(method, g, w2_against(g.x, ref, floor), frames)

    return Comparison(*device.side_by_side([lambda: run("ddpm"), lambda: run("ddim")]), real=ref)


def compare_digits(digit_class: Any, n: Any, steps: Any, eta: Any, seed: Any, keep: int = 4) -> Comparison:
    """DDPM and DDIM(eta) on ``n`` digits of ``digit_class``; metric: the classifier's confidence and,
    for a chosen class, the share of samples classified as that class, each with its 95% interval
    (``confidence_lo/hi``, ``class_accuracy_lo/hi``)."""
    n, steps = check_num_images(n), check_steps(steps)
    eta, seed = check_eta(eta), check_seed(seed)
    labels = digit_labels(digit_class, n, null_class=NULL_CLASS)  # "any": unconditional
    unet, sched_cfg = checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet")
    clf = checkpoints.load_model("digits-classifier")

    def run(method: str) -> Run:
        callback, frames = trajectory_recorder(keep)
        g = generate_digits(unet, sched_cfg, labels, steps, method=method, eta=eta, seed=seed, callback=callback)
        _, probs = classifier_outputs(clf, g.x)
        m = confidence_figures(probs)
        if labels[0] != NULL_CLASS:
            m.update(accuracy_figures(probs, labels))
        return Run(method, g, m, frames)

    return cached("diffusion_digits", (int(labels[0]), n, steps, eta, seed, keep), ("digits-unet", "digits-classifier"),
                  lambda: Comparison(*device.side_by_side([lambda: run("ddpm"), lambda: run("ddim")])))
