"""The shipped ControlNets held to their thresholds on the test split, at the tab's default settings.

Follow rate: the condition extracted from each generated digit vs the test digit's condition:
stroke maps (32x32) by IoU, dilated by one pixel (3x3 square) before comparing; low-resolution maps
by the correlation r of their 4x4 block means. The floor
is the base model at control scale 0 with the same conditions, prompts and seeds.

Each test recomputes its figure on the first ``QUALITY_N`` test digits (the split is stratified and shuffled)
and holds the figure's 95% interval to the threshold: the lower end of the follow rate (or accuracy) above
the threshold, and above the ratio times the upper end of the floor. The shipped figures on all 360 are in each
checkpoint's ``quality.json``.
"""
from __future__ import annotations

import pytest
import torch

from core.controlnet.conditions import extract
from core.controlnet.drawing import EXAMPLE_STROKES, condition_from_drawing, render_example
from core.controlnet.metrics import follow_scores
from core.controlnet.sampling import DEFAULTS, checkpoint_name, generate_controlled, load
from core.data.digits import load_split
from core.metrics.classify import accuracy_figures, class_accuracy, classifier_outputs
from core.nn.unet_digits import NULL_CLASS
from core.runtime import checkpoints

pytestmark = pytest.mark.quality

STROKE_FOLLOW_MIN = 0.6  # mean IoU of the stroke ControlNet, no class prompt
FLOOR_RATIO_MIN = 2.0  # follow rate over the floor (control scale 0)
CLASS_ACCURACY_MIN = 0.8  # class prompt and condition agree
LOWRES_FOLLOW_MIN = 0.95  # mean correlation r of the 4x4 block means, no class prompt
LOWRES_RATIO_MIN = 1.3  # the lowres floor is high: the block means of any two digits correlate (r ~ 0.67)
EXAMPLES_ACCURACY_MIN = 0.8  # the example sketches, drawn through the canvas path, with their class prompt
QUALITY_N = 120  # test digits each figure is recomputed on: its interval still clears every threshold


def _run(condition_type, cond, labels, scale, guess=False):
    unet, controlnet, sched_cfg = load(condition_type)
    return generate_controlled(unet, controlnet, sched_cfg, cond=cond, labels=labels, steps=DEFAULTS.steps,
                               control_scale=scale, guidance_scale=DEFAULTS.guidance_scale, guess_mode=guess,
                               seed=0).x


@pytest.fixture(scope="module")
def test_split():
    split = load_split()
    return split.x_test[:QUALITY_N], split.y_test[:QUALITY_N]


@pytest.mark.parametrize("condition_type, follow_min, ratio_min", [
    ("stroke", STROKE_FOLLOW_MIN, FLOOR_RATIO_MIN), ("lowres", LOWRES_FOLLOW_MIN, LOWRES_RATIO_MIN)])
def test_follow_rate_beats_its_floor(test_split, condition_type, follow_min, ratio_min):
    x, _ = test_split
    cond = extract(condition_type, x)
    null = torch.full((len(x),), NULL_CLASS)
    follow = follow_scores(condition_type, _run(condition_type, cond, null, 1.0), cond)
    floor = follow_scores(condition_type, _run(condition_type, cond, null, 0.0), cond)
    print(f"{condition_type} on {len(x)}: follow {follow['follow']:.3f} [{follow['follow_lo']:.3f}, "
          f"{follow['follow_hi']:.3f}], floor {floor['follow']:.3f} [{floor['follow_lo']:.3f}, {floor['follow_hi']:.3f}]")
    assert follow["follow_lo"] >= follow_min and follow["follow_lo"] >= ratio_min * floor["follow_hi"]


def test_class_accuracy_when_prompt_and_stroke_agree(test_split):
    x, y = test_split
    cond = extract("stroke", x)
    generated = _run("stroke", cond, y, 1.0)
    acc = accuracy_figures(classifier_outputs(checkpoints.load_model("digits-classifier"), generated)[1], y)
    print(f"class accuracy on {len(y)}: {acc['class_accuracy']:.3f} [{acc['class_accuracy_lo']:.3f}, "
          f"{acc['class_accuracy_hi']:.3f}]")
    assert acc["class_accuracy_lo"] >= CLASS_ACCURACY_MIN


def test_example_sketches_give_their_digit():
    names = list(EXAMPLE_STROKES)
    cond = torch.cat([condition_from_drawing("stroke", render_example(n)) for n in names]).repeat(4, 1, 1, 1)
    labels = torch.tensor([int(n) for n in names]).repeat(4)
    generated = _run("stroke", cond, labels, 1.0)
    acc = class_accuracy(classifier_outputs(checkpoints.load_model("digits-classifier"), generated)[1], labels)
    print(f"example sketches: class accuracy {acc:.3f}")
    assert acc >= EXAMPLES_ACCURACY_MIN


@pytest.mark.parametrize("condition_type", ["stroke", "lowres"])
def test_checkpoints_are_small_and_recorded(condition_type):
    folder = checkpoints.path(checkpoint_name(condition_type))
    size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
    assert size <= 10 * 2**20
    q = checkpoints.quality(checkpoint_name(condition_type))
    assert q["train"]["condition_type"] == condition_type and q["no_class"]["follow"] > q["no_class"]["floor_follow"]
