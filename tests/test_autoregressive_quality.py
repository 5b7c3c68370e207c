"""The shipped autoregressive models' figures, recomputed from their weights and held to the thresholds of
issue 23: every 17-level model below the independent-pixel baseline in test bits per pixel, the best at most
1.75, the binary models below the independent binary pixels in nats per image, and the best model's samples
read by the shipped classifier with a mean confidence of at least 0.8."""
from __future__ import annotations

import pytest

from core.autoregressive.digits import all_orders_figures, classifier_confidence
from core.autoregressive.recipes import BEST, QUALITY_SAMPLES, QUALITY_SEED, SETTINGS
from core.metrics.likelihood import baselines
from core.runtime import checkpoints

pytestmark = pytest.mark.quality

BEST_BITS = 1.75  # the best model's test bits per pixel (issue 23)
CONFIDENCE = 0.8  # the classifier's mean confidence in the best model's samples at temperature 1


@pytest.fixture(scope="module")
def reference():
    return baselines()


@pytest.mark.parametrize("name", list(SETTINGS))
def test_every_model_beats_independent_pixels_and_matches_its_record(name, reference):
    model = checkpoints.load_model(name)
    figures = all_orders_figures(model)
    recorded = checkpoints.quality(name)["test"]
    assert set(figures) == set(recorded)
    key = "nats_per_image" if model.levels == 2 else "bits_per_pixel"
    for order, f in figures.items():
        assert f[key] == pytest.approx(recorded[order][key], abs=1e-3), order
        assert f[f"{key}_hi"] < reference["independent"][key], order  # interval and all below the baseline
    if "ensemble" in figures:  # the mixture over orderings beats the average ordering
        singles = [f[key] for o, f in figures.items() if o != "ensemble"]
        assert figures["ensemble"][key] < sum(singles) / len(singles)


def test_best_model_reaches_the_target(reference):
    figures = all_orders_figures(checkpoints.load_model(BEST))["order_0"]
    assert figures["bits_per_pixel"] <= BEST_BITS
    for name in SETTINGS:
        q = checkpoints.quality(name)
        if q["levels"] == 17:
            assert all(f["bits_per_pixel"] >= figures["bits_per_pixel"] for f in q["test"].values()), name


def test_best_model_samples_are_digits_the_classifier_reads():
    figures = classifier_confidence(checkpoints.load_model(BEST), QUALITY_SAMPLES, 1.0, QUALITY_SEED)
    assert figures["confidence"] >= CONFIDENCE
    assert figures["confidence"] == pytest.approx(checkpoints.quality(BEST)["samples"]["confidence"], abs=1e-4)


@pytest.mark.parametrize("name", list(SETTINGS))
def test_checkpoints_are_small(name):
    size = sum(f.stat().st_size for f in checkpoints.path(name).iterdir() if f.is_file())
    assert size <= 10 * 2**20
