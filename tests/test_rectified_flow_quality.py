"""Quality of the shipped rectified flows, recomputed from the weights and held to the done-when lines.

2D, on each shipped pair: the 2-rectified flow's straightness is below a third of the 1-rectified
flow's, and its 1-step sliced W2 below half of the 1-rectified flow's. Digits: the 2-rectified flow at
1 and 2 steps has class accuracy >= 70% and a lower Fréchet distance than the 1-rectified flow at the
same steps; at 4 steps it beats DDIM (the diffusion tab's digits-unet) at 4 steps.
"""
from __future__ import annotations

from functools import lru_cache

import pytest
import torch

from core.rectified_flow import points
from core.rectified_flow.digits import digits_flow_quality
from core.rectified_flow.request import SHIPPED_PAIRS
from core.runtime import checkpoints

pytestmark = pytest.mark.quality


@lru_cache(maxsize=None)
def stats(source: str, target: str, stage: str) -> dict:
    name = f"rf-2d-{source}-{target}-{stage}"
    return points.flow_stats(checkpoints.load_model(name), points.make_source(source), points.make_target(target))


@pytest.mark.parametrize("source, target", SHIPPED_PAIRS)
def test_reflow_straightens_and_one_step_lands(source, target):
    one, two = stats(source, target, "1"), stats(source, target, "2")
    assert two["straightness"] < one["straightness"] / 3
    assert two["euler1"]["w2"] < one["euler1"]["w2"] / 2
    assert two["euler1"]["ratio"] < 2.0  # one step within twice the floor
    saved = checkpoints.quality(f"rf-2d-{source}-{target}-2")
    assert two["straightness"] == pytest.approx(saved["straightness"], rel=1e-3, abs=1e-6)
    assert two["euler1"]["w2"] == pytest.approx(saved["euler1"]["w2"], rel=1e-3)


@pytest.mark.parametrize("source, target", SHIPPED_PAIRS)
def test_ot_coupling_straightens_the_first_flow(source, target):
    assert stats(source, target, "ot")["straightness"] < stats(source, target, "1")["straightness"]


@lru_cache(maxsize=None)
def digits(name: str, steps: int) -> dict:
    return digits_flow_quality(checkpoints.load_model(name), steps)


@pytest.mark.parametrize("steps", [1, 2])
def test_reflowed_digits_flow_at_one_and_two_steps(steps):
    one, two = digits("rf-digits-1", steps), digits("rf-digits-2", steps)
    assert two["class_accuracy"] >= 0.70
    assert two["frechet"] < one["frechet"]
    assert two["frechet"] == pytest.approx(checkpoints.quality("rf-digits-2")[f"euler{steps}"]["frechet"], rel=1e-3)


def test_reflowed_digits_flow_beats_ddim_at_four_steps():
    from core.data.digits import load_split
    from core.metrics.classify import digits_quality
    from core.sampling.generate import generate_digits

    labels = torch.arange(500) % 10
    x = generate_digits(checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet"), labels, 4,
                        "ddim", seed=0).x
    split = load_split()
    ddim = digits_quality(checkpoints.load_model("digits-classifier"), x, labels, split.x_test)
    assert digits("rf-digits-2", 4)["frechet"] < ddim["frechet"]
