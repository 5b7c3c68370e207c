"""Data: the FFJORD toy densities (core.data.toy2d), drawings turned into points (core.data.drawings) and the
scikit-learn digits split (core.data.digits)."""
from __future__ import annotations

import numpy as np
import pytest
import torch
from PIL import Image

from core.data import digits, toy2d
from core.data import drawings as sketch
from core.runtime.validation import EmptyCanvas, InvalidInput

DATASETS = sorted(toy2d.TOY_DATASETS)


# ---- toy2d -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATASETS)
@pytest.mark.parametrize("n", [1, 2, 7, 1000, 1001])
def test_toy_shape_and_dtype(name, n):
    x = toy2d.sample_toy(name, n, seed=3)
    assert isinstance(x, np.ndarray) and x.shape == (n, 2) and x.dtype == np.float32
    assert np.isfinite(x).all()


@pytest.mark.parametrize("name", DATASETS)
def test_toy_seeding(name):
    a, b, c = (toy2d.sample_toy(name, 500, seed=s) for s in (7, 7, 8))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)
    rng1, rng2 = np.random.default_rng(5), np.random.default_rng(5)  # a Generator is accepted and advanced
    np.testing.assert_array_equal(toy2d.sample_toy(name, 50, rng1), toy2d.sample_toy(name, 50, rng2))
    assert not np.allclose(toy2d.sample_toy(name, 50, rng1), toy2d.sample_toy(name, 50, np.random.default_rng(5)))


def test_sample_iid_is_cached_but_returns_fresh_copies():
    a = toy2d.sample_iid("moons", 300, 11)
    a[:] = 0  # a caller's edits never reach the cache
    b, c = toy2d.sample_iid("moons", 300, 11), toy2d.sample_iid("moons", 300, 12)
    assert np.abs(b).sum() > 0 and b is not a and not np.allclose(b, c)
    fresh = toy2d._draw_iid("moons", 300, np.random.default_rng(11))
    np.testing.assert_array_equal(b, fresh)
    rng = np.random.default_rng(11)  # a Generator is not cached: it is advanced
    assert not np.allclose(toy2d.sample_iid("moons", 300, rng), toy2d.sample_iid("moons", 300, rng))


@pytest.mark.parametrize("name", DATASETS)
def test_toy_scale(name):
    """Every density lives in roughly [-4, 4]^2, centred, with a spread of order 1-2."""
    x = toy2d.sample_toy(name, 4000, seed=0)
    assert np.abs(x).max() < 4.6, np.abs(x).max()
    assert np.abs(x.mean(0)).max() < 0.6, x.mean(0)
    assert ((x.std(0) > 0.9) & (x.std(0) < 2.6)).all(), x.std(0)


def test_eight_gaussians_has_eight_equal_clusters_on_a_circle():
    x = toy2d.sample_toy("8gaussians", 8000, seed=1)
    r = 4 / 1.414
    angles = np.arange(8) * np.pi / 4
    centers = r * np.stack([np.cos(angles), np.sin(angles)], 1)
    d = np.linalg.norm(x[:, None] - centers[None], axis=2)
    nearest = d.argmin(1)
    counts = np.bincount(nearest, minlength=8)
    assert (abs(counts - 1000) < 150).all(), counts
    for k in range(8):
        members = x[nearest == k]
        np.testing.assert_allclose(members.mean(0), centers[k], atol=0.05)
        np.testing.assert_allclose(members.std(0), 0.5 / 1.414, rtol=0.1)  # FFJORD's std 0.5, scaled
    assert np.median(np.linalg.norm(x, axis=1)) == pytest.approx(r, abs=0.05)


def test_rings_have_four_radii():
    x = toy2d.sample_toy("rings", 4000, seed=0)
    radius = np.linalg.norm(x, axis=1)
    for r in (3.0, 2.25, 1.5, 0.75):
        share = np.mean(np.abs(radius - r) < 0.25)
        assert share == pytest.approx(0.25, abs=0.03), (r, share)


def test_unknown_toy_dataset():
    with pytest.raises(KeyError, match="unknown toy dataset"):
        toy2d.sample_toy("spiral", 10)


# ---- sketch ------------------------------------------------------------------------------------

def _rgba(h: int = 200, w: int = 200) -> np.ndarray:
    return np.zeros((h, w, 4), dtype=np.uint8)  # transparent: nothing drawn


def _ink_rgba(canvas: np.ndarray, rows: slice, cols: slice) -> np.ndarray:
    canvas[rows, cols] = (0, 0, 0, 255)
    return canvas


def test_sketch_square_top_left_maps_to_top_left_region():
    canvas = _ink_rgba(_rgba(), slice(0, 50), slice(0, 50))
    pts = sketch.points_from_drawing({"composite": canvas, "layers": [], "background": None}, 3000, seed=0)
    assert pts.shape == (3000, 2) and pts.dtype == np.float32
    # the square is the top-left quarter of each side: x in [-4, -2], and y in [2, 4] since y points up
    assert (pts[:, 0] >= -4).all() and (pts[:, 0] <= -2).all()
    assert (pts[:, 1] >= 2).all() and (pts[:, 1] <= 4).all()
    np.testing.assert_allclose(pts.mean(0), [-3.0, 3.0], atol=0.05)  # uniform over the square
    np.testing.assert_allclose(pts.std(0), 2 / np.sqrt(12), rtol=0.05)


def test_sketch_white_rgb_canvas_bottom_right():
    canvas = np.full((120, 120, 3), 255, dtype=np.uint8)
    canvas[90:, 90:] = 0
    pts = sketch.points_from_drawing({"composite": canvas}, 2000, seed=1)
    assert (pts[:, 0] >= 2).all() and (pts[:, 0] <= 4).all()
    assert (pts[:, 1] >= -4).all() and (pts[:, 1] <= -2).all()


def test_sketch_opaque_rgba_and_pil_and_gray():
    canvas = np.full((100, 100, 4), 255, dtype=np.uint8)  # opaque white paper
    canvas[:25, 75:, :3] = 0  # top-right
    for drawing in (canvas, Image.fromarray(canvas), canvas[..., 0]):
        pts = sketch.points_from_drawing(drawing, 500, seed=0)
        assert (pts[:, 0] >= 2).all() and (pts[:, 1] >= 2).all()


def test_sketch_mass_is_proportional_to_inked_area():
    canvas = _rgba()
    _ink_rgba(canvas, slice(0, 20), slice(0, 20))  # 400 pixels, top-left
    _ink_rgba(canvas, slice(160, 200), slice(160, 200))  # 1600 pixels, bottom-right
    pts = sketch.points_from_drawing(canvas, 10_000, seed=0)
    share_big = np.mean(pts[:, 0] > 0)
    assert share_big == pytest.approx(0.8, abs=0.02)


def test_sketch_keeps_aspect_ratio():
    canvas = _ink_rgba(_rgba(100, 200), slice(None), slice(0, 10))  # a wide canvas: a bar at each end
    canvas = _ink_rgba(canvas, slice(None), slice(190, 200))
    pts = sketch.points_from_drawing(canvas, 4000, seed=0)
    assert pts[:, 0].min() < -3.9 and pts[:, 0].max() > 3.9
    assert pts[:, 1].min() < -1.9 and pts[:, 1].max() > 1.9 and np.abs(pts[:, 1]).max() <= 2.0


def test_sketch_seeding():
    canvas = _ink_rgba(_rgba(), slice(50, 150), slice(20, 60))
    a, b, c = (sketch.points_from_drawing(canvas, 300, seed=s) for s in (4, 4, 5))
    np.testing.assert_array_equal(a, b)
    assert not np.allclose(a, c)


@pytest.mark.parametrize("drawing", [
    None,
    {"composite": None},
    {"background": None, "layers": []},
    _rgba(),  # fully transparent
    np.full((64, 64, 3), 255, dtype=np.uint8),  # blank white paper
    _ink_rgba(_rgba(), slice(0, 1), slice(0, 2)),  # 2 pixels: below MIN_INK_PIXELS
], ids=["none", "composite-none", "no-composite", "transparent", "white", "two-pixels"])
def test_sketch_empty_canvas_raises(drawing):
    with pytest.raises(EmptyCanvas, match="empty"):
        sketch.points_from_drawing(drawing, 100, seed=0)


def test_sketch_rejects_bad_images():
    with pytest.raises(InvalidInput):
        sketch.points_from_drawing(np.zeros(10), 10)
    with pytest.raises(InvalidInput, match="too large"):
        sketch.points_from_drawing(np.zeros((1, sketch.MAX_SIDE + 1), dtype=np.uint8), 10)


# ---- digits ------------------------------------------------------------------------------------

def test_digits_split_sizes_range_and_types():
    s = digits.load_split()
    assert s.x_train.shape == (1437, 1, 8, 8) and s.x_test.shape == (360, 1, 8, 8)
    assert s.y_train.shape == (1437,) and s.y_test.shape == (360,)
    assert s.x_train.dtype == torch.float32 and s.y_train.dtype == torch.int64
    for x in (s.x_train, s.x_test):
        assert x.min() == -1.0 and x.max() == 1.0
    assert set(s.y_train.tolist()) == set(range(10)) == set(s.y_test.tolist())


def test_digits_split_is_stratified():
    s = digits.load_split()
    train, test = np.bincount(s.y_train, minlength=10), np.bincount(s.y_test, minlength=10)
    total = train + test
    assert total.sum() == 1797
    assert (np.abs(test - total * digits.TEST_FRACTION) <= 1).all(), (test, total)


def test_digits_split_is_deterministic():
    first = digits.load_split()
    digits.load_split.cache_clear()
    try:
        second = digits.load_split()
        assert second is not first
        for name in ("x_train", "y_train", "x_test", "y_test"):
            assert torch.equal(getattr(first, name), getattr(second, name))
    finally:
        digits.load_split.cache_clear()


def test_digits_pixel_mapping():
    np.testing.assert_array_equal(digits.to_unit_range(np.array([0, 8, 16])), [-1.0, 0.0, 1.0])
    x = torch.tensor([-1.5, -1.0, 0.0, 1.0, 2.0]).view(1, 1, 1, 5)
    px = digits.to_pixels(x)
    assert px.dtype == np.uint8 and px.shape == (1, 1, 5)
    np.testing.assert_array_equal(px[0, 0], [0, 0, 128, 255, 255])
