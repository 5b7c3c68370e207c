"""Metrics (core.metrics): sliced W2 and its floor on 2D points, the Fréchet distance, and the
digits quality figures in the shipped classifier's feature space."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_limits

from core.data.digits import load_split
from core.data.toy2d import TOY_DATASETS, sample_toy
from core.metrics.classify import classifier_outputs, digits_quality
from core.metrics.frechet import frechet_distance
from core.metrics.sliced_w2 import sliced_w2, w2_with_floor
from core.runtime import checkpoints

MIN_CLASSIFIER_ACCURACY = 0.97  # the shipped digits classifier on the 360 held-out test images


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """One torch and one BLAS thread: scipy's sqrtm on a shared 2-core machine is ~20x slower with two."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    with threadpool_limits(1):
        yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def classifier():
    return checkpoints.load_model("digits-classifier")


# ---- sliced W2 ---------------------------------------------------------------------------------

def test_sliced_w2_identity_symmetry_and_types():
    a = sample_toy("moons", 1500, seed=0)
    b = sample_toy("moons", 1500, seed=1)
    assert sliced_w2(a, a) == 0.0
    assert sliced_w2(a, b) == pytest.approx(sliced_w2(b, a), rel=1e-12)
    assert 0 < sliced_w2(a, b) < 0.1  # two real samples are close
    assert sliced_w2(torch.from_numpy(a), torch.from_numpy(b)) == pytest.approx(sliced_w2(a, b), rel=1e-12)
    assert sliced_w2(a, np.random.default_rng(0).permutation(a)) == pytest.approx(0.0, abs=1e-12)  # order-free


@pytest.mark.parametrize("shift", [(0.5, 0.0), (1.0, 1.0), (-2.0, 3.0)])
def test_sliced_w2_of_a_translation(shift):
    """For y = x + s, every 1D projection moves by <theta, s>, so SW2 = sqrt(E <theta, s>^2) = |s| / sqrt(2)."""
    x = sample_toy("8gaussians", 1000, seed=0)
    s = np.array(shift, dtype=np.float32)
    expected = np.linalg.norm(s) / np.sqrt(2)
    assert sliced_w2(x, x + s) == pytest.approx(expected, rel=0.06)


def test_sliced_w2_grows_with_the_shift():
    x = sample_toy("checkerboard", 1000, seed=0)
    values = [sliced_w2(x, x + np.array([d, -d])) for d in (0.1, 0.5, 1.0, 2.0)]
    assert all(a < b for a, b in zip(values, values[1:])), values


def test_sliced_w2_unequal_sizes():
    a = sample_toy("circles", 3000, seed=0)
    b = sample_toy("circles", 700, seed=1)
    assert sliced_w2(a, b) == pytest.approx(sliced_w2(b, a), rel=1e-12)
    assert sliced_w2(a, b) < 0.15
    assert sliced_w2(a, b + np.array([1.0, 1.0])) == pytest.approx(1.0, rel=0.1)
    assert sliced_w2(a, a[::3]) < 0.05  # a subsample of the same cloud
    assert sliced_w2(a, np.zeros((5, 2))) > 1.0


def test_sliced_w2_non_finite_is_inf():
    a = sample_toy("moons", 100, seed=0)
    b = a.copy()
    b[3, 1] = np.nan
    assert sliced_w2(a, b) == float("inf") and sliced_w2(b, a) == float("inf")


@pytest.mark.parametrize("name", sorted(TOY_DATASETS))
def test_w2_with_floor(name):
    """Real vs real lands near the floor; Gaussian noise of the same overall scale is far above it."""
    draw = lambda n, seed: sample_toy(name, n, 10_000 + seed)  # noqa: E731
    real = [w2_with_floor(sample_toy(name, 2000, seed=s), draw, seed=s) for s in range(3)]
    for r in real:
        assert r["floor"] > 0 and r["ratio"] == pytest.approx(r["w2"] / r["floor"])
    ratio_real = np.mean([r["w2"] for r in real]) / np.mean([r["floor"] for r in real])
    assert ratio_real < 1.5, real
    noise = np.random.default_rng(0).standard_normal((2000, 2)).astype(np.float32) * 2
    assert w2_with_floor(noise, draw, seed=0)["ratio"] > 3


def test_w2_with_floor_uses_disjoint_real_sets():
    calls = []

    def draw(n, seed):
        calls.append((n, seed))
        return sample_toy("moons", n, seed)

    w2_with_floor(sample_toy("moons", 300, seed=99), draw, seed=4)
    assert sorted(calls) == [(300, 13), (300, 14)]


# ---- Fréchet distance --------------------------------------------------------------------------

def test_frechet_distance():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((2000, 16)) @ rng.standard_normal((16, 16))
    assert abs(frechet_distance(a, a)) < 1e-6 * np.trace(np.cov(a, rowvar=False))
    b = rng.standard_normal((2000, 16)) @ rng.standard_normal((16, 16))
    assert frechet_distance(a, b) > 1.0
    values = []
    for d in (0.25, 0.5, 1.0, 2.0):
        shift = np.full(16, d)
        # equal covariances: the distance is exactly the squared mean shift
        assert frechet_distance(a, a + shift) == pytest.approx(16 * d * d, rel=1e-6, abs=1e-6)
        values.append(frechet_distance(b, a + shift))
    assert all(x < y for x, y in zip(values, values[1:]))
    assert frechet_distance(torch.from_numpy(a), a + 1) == pytest.approx(16.0, rel=1e-6)
    a[0, 0] = np.inf
    assert frechet_distance(a, b) == float("inf")


# ---- digits quality with the shipped classifier ------------------------------------------------

@pytest.mark.quality
def test_shipped_classifier_accuracy(classifier):
    recorded = checkpoints.quality("digits-classifier")["test_accuracy"]
    assert recorded >= MIN_CLASSIFIER_ACCURACY
    split = load_split()
    feats, probs = classifier_outputs(classifier, split.x_test, batch=100)
    assert feats.shape == (360, 128) and probs.shape == (360, 10)
    torch.testing.assert_close(probs.sum(-1), torch.ones(360))
    accuracy = float((probs.argmax(-1) == split.y_test).float().mean())
    assert accuracy >= MIN_CLASSIFIER_ACCURACY
    assert abs(accuracy - recorded) <= 1 / 360 + 1e-9  # at most one image flips across machines


@pytest.mark.quality
def test_digits_quality_real_sits_at_the_floor(classifier):
    split = load_split()
    n = len(split.x_test)
    # held-out real images (a slice of train) against test; the floor uses other train images
    q = digits_quality(classifier, split.x_train[:n], split.y_train[:n], split.x_train[n:], split.x_test)
    assert q["frechet_floor"] > 0
    assert q["frechet_ratio"] < 1.5, q
    assert q["class_accuracy"] >= MIN_CLASSIFIER_ACCURACY and q["confidence"] > 0.9
    same = digits_quality(classifier, split.x_test, split.y_test, split.x_train, split.x_test)
    assert abs(same["frechet"]) < 1e-6 * same["frechet_floor"]


@pytest.mark.quality
def test_digits_quality_noise_is_far_above_the_floor(classifier):
    split = load_split()
    noise = torch.rand(360, 1, 8, 8, generator=torch.Generator().manual_seed(0)) * 2 - 1
    q = digits_quality(classifier, noise, None, split.x_train, split.x_test)
    assert "class_accuracy" not in q
    assert q["frechet_ratio"] > 5, q
