"""The rectified-flow tab's requests, validated: 2D flows side by side, and digits flows.

2D: every flow of a pair (the shipped ``rf-2d-<source>-<target>-{1,2,3,ot}`` checkpoints, or the
session's ``LiveRectifiedFlow`` stages) carries the same source points ``x_1`` to ``t = 0`` in 1 Euler step and
in ``steps`` Euler steps; each row gets its straightness, transport cost and SW2 beside its floor,
and a few trajectories. Digits: the 1- and 2-rectified digits flows from the same noise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from core.data.digits import ANY_DIGIT, digit_labels
from core.data.targets import DRAWING, POINT_DATASETS, make_target
from core.metrics.classify import (
    FRECHET_N,
    accuracy_figures,
    classifier_outputs,
    confidence_figures,
    frechet_with_floor,
    heldout_features,
)
from core.metrics.intervals import format_interval
from core.metrics.sliced_w2 import reference_with_floor, w2_against
from core.rectified_flow.live import LiveRectifiedFlow
from core.rectified_flow.points import REFERENCE_SEED, make_source, straightness
from core.rectified_flow.sampling import PointVelocity, flow_points, generate_flow_digits
from core.runtime import checkpoints
from core.runtime.memo import cached
from core.runtime.validation import MAX_IMAGES, MAX_POINTS, SEED, InvalidInput, Spec, check_choice, check_seed
from core.sampling.trajectory import trajectory_recorder

SHIPPED_PAIRS = (("gaussian", "moons"), ("8gaussians", "moons"))  # source -> target pairs with shipped flows
SHIPPED_STAGES = (("1", "1-rectified"), ("2", "2-rectified"), ("3", "3-rectified"), ("ot", "OT-CFM"))
MODELS = ("shipped", "live")  # which flows sample: the shipped checkpoints or the session's live ones
MAX_EULER_STEPS = 100  # Euler steps a 2D request accepts
MAX_DIGIT_STEPS = 50  # scheduler steps a digits request accepts
MIN_POINTS = 10  # fewest points a request accepts (the metric needs a sample)
TRAJECTORIES = 64  # paths drawn per flow
DIGIT_FLOWS = (("rf-digits-1", "1-rectified"), ("rf-digits-2", "2-rectified"))
SHOWN_POINTS = 100  # the points slider's smallest (the API may ask for as few as MIN_POINTS)


@dataclass(frozen=True)
class RectifiedFlowDefaults:
    """What the rectified-flow tab's views open with."""

    source: str = "gaussian"  # the 2D source (core.rectified_flow.points.SOURCES)
    target: str = "moons"  # the 2D target
    model: str = "shipped"  # the shipped flows, or the session's "live" ones
    coupling: str = "independent"  # the live run's coupling (LIVE_COUPLINGS)
    steps: int = 8  # Euler steps of the 2D flows
    n: int = 1000  # 2D points
    digit_class: str = "any"  # the digits' class ("any": class-balanced)
    n_images: int = 16  # digits per flow
    digit_steps: int = 1  # scheduler steps of the digits flows (one: the point of rectifying)
    seed: int = SEED.default  # every view's seed (the seed box's)


DEFAULTS = RectifiedFlowDefaults()
EULER_STEPS = Spec("Euler steps", 1, MAX_EULER_STEPS, DEFAULTS.steps)
N_POINTS = Spec("number of points", MIN_POINTS, MAX_POINTS, DEFAULTS.n, 100, shown=(SHOWN_POINTS, MAX_POINTS))
N_IMAGES = Spec("number of images", 1, MAX_IMAGES, DEFAULTS.n_images)
DIGIT_STEPS = Spec("steps", 1, MAX_DIGIT_STEPS, DEFAULTS.digit_steps)


@dataclass
class FlowRow:
    """One flow's result: samples after ``steps`` and after 1 Euler step, their SW2 figures, straightness,
    transport cost and ``TRAJECTORIES`` paths ``(k, steps + 1, 2)``."""

    label: str
    samples: np.ndarray
    one_step: np.ndarray
    w2: dict[str, float]
    w2_one_step: dict[str, float]
    straightness: float
    transport_cost: float
    paths: np.ndarray
    nfe: int
    seconds: float


@dataclass
class PointsResult:
    source: str
    target: str
    steps: int
    rows: list[FlowRow]
    real: np.ndarray
    x1: np.ndarray
    extent: float = 4.5
    notes: list[str] = field(default_factory=list)


def shipped_flows(source: str, target: str) -> list[tuple[str, torch.nn.Module]]:
    """The shipped flows of a pair, in stage order."""
    if (source, target) not in SHIPPED_PAIRS:
        pairs = ", ".join(f"{s} -> {t}" for s, t in SHIPPED_PAIRS)
        raise InvalidInput("no_shipped_pair", source=source, target=target, pairs=pairs)
    return [(label, checkpoints.load_model(f"rf-2d-{source}-{target}-{stage}")) for stage, label in SHIPPED_STAGES]


def run_flow(label: str, model, x1: torch.Tensor, steps: int, ref: np.ndarray, floor: float) -> FlowRow:
    """One flow on the source points ``x1``: ``steps`` Euler steps (paths recorded), 1 step, straightness."""
    record, frames = trajectory_recorder(TRAJECTORIES)
    out = flow_points(model, x1, steps, callback=record)
    one = flow_points(model, x1, 1).x
    st = straightness(PointVelocity(model), x1)
    paths = torch.stack([x1[:TRAJECTORIES]] + [f[1] for f in frames], dim=1).numpy()
    return FlowRow(label, out.x.numpy(), one.numpy(), w2_against(out.x, ref, floor), w2_against(one, ref, floor),
                   st["straightness"], st["transport_cost"], paths, out.nfe, out.seconds)


def points_request(source: Any, target: Any, source_drawing: Any, target_drawing: Any, model: Any, live: Any,
                   steps: Any, n: Any, seed: Any) -> PointsResult:
    """The tab's 2D request: every flow of the pair, shipped or live, from the same ``x_1``."""
    model = check_choice("model", model, MODELS)
    steps, n = EULER_STEPS.check(steps), N_POINTS.check(n)
    seed = check_seed(seed)
    src = make_source(source, source_drawing)
    tgt = make_target(target, target_drawing, POINT_DATASETS)
    if model == "shipped":
        if DRAWING in (src.name, tgt.name):
            raise InvalidInput("drawing_not_shipped")
        flows = shipped_flows(src.name, tgt.name)
    else:
        if not isinstance(live, LiveRectifiedFlow) or not live.flows():
            raise InvalidInput("no_live_flows")
        if live.source.key != src.key or live.target.key != tgt.key:
            raise InvalidInput("live_pair_changed", source=live.source.name, target=live.target.name)
        flows = live.flows()

    def compute() -> PointsResult:
        x1 = torch.from_numpy(src.reference(n, REFERENCE_SEED + seed))
        ref, floor = reference_with_floor(n, tgt.reference, REFERENCE_SEED + seed)
        rows = [run_flow(label, m, x1, steps, ref, floor) for label, m in flows]
        return PointsResult(src.name, tgt.name, steps, rows, ref, x1.numpy(), max(src.extent, tgt.extent))

    if model != "shipped":
        return compute()  # a live model's result is never cached
    return cached("rf_points", (src.name, tgt.name, steps, n, seed),
                  tuple(f"rf-2d-{src.name}-{tgt.name}-{stage}" for stage, _ in SHIPPED_STAGES), compute)


@dataclass
class DigitsResult:
    labels: torch.Tensor
    images: list[torch.Tensor]  # one (N, 1, 8, 8) batch per flow
    # flow, steps, NFE, ms, classifier confidence [95%], class accuracy [95%] (of the shown digits), Fréchet [95%]
    # and its floor [95%] (of FRECHET_N class-balanced digits by the same flow, steps and seed), each "v [lo, hi]"
    rows: list[list]


def digits_request(digit_class: Any, n_images: Any, steps: Any, seed: Any) -> DigitsResult:
    """The 1- and 2-rectified digits flows from the same noise, ``steps`` scheduler steps each."""
    n, steps = N_IMAGES.check(n_images), DIGIT_STEPS.check(steps)
    seed = check_seed(seed)
    labels = digit_labels(digit_class, n)  # "any": class-balanced
    return cached("rf_digits", (tuple(labels.tolist()), steps, seed),
                  ("digits-classifier", *(name for name, _ in DIGIT_FLOWS)), lambda: _digits(labels, steps, seed))


def _digits(labels: torch.Tensor, steps: int, seed: int) -> DigitsResult:
    """Confidence and accuracy of the shown digits; the Fréchet distance (classifier features) of ``FRECHET_N``
    class-balanced digits beside its floor. The Fréchet needs that many: on a handful of digits its
    small-sample bias swamps the difference between flows (both land below the floor), and confidence alone
    rewards a blur that sits at a class mean."""
    clf = checkpoints.load_model("digits-classifier")
    real, real_labels = heldout_features(clf)
    balanced = digit_labels(ANY_DIGIT, FRECHET_N)
    images, rows = [], []
    for name, label in DIGIT_FLOWS:
        unet = checkpoints.load_model(name)
        out = generate_flow_digits(unet, labels, steps, seed=seed)
        _, probs = classifier_outputs(clf, out.x)
        images.append(out.x)
        q = {**confidence_figures(probs), **accuracy_figures(probs, labels)}  # each with its 95% interval
        features, _ = classifier_outputs(clf, generate_flow_digits(unet, balanced, steps, seed=seed).x)
        q.update(frechet_with_floor(features, real, real_labels))
        rows.append([label, steps, out.nfe, round(out.seconds * 1000, 1), format_interval(q, "confidence"),
                     format_interval(q, "class_accuracy"), format_interval(q, "frechet", 1),
                     format_interval(q, "frechet_floor", 1)])
    return DigitsResult(labels, images, rows)
