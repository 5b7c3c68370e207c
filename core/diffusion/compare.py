"""DDPM vs DDIM from the same initial noise: the comparison the diffusion tab shows.

Both samplers are seeded identically, so they start from the same ``x_T``; each result carries
its samples, network evaluations (NFE), wall time, metric and a trajectory of a few samples.
Inputs are validated here because the API can send anything.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Callable

import numpy as np
import torch

from core.data.digits import digit_labels
from core.data.targets import DRAWING, POINT_DATASETS, make_target
from core.data.toy2d import TOY_DATASETS
from core.diffusion.live import live_model
from core.metrics.classify import accuracy_figures, classifier_outputs, confidence_figures, real_digits_figures
from core.metrics.sliced_w2 import reference_with_floor, w2_against
from core.nn.unet_digits import NULL_CLASS
from core.runtime import checkpoints, device
from core.runtime.memo import cached
from core.runtime.validation import ETA, MAX_IMAGES, MAX_POINTS, MAX_STEPS, SEED, Spec, check_choice
from core.sampling.generate import Generated, generate_digits, generate_points
from core.sampling.trajectory import trajectory_recorder

SOURCES = ("shipped", "live")  # which model samples the 2D points: the shipped one or the session's live one
MIN_POINTS = 10  # fewest points a comparison accepts (the metric needs a sample)
SHOWN_POINTS = 100  # the points slider's smallest (the API may ask for as few as MIN_POINTS)


@dataclass(frozen=True)
class PointsSettings:
    """One 2D comparison's settings, in one order from the tab to the samplers; the defaults are the page's.
    Built from raw request values, ``checked()`` validates them."""

    dataset: Any = "moons"  # a toy dataset or "drawing" (core.data.targets.POINT_DATASETS)
    source: Any = "shipped"  # "shipped" model of the dataset, or the session's "live" one
    steps: Any = 50  # sampler steps of both DDPM and DDIM
    eta: Any = 0.0  # DDIM's eta (0 deterministic, 1 DDPM-like)
    n: Any = 2000  # points per sampler
    seed: Any = SEED.default  # seed of x_T, shared by both samplers (the seed box's)

    def checked(self) -> "PointsSettings":
        """The same settings validated (``InvalidInput`` names the first bad one); the dataset is checked
        where the target is made."""
        return replace(self, source=check_choice("model", self.source, SOURCES), steps=STEPS.check(self.steps),
                       eta=ETA.check(self.eta), n=N_POINTS.check(self.n), seed=SEED.check(self.seed))


@dataclass(frozen=True)
class DigitsSettings:
    """One digits comparison's defaults (the page's)."""

    digit_class: str = "any"  # a digit, or "any" (unconditional)
    n: int = 16  # images per sampler
    steps: int = 50  # sampler steps
    eta: float = 0.0  # DDIM's eta
    seed: int = SEED.default  # seed of x_T (the seed box's)


POINTS, DIGITS = PointsSettings(), DigitsSettings()
STEPS = Spec("steps", 1, MAX_STEPS, POINTS.steps)  # sampler steps (both tracks start at the same count)
N_POINTS = Spec("number of points", MIN_POINTS, MAX_POINTS, POINTS.n, 100, shown=(SHOWN_POINTS, MAX_POINTS))
N_IMAGES = Spec("number of images", 1, MAX_IMAGES, DIGITS.n)


@dataclass
class Run:
    """One sampler's result: samples, NFE, seconds, metric figures and trajectory frames ``(t, x_t, x0_hat)``
    (``core.sampling.trajectory``: ``t`` the step's timestep)."""

    method: str
    generated: Generated
    metrics: dict[str, float]
    frames: list[tuple[int, torch.Tensor, torch.Tensor]] = field(default_factory=list)

    @property
    def at_floor(self) -> bool:
        """SW2 inside the floor's 95% range (a points run): a model cannot beat real data, so a ratio below 1
        there is sampling noise."""
        return self.metrics["w2"] <= self.metrics["floor_hi"]

    def ratio_to(self, reference: dict[str, float], key: str) -> float:
        """The run's figure ``key`` over what real data scores (``real_digits``): 1 is as good as real."""
        return self.metrics[key] / reference[key]


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


def compare_points_request(settings: PointsSettings, *, drawing: Any = None, live: Any = None) -> Comparison:
    """The diffusion tab's 2D request: the shipped model of a toy dataset, or the session's live model
    (``core.diffusion.live.LiveDiffusionPoints``; always for a drawing, whose canvas is ``drawing``), compared
    by ``compare_points``."""
    target = make_target(settings.dataset, drawing, POINT_DATASETS)
    source = check_choice("model", settings.source, SOURCES)
    if target.name == DRAWING or source == "live":
        model, sched_cfg = live_model(live, target)
        return compare_points(model, sched_cfg, target.reference, settings)  # a live model: never cached
    model, sched_cfg = point_model(target.name)
    return compare_points(model, sched_cfg, target.reference, settings, shipped=f"ddpm-2d-{target.name}")


def compare_points(model, sched_cfg, draw_real: Callable[[int, int], np.ndarray], settings: PointsSettings,
                   keep: int = 64, shipped: str | None = None) -> Comparison:
    """DDPM and DDIM(eta) on ``settings.n`` points; metric SW2 vs fresh real data, with its floor (each
    ``Run.at_floor`` says whether it reached it). ``shipped``: the checkpoint ``model`` was loaded from
    (``draw_real`` that checkpoint's dataset): the result is computed once for identical settings
    (``core.runtime.memo``); a live model passes none."""
    s = settings.checked()
    n, steps, eta, seed = s.n, s.steps, s.eta, s.seed
    if shipped is not None:
        return cached("diffusion_points", (n, steps, eta, seed, keep), (shipped,),
                      lambda: compare_points(model, sched_cfg, draw_real, s, keep))
    ref, floor = reference_with_floor(n, draw_real, seed)

    def run(method: str) -> Run:
        callback, frames = trajectory_recorder(keep)
        g = generate_points(model, sched_cfg, n, steps, method=method, eta=eta, seed=seed, callback=callback)
        return Run(method, g, w2_against(g.x, ref, floor), frames)

    return Comparison(*device.side_by_side([lambda: run("ddpm"), lambda: run("ddim")]), real=ref)


def real_digits() -> dict[str, float]:
    """What real held-out digits score with the shipped classifier, with 95% intervals: the digits
    comparison's reference (``Run.ratio_to``)."""
    return real_digits_figures(checkpoints.load_model("digits-classifier"))


def compare_digits(digit_class: Any, n: Any, steps: Any, eta: Any, seed: Any, keep: int = 4) -> Comparison:
    """DDPM and DDIM(eta) on ``n`` digits of ``digit_class``; metric: the classifier's confidence and,
    for a chosen class, the share of samples classified as that class, each with its 95% interval
    (``confidence_lo/hi``, ``class_accuracy_lo/hi``)."""
    n, steps = N_IMAGES.check(n), STEPS.check(steps)
    eta, seed = ETA.check(eta), SEED.check(seed)
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
