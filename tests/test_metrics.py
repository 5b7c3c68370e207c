"""Metrics (core.metrics): sliced W2 and its floor on 2D points, the Fréchet distance, and the
digits quality figures in the shipped classifier's feature space."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from threadpoolctl import threadpool_limits

from core.data.digits import load_split
from core.data.toy2d import sample_iid, sample_toy
from core.metrics.classify import classifier_outputs, digits_quality, frechet_with_floor, real_digits_figures
from core.metrics.frechet import frechet_distance
from core.metrics.intervals import mean_interval, wilson
from core.metrics.sliced_w2 import FLOOR_DRAWS, FLOOR_SEED, sliced_w2, w2_over_seeds, w2_with_floor
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


def _iid(name):
    return lambda n, seed: sample_iid(name, n, 10_000 + seed)


def _floor_check(name, model, seeds=range(4), n=1000):
    return w2_over_seeds(model, _iid(name), n, seeds)


@pytest.mark.parametrize("name", ["moons", "8gaussians"])
def test_w2_floor_is_a_floor(name):
    """Real held-out points land inside the floor's interval; a slightly shifted copy lands above it."""
    real = _floor_check(name, lambda n, s: sample_iid(name, n, 777 + s))
    assert real["floor_lo"] <= real["w2"] <= real["floor_hi"], real
    assert real["w2_lo"] <= real["floor"] <= real["w2_hi"], real
    assert real["floor_lo"] < real["floor"] < real["floor_hi"] and real["runs"] == 4
    shifted = _floor_check(name, lambda n, s: sample_iid(name, n, 777 + s) + np.float32([0.25, 0.0]))
    assert shifted["w2"] > real["floor_hi"] and shifted["w2_lo"] > real["floor"], (shifted, real)


def test_w2_floor_mode_dropped_scores_above_it():
    """8 Gaussians with one mode dropped (its mass moved to the other seven) scores above the floor."""
    def dropped(n, s):
        x = sample_iid("8gaussians", 2 * n, 777 + s)
        keep = x[~((x[:, 0] > 2) & (np.abs(x[:, 1]) < 1))]  # the mode at (+2.83, 0)
        return keep[:n]

    q = _floor_check("8gaussians", dropped)
    assert q["w2"] > q["floor_hi"] and q["w2_lo"] > q["floor"], q
    noise = _floor_check("moons", lambda n, s: np.random.default_rng(s).standard_normal((n, 2)).astype(np.float32) * 2)
    assert noise["ratio"] > 3, noise


def test_w2_with_floor_draws_reference_and_floor_apart():
    calls = []

    def draw(n, seed):
        calls.append((n, seed))
        return sample_toy("moons", n, seed)

    q = w2_with_floor(sample_toy("moons", 300, seed=99), draw, seed=4)
    assert sorted(calls) == [(300, 13)] + [(300, FLOOR_SEED + k) for k in range(FLOOR_DRAWS)]
    assert q["w2_lo"] <= q["w2"] <= q["w2_hi"] and q["floor_lo"] <= q["floor"] <= q["floor_hi"]
    assert q["ratio"] == pytest.approx(q["w2"] / q["floor"]) and q["runs"] == 1


def test_intervals():
    assert wilson(99, 100)[1] < 0.99 < wilson(99, 100)[2] <= 1.0
    assert wilson(100, 100)[2] == 1.0 and wilson(0, 10)[1] == 0.0
    mean, lo, hi = mean_interval([1.0, 2.0, 3.0])
    assert mean == 2.0 and lo == pytest.approx(2 - 4.303 / np.sqrt(3), rel=1e-3) and hi == pytest.approx(4 - lo)
    assert mean_interval([5.0]) == (5.0, 5.0, 5.0)


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


@pytest.fixture(scope="module")
def heldout(classifier):
    """The held-out test digits split, by class, into a reference pool (24 a class) and a "model" that
    returns the other 12 a class: real digits neither the classifier nor the pool has seen."""
    split = load_split()
    rng = np.random.default_rng(5)
    model_idx = np.concatenate([rng.permutation(np.flatnonzero(split.y_test == c))[:12] for c in range(10)])
    pool_idx = np.setdiff1d(np.arange(len(split.y_test)), model_idx)
    feats = lambda x: classifier_outputs(classifier, x)[0]  # noqa: E731
    return (split.x_test[model_idx], split.y_test[model_idx], feats(split.x_test[pool_idx]),
            split.y_test[pool_idx], feats)


@pytest.mark.quality
def test_frechet_floor_is_a_floor(heldout):
    """Real held-out digits land inside the floor's interval; shifted or mode-dropped digits land above it."""
    x, y, pool, pool_y, feats = heldout
    real = frechet_with_floor(feats(x), pool, pool_y, n=len(x))
    assert real["frechet_n"] == 120
    assert real["frechet_floor_lo"] <= real["frechet"] <= real["frechet_floor_hi"], real
    shifted = frechet_with_floor(feats(torch.roll(x, 1, dims=3)), pool, pool_y, n=len(x))
    assert shifted["frechet_lo"] > real["frechet_floor_hi"], shifted
    no_zeros = x[y != 0]  # one class of ten dropped, its share taken by the others
    dropped = torch.cat([no_zeros, no_zeros[: len(x) - len(no_zeros)]])
    q = frechet_with_floor(feats(dropped), pool, pool_y, n=len(x))
    assert q["frechet_lo"] > real["frechet_floor_hi"], q


@pytest.mark.quality
def test_digits_quality_on_held_out_digits(classifier):
    split = load_split()
    q = digits_quality(classifier, split.x_test, split.y_test)
    assert q["frechet_n"] == 180 and q["frechet_floor_lo"] < q["frechet_floor"] < q["frechet_floor_hi"]
    assert q["class_accuracy_lo"] <= q["class_accuracy"] <= q["class_accuracy_hi"]
    assert q["class_accuracy"] >= MIN_CLASSIFIER_ACCURACY and q["confidence_lo"] > 0.9
    assert real_digits_figures(classifier)["class_accuracy"] == q["class_accuracy"]


@pytest.mark.quality
def test_digits_quality_noise_is_far_above_the_floor(classifier):
    noise = torch.rand(180, 1, 8, 8, generator=torch.Generator().manual_seed(0)) * 2 - 1
    q = digits_quality(classifier, noise)
    assert "class_accuracy" not in q
    assert q["frechet_ratio"] > 5 and q["frechet_lo"] > q["frechet_floor_hi"], q


def test_bootstrap_interval_covers_the_mean_and_narrows_with_n():
    from core.metrics.intervals import bootstrap, format_interval, per_item

    rng = np.random.default_rng(0)
    widths = []
    for n in (50, 800):
        x = rng.normal(1.0, 1.0, n)
        lo, hi = bootstrap(lambda i: {"mean": x[i].mean()}, n)["mean"]
        assert lo < x.mean() < hi
        widths.append(hi - lo)
        t = per_item("m", x)
        assert t["m_lo"] < t["m"] < t["m_hi"] and abs((t["m_hi"] - t["m_lo"]) - (hi - lo)) < 0.3 * (hi - lo)
    assert widths[1] < widths[0] / 2
    assert format_interval({"a": 0.5, "a_lo": 0.25, "a_hi": 0.75}, "a", 2) == "0.50 [0.25, 0.75]"
    assert format_interval({"a": 0.5, "b": 3}, "a", 1) == "0.5" and format_interval({"b": 3}, "b") == "3"
