"""The flows tab's endpoints, one validated function each (the API can send anything).

- ``evaluate_request``: held-out NLL beside the true density's, the invertibility error, and the model's
  density and ``log|det J|`` on a grid;
- ``layers_request``: the layer-by-layer view (``core.flows.layerview``) at one stage;
- ``digits_request`` / ``interpolate_request``: digits samples at a temperature, bits/dim, and a latent
  interpolation strip between two test digits.

2D models: the shipped flows (``flow-2d-8gaussians-<kind>``, trained on 8gaussians) or the session's
live one (``core.flows.live.LiveDensityFlow``; any toy density or a drawing).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import torch

from core.data.digits import NUM_TEST, load_split
from core.data.targets import POINT_DATASETS, Target, make_target
from core.flows import digits
from core.flows.density import HELD_OUT, HELD_OUT_SEED, Likelihood, density_grid, likelihood
from core.flows.layerview import LayerView, layer_view
from core.flows.live import MAX_LAYERS, live_model
from core.flows.models import KINDS, FlowModel
from core.metrics.intervals import mean_interval
from core.runtime import checkpoints
from core.runtime.memo import cached
from core.runtime.validation import MAX_IMAGES, SEED, InvalidInput, Spec, check_choice, check_int, check_seed, number

SOURCES = ("shipped", "live")  # the shipped flow (8gaussians) or the session's live one
SHIPPED_DATASET = "8gaussians"  # the dataset the shipped 2D flows were trained on
VIEW_POINTS = (100, 5000)  # range of points the layer view accepts
MIN_TEMPERATURE, MAX_TEMPERATURE = 0.0, 1.5  # sampling temperature range
MAX_STRIP = 16  # most images in an interpolation strip
MAX_STAGES = 3 * MAX_LAYERS + 1  # stages of the deepest flow shown (Glow: three layers a step, and the data)


@dataclass(frozen=True)
class FlowsDefaults:
    """What the flows tab's views open with."""

    dataset: str = SHIPPED_DATASET  # the 2D views' dataset
    source: str = "shipped"  # the shipped flow, or the session's "live" one
    kind: str = "realnvp"  # the shipped flow shown (KINDS)
    layer: int = 0  # the stage shown (0: data space)
    n_points: int = 1000  # points pushed through the layers
    temperature: float = 0.7  # the digits' sampling temperature
    n_images: int = 32  # digits sampled
    index_a: int = 0  # the strip's test digits
    index_b: int = 5
    steps: int = 10  # images in the strip
    seed: int = SEED.default  # every view's seed (the seed box's)


DEFAULTS = FlowsDefaults()
N_POINTS = Spec("number of points", *VIEW_POINTS, DEFAULTS.n_points, 100)
LAYER = Spec("layer", 0, MAX_STAGES, DEFAULTS.layer)  # a request's bound; each flow checks 0..its own L
TEMPERATURE = number("temperature", MIN_TEMPERATURE, MAX_TEMPERATURE, DEFAULTS.temperature, 0.05)
N_IMAGES = Spec("number of images", 1, MAX_IMAGES, DEFAULTS.n_images)
INDEX_A = Spec("first test digit", 0, NUM_TEST - 1, DEFAULTS.index_a)
INDEX_B = Spec("second test digit", 0, NUM_TEST - 1, DEFAULTS.index_b)
STRIP = Spec("interpolation steps", 2, MAX_STRIP, DEFAULTS.steps)


def shipped_name(kind: str) -> str:
    return f"flow-2d-{SHIPPED_DATASET}-{kind}"


def point_model(dataset: Any, drawing: Any, source: Any, kind: Any, live: Any) -> tuple[Target, FlowModel]:
    """The target and the flow a 2D request asks for: the shipped ``kind`` (8gaussians only) or the live one."""
    source = check_choice("source", source, SOURCES)
    target = make_target(dataset, drawing, POINT_DATASETS)
    if source == "live":
        return target, live_model(live, target)
    kind = check_choice("model", kind, KINDS)
    if target.name != SHIPPED_DATASET:
        raise InvalidInput("shipped_flows_dataset", shipped=SHIPPED_DATASET, dataset=target.name)
    return target, checkpoints.load_model(shipped_name(kind))


@dataclass
class Evaluation:
    """A 2D flow judged: held-out likelihood, the data shown, and its density and log|det J| on a grid."""

    target: Target
    likelihood: Likelihood
    real: np.ndarray
    axis: np.ndarray
    log_p: np.ndarray
    log_det: np.ndarray


def evaluate(model: FlowModel, target: Target, shown: int = 1000) -> Evaluation:
    """NLL on ``HELD_OUT`` held-out points (and the true density's where known), density and log|det J| grids."""
    points = target.reference(HELD_OUT, HELD_OUT_SEED)
    lik = likelihood(model, points, target.name)
    axis, log_p, log_det = density_grid(model, target.extent)
    return Evaluation(target, lik, points[:shown], axis, log_p, log_det)


def evaluate_request(dataset: Any, drawing: Any, source: Any, kind: Any, live: Any) -> Evaluation:
    target, model = point_model(dataset, drawing, source, kind, live)
    return evaluate(model, target)


def layers_request(dataset: Any, drawing: Any, source: Any, kind: Any, n_points: Any, seed: Any,
                   live: Any) -> tuple[Target, LayerView]:
    """Every stage of the chosen flow for ``n_points`` data points and as many Gaussian samples (from ``seed``)."""
    n = N_POINTS.check(n_points)
    seed = check_seed(seed)
    target, model = point_model(dataset, drawing, source, kind, live)
    return target, layer_view(model, target.reference(n, seed), target.extent, seed)


def check_layer(layer: Any, view: LayerView) -> int:
    """A stage index ``0..L`` of ``view`` (0: data space, ``L``: the latent), within a request's ``LAYER``."""
    return check_int("layer", LAYER.check(layer), 0, view.num_layers)


@dataclass
class DigitSamples:
    images: torch.Tensor  # (n, 1, 8, 8) in [-1, 1]
    confidence: tuple[float, float, float]  # mean top-class probability of the shipped classifier [95%]
    test_bpd: tuple[float, float, float]  # bits per dimension on the test split (dequantized) [95% over digits]
    uniform_bpd: float  # log2(17): a uniform model's bits per dimension


def digits_request(temperature: Any, n_images: Any, seed: Any) -> DigitSamples:
    temperature, n = TEMPERATURE.check(temperature), N_IMAGES.check(n_images)
    seed = check_seed(seed)
    return cached("flows_digits", (temperature, n, seed), ("flow-digits", "digits-classifier"),
                  lambda: _digit_samples(temperature, n, seed))


def _digit_samples(temperature: float, n: int, seed: int) -> DigitSamples:
    images = digits.sample_images(checkpoints.load_model("flow-digits"), n, temperature, seed)
    return DigitSamples(images, digits.confidence_interval(images), test_bpd(), math.log2(digits.LEVELS))


@lru_cache(maxsize=1)
def test_bpd() -> tuple[float, float, float]:
    """The shipped digits flow's test bits/dim and its 95% interval over the test digits, recomputed from its
    weights once per process."""
    per_image = digits.image_bits_per_dim(checkpoints.load_model("flow-digits"), digits.levels_of(load_split().x_test))
    return mean_interval(per_image)


def interpolate_request(index_a: Any, index_b: Any, steps: Any) -> torch.Tensor:
    """A strip of ``steps`` images between test digits ``index_a`` and ``index_b``, decoded from the straight
    line between their latents."""
    x_test = load_split().x_test
    a, b, steps = INDEX_A.check(index_a), INDEX_B.check(index_b), STRIP.check(steps)
    return digits.interpolate(checkpoints.load_model("flow-digits"), x_test[a], x_test[b], steps)
