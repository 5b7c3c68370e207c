"""Quality of the shipped guidance models, recomputed from the weights."""
from __future__ import annotations

import pytest
import torch

from core.data.digits import load_split
from core.diffusion.schedules import image_schedule, points_schedule
from core.guidance import quality
from core.guidance.recipes import NOISY_T
from core.guidance.train import RING, labelled_points, noisy_accuracy
from core.runtime import checkpoints

pytestmark = pytest.mark.quality


@pytest.fixture(scope="module")
def cfg_digits():
    """100 class-balanced digits by DDIM in 30 steps, seed 0, at CFG scales 1 and 3 (the finding's setting)."""
    labels = quality.balanced_labels(100)
    return labels, {w: quality.sample_digits("cfg", labels, w, 30, 0).x for w in (1.0, 3.0)}


def test_cfg_accuracy_at_scale_3_is_at_least_99_percent(cfg_digits):
    labels, x = cfg_digits
    acc = quality.digits_stats(x[3.0], labels)["class_accuracy"]
    assert acc >= 0.99, f"class accuracy at w = 3 is {acc:.3f}: guidance must not lower accuracy"


def test_cfg_lowers_within_class_diversity(cfg_digits):
    labels, x = cfg_digits
    d1, d3 = (quality.digits_stats(x[w], labels, per_class=True) for w in (1.0, 3.0))
    assert d3["diversity"] < d1["diversity"]
    assert d3["class_frechet"] > d1["class_frechet"]  # samples collapse toward a prototype of their class


def test_classifier_guidance_raises_accuracy_from_unconditional():
    labels = quality.balanced_labels(50)
    acc = {w: quality.digits_stats(quality.sample_digits("classifier", labels, w, 20, 0).x, labels)["class_accuracy"]
           for w in (0.0, 5.0)}
    assert acc[0.0] < 0.3 and acc[5.0] >= 0.9, acc


@pytest.mark.parametrize("name, schedule", [("guidance-digits-classifier", image_schedule),
                                            ("guidance-2d-classifier", points_schedule)])
def test_noisy_classifiers_match_their_recorded_accuracy(name, schedule):
    clf = checkpoints.load_model(name)
    if name.startswith("guidance-digits"):
        split = load_split()
        x, y = split.x_test, split.y_test
    else:
        x, y = (torch.from_numpy(a) for a in labelled_points(RING, 4000, 1))
    recorded = checkpoints.quality(name)
    for t in NOISY_T:
        acc = noisy_accuracy(clf, x, y, schedule(), t)
        assert acc == pytest.approx(recorded[f"accuracy_t{t}"], abs=1e-4)
    assert recorded["accuracy_t0"] >= 0.98 and recorded["accuracy_t750"] < recorded["accuracy_t0"]


def test_ring_guidance_pulls_samples_into_the_class_core():
    model = checkpoints.load_model(quality.RING_MODEL)
    figures = quality.ring_figures(model, checkpoints.scheduler_config(quality.RING_MODEL))
    recorded = checkpoints.quality(quality.RING_MODEL)
    for key in ("cfg_w0", "cfg_w1", "cfg_w3"):
        assert figures[key] == pytest.approx(recorded[key], abs=1e-4)
    assert figures["cfg_w1"]["on_class"] >= 0.95 and figures["cfg_w3"]["on_class"] >= figures["cfg_w1"]["on_class"]
    assert figures["cfg_w3"]["spread"] < 0.7 * figures["cfg_w1"]["spread"]  # diversity shrinks
    assert abs(figures["cfg_w1"]["spread"] - figures["data_spread"]) < 0.1  # w = 1 matches the data
