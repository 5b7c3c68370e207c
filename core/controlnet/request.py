"""One validated request of the ControlNet tab and API: drawing in, digits and diagnostics out.

Every value from the UI or the API is checked here (``core.runtime.validation``) before anything runs;
a bad value raises ``InvalidInput`` naming the valid range.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import torch

from core.controlnet.conditions import CONDITION_TYPES
from core.controlnet.drawing import condition_from_drawing
from core.controlnet.metrics import follow_per_sample
from core.controlnet.sampling import (
    MAX_CONTROL_SCALE,
    MAX_GUIDANCE,
    MAX_SAMPLES,
    ControlledGenerated,
    DEFAULTS,
    block_names,
    generate_controlled,
    load,
)
from core.metrics.intervals import mean_interval
from core.nn.unet_digits import NULL_CLASS
from core.runtime.validation import MAX_STEPS, SEED, InvalidInput, Spec, check_choice, number

NO_CLASS = "none"  # the class-prompt choice meaning "no class" (the null class)
CLASS_CHOICES = (NO_CLASS,) + tuple(str(d) for d in range(10))  # class prompts accepted
MAX_UI_STEPS = 200  # the steps slider's top (the API accepts up to MAX_STEPS)
CONDITION_TYPE = "stroke"  # the condition the tab opens with (CONDITION_TYPES)
# The ranges a request checks and its sliders show; defaults from core.controlnet.sampling.DEFAULTS.
CONTROL_SCALE = number("control scale", 0.0, MAX_CONTROL_SCALE, DEFAULTS.control_scale, 0.05)
GUIDANCE_SCALE = number("guidance scale", 0.0, MAX_GUIDANCE, DEFAULTS.guidance_scale, 0.1)
STEPS = Spec("steps", 1, MAX_STEPS, DEFAULTS.steps, shown=(1, MAX_UI_STEPS))
SAMPLES = Spec("number of samples", 1, MAX_SAMPLES, DEFAULTS.samples)
SEED_SPEC = replace(SEED, default=DEFAULTS.seed)  # the seed box starts at the request's default seed


@dataclass
class ControlResult:
    """The condition ``(1, 1, side, side)`` (32 for strokes, 8 for low resolution), the generated digits,
    per-sample follow measure, block labels and
    the validated settings they came from."""

    condition: torch.Tensor
    generated: ControlledGenerated
    follow: np.ndarray  # per-sample follow measure (metrics.FOLLOW_MEASURE: IoU or block r)
    block_names: list[str]
    condition_type: str
    digit_class: str  # the class prompt as chosen: "none" or "0".."9"
    control_scale: float
    guess_mode: bool
    steps: int

    @property
    def follow_interval(self) -> tuple[float, float, float]:
        """The mean follow measure over the samples and its 95% Student-t interval ``(mean, lo, hi)``."""
        return mean_interval(self.follow)


def check_condition_type(value: Any) -> str:
    return check_choice("condition type", value, CONDITION_TYPES)


def check_class(value: Any) -> int:
    """A class prompt ``"none"`` or ``"0"``..``"9"`` (ints accepted) as a label; ``NULL_CLASS`` for none."""
    if value is None:
        return NULL_CLASS
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = check_choice("class", value.strip() if isinstance(value, str) else value, CLASS_CHOICES)
    return NULL_CLASS if value == NO_CLASS else int(value)


def check_flag(name: str, value: Any) -> bool:
    """A checkbox value: ``True``/``False`` (or the strings ``"true"``/``"false"``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidInput.of(name, "flag", value)


def run_request(drawing: Any, condition_type: Any, digit_class: Any, control_scale: Any, guess_mode: Any,
                guidance_scale: Any, steps: Any, samples: Any, seed: Any) -> ControlResult:
    """Validate every value, turn the drawing into its condition and sample ``samples`` digits under it."""
    condition_type = check_condition_type(condition_type)
    label = check_class(digit_class)
    scale = CONTROL_SCALE.check(control_scale)
    guess = check_flag("guess mode", guess_mode)
    w, steps, n = GUIDANCE_SCALE.check(guidance_scale), STEPS.check(steps), SAMPLES.check(samples)
    seed = SEED_SPEC.check(seed)
    cond = condition_from_drawing(condition_type, drawing)
    unet, controlnet, sched_cfg = load(condition_type)
    labels = torch.full((n,), NULL_CLASS if guess else label, dtype=torch.long)
    out = generate_controlled(unet, controlnet, sched_cfg, cond=cond.expand(n, -1, -1, -1), labels=labels,
                              steps=steps, control_scale=scale, guidance_scale=w, guess_mode=guess, seed=seed)
    follow = follow_per_sample(condition_type, out.x, cond.expand(n, -1, -1, -1))
    prompt = NO_CLASS if label == NULL_CLASS else str(label)
    return ControlResult(cond, out, follow, block_names(controlnet), condition_type, prompt, scale, guess, steps)
