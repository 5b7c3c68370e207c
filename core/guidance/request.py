"""The guidance tab's requests, one validated function per endpoint (the API can send anything).

Scales are diffusers' ``guidance_scale`` w (Ho & Salimans' ``w'`` = w - 1), from 0 (the unconditional
model) to ``MAX_SCALE``; ``direction="away"`` is negative guidance.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import torch

from core.data.digits import NUM_CLASSES
from core.guidance import quality
from core.guidance.sampling import DIRECTIONS, METHODS, point_fields, signed_scale
from core.guidance.train import RING, RING_CLASSES
from core.runtime import checkpoints, device
from core.runtime.memo import cached
from core.runtime.validation import MAX_IMAGES, SEED, Spec, check_choice, check_seed, number
from core.sampling.generate import Generated

MAX_SCALE = 10.0  # largest guidance scale a request accepts
MAX_GUIDED_STEPS = 200  # sampler steps per guided request (classifier guidance adds a backward per step)
MAX_GUIDED_POINTS = 5000  # 2D points per guided request
FIELD_SIDE = 15  # arrows per side of the field's grid
FIELD_EXTENT = 3.2  # half-width of the field's square
MAX_T = 999  # largest diffusion time of the field slider (T - 1)
RING_LABELS = tuple(str(c) for c in range(RING_CLASSES))  # class choices of the ring (mode index)
DIGIT_LABELS = tuple(str(c) for c in range(NUM_CLASSES))  # class choices of the digits


@dataclass(frozen=True)
class GuidanceSettings:
    method: str = "cfg"  # "cfg" (classifier-free) or "classifier" (noise-aware classifier's gradient)
    direction: str = "toward"  # "toward" the class, or "away" from it (negative guidance)
    scale: float = 3.0  # guidance scale w (diffusers' guidance_scale; Ho & Salimans' w' = w - 1)
    steps: int = 30  # DDIM steps
    seed: int = SEED.default  # seed of the initial noise (the seed box's)
    t: int = 300  # diffusion time of the field view (0 = clean data, 999 = pure noise)
    n_points: int = 1000  # 2D samples per request
    n_images: int = 20  # digits per request
    label: str = "0"  # the ring's mode, or the digit, guided toward


DEFAULTS = GuidanceSettings()
SHOWN_POINTS = 100  # the points slider's smallest (the API may ask for as few as 10)
# The ranges every request checks and its sliders show.
SCALE = number("guidance scale", 0.0, MAX_SCALE, DEFAULTS.scale, 0.25)
T = Spec("noise level t", 0, MAX_T, DEFAULTS.t)
N_POINTS = Spec("number of points", 10, MAX_GUIDED_POINTS, DEFAULTS.n_points, 100,
                shown=(SHOWN_POINTS, MAX_GUIDED_POINTS))
STEPS = Spec("steps", 1, MAX_GUIDED_STEPS, DEFAULTS.steps)
N_IMAGES = Spec("number of images", 2, MAX_IMAGES, DEFAULTS.n_images)


def _common(method: Any, direction: Any, scale: Any) -> tuple[str, str, float]:
    method = check_choice("method", method, METHODS)
    direction = check_choice("direction", direction, DIRECTIONS)
    scale = SCALE.check(scale)
    return method, direction, signed_scale(scale, direction)


def _label(value: Any, choices: tuple[str, ...]) -> int:
    return int(check_choice("class", str(value) if isinstance(value, int) and not isinstance(value, bool) else value,
                            choices))


@dataclass
class Field:
    """Scores over a grid at time ``t``: ``at`` ``(k, 2)`` and ``{"class", "uncond", "guided"}`` ``(k, 2)``."""

    at: np.ndarray
    fields: dict[str, np.ndarray]
    t: int
    label: int
    method: str
    w: float
    centres: np.ndarray


def field_request(method: Any, label: Any, scale: Any, direction: Any, t: Any) -> Field:
    """The conditional (or classifier-gradient), unconditional and guided scores over the plane at time ``t``."""
    method, _, w = _common(method, direction, scale)
    label = _label(label, RING_LABELS)
    t = T.check(t)
    axis = np.linspace(-FIELD_EXTENT, FIELD_EXTENT, FIELD_SIDE, dtype=np.float32)
    xx, yy = np.meshgrid(axis, axis)
    at = np.stack([xx.ravel(), yy.ravel()], 1)
    model = checkpoints.load_model(quality.RING_MODEL)
    classifier = checkpoints.load_model(quality.RING_CLASSIFIER)
    f = point_fields(model, classifier, method, torch.from_numpy(at).to(device.device()), t, label, w,
                     quality.alphas_cumprod(checkpoints.scheduler_config(quality.RING_MODEL)))
    return Field(at, {k: v.cpu().numpy() for k, v in f.items()}, t, label, method, w, RING.centres)


@dataclass
class GuidedPoints:
    """Points of one class with no guidance (w = 1 for CFG, 0 for classifier guidance) and under guidance."""

    plain: Generated
    guided: Generated
    stats: list[dict]
    label: int
    method: str
    w: float
    real: np.ndarray


def points_request(method: Any, label: Any, scale: Any, direction: Any, n: Any, steps: Any, seed: Any) -> GuidedPoints:
    """Samples of a ring class without and with guidance, from the same seed, with their statistics."""
    method, direction, w = _common(method, direction, scale)
    label = _label(label, RING_LABELS)
    n, steps, seed = N_POINTS.check(n), STEPS.check(steps), check_seed(seed)
    return cached("guidance_points", (method, label, w, n, steps, seed), (quality.RING_MODEL, quality.RING_CLASSIFIER),
                  lambda: _points(method, label, w, n, steps, seed))


def _points(method: str, label: int, w: float, n: int, steps: int, seed: int) -> GuidedPoints:
    model = checkpoints.load_model(quality.RING_MODEL)
    classifier = checkpoints.load_model(quality.RING_CLASSIFIER)
    w_plain = 1.0 if method == "cfg" else 0.0
    jobs = [lambda s=s: quality.sample_points(model, classifier, method, label, s, n, steps, seed) for s in (w_plain, w)]
    plain, guided = device.side_by_side(jobs)
    stats = [{"w": s, "nfe": g.nfe, "seconds": g.seconds, **quality.ring_stats(g.x.numpy(), label)}
             for s, g in ((w_plain, plain), (w, guided))]
    return GuidedPoints(plain, guided, stats, label, method, w, RING.sample(2000, 0))


@dataclass
class GuidedDigits:
    generated: Generated
    stats: dict[str, float]
    label: int
    method: str
    w: float


def digits_request(label: Any, method: Any, scale: Any, direction: Any, steps: Any, seed: Any,
                   n: Any = DEFAULTS.n_images) -> GuidedDigits:
    """``n`` digits of class ``label`` under guidance, judged by the shipped classifier (accuracy toward the
    class; for negative guidance the share that is still the class), each figure with its 95% interval."""
    label = _label(label, DIGIT_LABELS)
    method, _, w = _common(method, direction, scale)
    steps, seed, n = STEPS.check(steps), check_seed(seed), N_IMAGES.check(n)
    labels = torch.full((n,), label, dtype=torch.long)
    return cached("guidance_digits", (label, method, w, steps, seed, n),
                  (quality.DIGITS_MODEL, quality.DIGITS_CLASSIFIER, quality.JUDGE),
                  lambda: _digits(labels, label, method, w, steps, seed))


def _digits(labels: torch.Tensor, label: int, method: str, w: float, steps: int, seed: int) -> GuidedDigits:
    g = quality.sample_digits(method, labels, w, steps, seed)
    return GuidedDigits(g, quality.digits_stats(g.x, labels, per_class=True, intervals=True), label, method, w)
