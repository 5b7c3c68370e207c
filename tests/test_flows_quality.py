"""The shipped flows' figures, recomputed from their weights and held to the thresholds."""
from __future__ import annotations

import math

import pytest

from core.data.digits import load_split
from core.flows import digits
from core.flows.density import held_out, likelihood
from core.runtime import checkpoints

pytestmark = pytest.mark.quality


@pytest.mark.parametrize("kind", ["realnvp", "nice", "glow"])
def test_8gaussians_nll_beside_the_true_density(kind):
    name = f"flow-2d-8gaussians-{kind}"
    lik = likelihood(checkpoints.load_model(name), held_out("8gaussians"), "8gaussians")
    assert lik.n >= 5000
    assert lik.gap > 0  # no model beats the true density
    assert lik.invertibility < 1e-4
    recorded = checkpoints.quality(name)["held_out"]
    assert lik.gap == pytest.approx(recorded["gap"], abs=1e-3)
    if kind == "realnvp":
        assert lik.gap < 0.2  # within 0.2 nats of the floor


def test_digits_flow_bits_per_dim_and_samples():
    model = checkpoints.load_model("flow-digits")
    bpd = digits.bits_per_dim(model, digits.levels_of(load_split().x_test))
    assert bpd < math.log2(digits.LEVELS) - 1  # far below a uniform model's 4.09 bits/dim
    assert bpd == pytest.approx(checkpoints.quality("flow-digits")["test_bpd"], abs=1e-3)
    images = digits.sample_images(model, digits.QUALITY_SAMPLES, 0.7, digits.QUALITY_SEED)
    assert digits.confidence(images) >= 0.5


def test_digits_checkpoint_is_small():
    size = sum(f.stat().st_size for f in checkpoints.path("flow-digits").iterdir() if f.is_file())
    assert size <= 10 * 2**20
