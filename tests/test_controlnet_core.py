"""Unit tests of core.controlnet on random-weight models: conditions, drawing input, adapter, training."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
import scipy.ndimage
import torch
from PIL import Image

from core.controlnet.adapter import ControlledClassEps
from core.controlnet.conditions import (
    CONDITION_SIDE,
    comparison_mask,
    dilate,
    extract,
    lowres_condition,
    prune,
    stroke_condition,
    thin,
)
from core.controlnet.drawing import (
    EXAMPLE_STROKES,
    condition_from_drawing,
    digit_from_drawing,
    example_files,
    render_example,
)
from core.controlnet.metrics import block_correlation, follow_per_sample, follow_scores, overlap_scores
from core.controlnet.request import run_request
from core.controlnet.sampling import block_names, generate_controlled
from core.controlnet.train import CONTROLNET_TRAIN, controlnet_from_unet, controlnet_run
from core.data.digits import load_split
from core.data.drawings import MAX_SIDE, MAX_UPLOAD_BYTES, fit_on_canvas, load_upload
from core.diffusion.schedules import image_schedule
from core.nn.unet_digits import NULL_CLASS, build_digits_unet
from core.runtime.validation import EmptyCanvas, InvalidInput
from core.sampling.adapters import ClassEps
from core.train.loop import train

EIGHT = np.ones((3, 3), dtype=bool)


@pytest.fixture(scope="module")
def models():
    torch.manual_seed(0)
    unet = build_digits_unet().eval()
    controlnet = controlnet_from_unet(unet, CONDITION_SIDE["stroke"]).eval()
    return unet, controlnet


@pytest.fixture(scope="module")
def trained_like(models):
    """A stroke ControlNet whose zero convolutions hold random weights, as if trained."""
    unet, controlnet = models
    cn = controlnet_from_unet(unet, CONDITION_SIDE["stroke"]).eval()
    gen = torch.Generator().manual_seed(1)
    with torch.no_grad():
        for block in [*cn.controlnet_down_blocks, cn.controlnet_mid_block, cn.controlnet_cond_embedding.conv_out]:
            for p in block.parameters():
                p.copy_(torch.randn(p.shape, generator=gen) * 0.1)
    return cn


def _components(mask: np.ndarray) -> int:
    return scipy.ndimage.label(mask, structure=EIGHT)[1]


def test_thin_keeps_topology_and_leaves_one_pixel_strokes():
    ink = load_split().x_train[:, 0].numpy() > -0.2
    skel = thin(ink)
    assert (skel <= ink).all() and skel.sum() < 0.6 * ink.sum()
    thick = 0
    for a, s in zip(ink, skel):
        assert _components(a) == _components(s)
        thick += bool((s[:-1, :-1] & s[1:, :-1] & s[:-1, 1:] & s[1:, 1:]).any())
    assert thick <= 0.01 * len(ink), f"{thick} skeletons keep a 2x2 block of ink"


def test_thin_keeps_the_length_of_a_thick_bar():
    bar = np.zeros((1, 8, 8), dtype=bool)
    bar[0, 1:7, 3:5] = True
    skel = thin(bar)[0]
    rows = np.nonzero(skel.any(axis=1))[0]
    assert skel.sum() >= 5 and rows.max() - rows.min() >= 4


def test_prune_removes_short_spurs_only():
    line = np.zeros((1, 16, 16), dtype=bool)
    line[0, 1:15, 5] = True  # a 14-pixel stroke
    spur = line.copy()
    spur[0, 7, 6:9] = True  # a 3-pixel spur off its middle
    assert np.array_equal(prune(spur, 4), line)
    assert np.array_equal(prune(line, 4), line)


def test_conditions_shapes_ranges_and_lowres_blocks():
    x = load_split().x_test[:16]
    for name in ("stroke", "lowres"):
        c = extract(name, x)
        side = CONDITION_SIDE[name]
        assert c.shape == (16, 1, side, side) and c.dtype == torch.float32 and c.min() >= -1 and c.max() <= 1
    s = stroke_condition(x)
    assert set(torch.unique(s).tolist()) <= {-1.0, 1.0}
    low = lowres_condition(x)
    block_means = torch.nn.functional.avg_pool2d(x, 2)
    assert torch.allclose(low[:, :, ::2, ::2], block_means, atol=1e-6)
    assert torch.equal(low[:, :, ::2, ::2], low[:, :, 1::2, 1::2])
    with pytest.raises(ValueError):
        extract("canny", x)


def test_dilate_and_overlap_scores():
    m = np.zeros((1, 5, 5), dtype=bool)
    m[0, 2, 2] = True
    assert dilate(m, 1)[0].sum() == 9
    a = np.zeros((3, 2, 2), dtype=bool)
    b = np.zeros((3, 2, 2), dtype=bool)
    a[0, 0, 0] = b[0, 0, 0] = True  # identical
    a[1, 0, 0], b[1, 1, 1] = True, True  # disjoint
    a[2, 0] = True
    b[2, :, 0] = True  # overlap 1, union 3
    iou, dice = overlap_scores(a, b)
    assert np.allclose(iou, [1, 0, 1 / 3]) and np.allclose(dice, [1, 0, 0.5])


def test_follow_rate_separates_matching_from_mismatched_digits():
    split = load_split()
    x, y = split.x_test, split.y_test
    cond = extract("stroke", x)
    other = torch.cat([x[y != 1][:60], x[y != 0][:60]])
    ones_zeros = torch.cat([x[y == 1][:60], x[y == 0][:60]])
    n = min(len(ones_zeros), len(other))
    own = follow_scores("stroke", ones_zeros[:n], extract("stroke", ones_zeros[:n]))["follow"]
    assert own == pytest.approx(1.0)
    shuffled = follow_scores("stroke", x, cond[torch.randperm(len(x), generator=torch.Generator().manual_seed(0))])
    assert shuffled["follow"] < 0.6
    assert comparison_mask("lowres", extract("lowres", x)).shape == (len(x), 4, 4)
    assert comparison_mask("stroke", cond).shape == (len(x), 32, 32)


def test_lowres_follow_is_graded_and_separates_good_from_poor_follows():
    """The low-resolution follow (correlation of the 4x4 block means) scores a digit's own condition 1, a blob
    that covers the same ink blocks below it (where the thresholded IoU says 1 for both), and a digit shifted
    by one pixel or another digit's condition far below."""
    split = load_split()
    x = split.x_test[:120]
    cond = extract("lowres", x)
    own = follow_scores("lowres", x, cond)
    assert own["follow"] == pytest.approx(1.0)
    blob = torch.where(cond > 0, 1.0, -1.0)  # every ink block full, every paper block empty: a rough blob
    blob_iou, _ = overlap_scores(comparison_mask("lowres", extract("lowres", blob)), comparison_mask("lowres", cond))
    blob_r = follow_per_sample("lowres", blob, cond)
    assert blob_iou.mean() == pytest.approx(1.0) and blob_r.mean() < 0.97
    shifted = follow_scores("lowres", torch.roll(x, 1, dims=3), cond)
    other = follow_scores("lowres", x, cond[torch.randperm(len(x), generator=torch.Generator().manual_seed(0))])
    for poor in (shifted, other):
        assert poor["follow_hi"] < 0.8 < blob_r.mean()
    assert follow_per_sample("lowres", cond[:1], cond[:1])[0] == pytest.approx(1.0)
    flat = -torch.ones(1, 1, 8, 8)
    assert follow_per_sample("lowres", flat, cond[:1])[0] == 0.0 and block_correlation(flat[0], flat[0])[0] == 1.0


def test_controlnet_starts_as_the_base_model(models):
    unet, controlnet = models
    x, t = torch.randn(4, 1, 8, 8), torch.tensor(500)
    labels, cond = torch.tensor([0, 3, NULL_CLASS, 7]), extract("stroke", load_split().x_test[:4])
    base = ClassEps(unet, labels, 2.0)(x, t)
    controlled = ControlledClassEps(unet, controlnet, cond, labels, 1.0, 2.0)
    assert torch.allclose(controlled(x, t), base, atol=1e-6)
    assert controlled.residual_rms() == [0.0] * 7


def test_adapter_scale_guidance_and_guess_mode(models, trained_like):
    unet, cn = models[0], trained_like
    x, t = torch.randn(4, 1, 8, 8), torch.tensor(300)
    labels, cond = torch.tensor([1, 2, 3, 4]), extract("stroke", load_split().x_test[4:8])
    null = torch.full_like(labels, NULL_CLASS)
    assert torch.equal(ControlledClassEps(unet, cn, cond, labels, 0.0, 2.0)(x, t), ClassEps(unet, labels, 2.0)(x, t))
    e_c = ControlledClassEps(unet, cn, cond, labels, 1.0, 1.0)(x, t)
    e_u = ControlledClassEps(unet, cn, cond, null, 1.0, 1.0)(x, t)
    assert not torch.allclose(e_c, ClassEps(unet, labels, 1.0)(x, t), atol=1e-4)
    guided = ControlledClassEps(unet, cn, cond, labels, 1.0, 3.0)(x, t)
    assert torch.allclose(guided, e_u + 3.0 * (e_c - e_u), atol=1e-5)
    plain = ClassEps(unet, null, 1.0)(x, t)
    guess1 = ControlledClassEps(unet, cn, cond, labels, 1.0, 1.0, guess_mode=True)(x, t)
    guess3 = ControlledClassEps(unet, cn, cond, labels, 1.0, 3.0, guess_mode=True)
    assert torch.allclose(guess3(x, t), plain + 3.0 * (guess1 - plain), atol=1e-5)
    rms = guess3.residual_rms()
    assert len(rms) == len(block_names(cn)) == 7 and min(rms) > 0


def test_same_seed_same_digits(models, trained_like):
    unet, cn = models[0], trained_like
    cond, labels = extract("stroke", load_split().x_test[:2]), torch.tensor([5, NULL_CLASS])
    cfg = image_schedule().config
    a, b, c = (generate_controlled(unet, cn, cfg, cond=cond, labels=labels, steps=4, control_scale=1.0,
                                   guidance_scale=2.0, seed=s) for s in (3, 3, 4))
    assert torch.equal(a.x, b.x) and not torch.equal(a.x, c.x) and a.nfe == 4 and len(a.residual_rms) == 7


def test_training_moves_only_the_controlnet():
    torch.manual_seed(0)
    unet = build_digits_unet().requires_grad_(False)  # frozen, as shipped models load
    cn = controlnet_from_unet(unet, CONDITION_SIDE["stroke"])
    before = [p.detach().clone() for p in unet.parameters()]
    split = load_split()
    cfg = replace(CONTROLNET_TRAIN, steps=3, batch_size=8, log_every=3)
    run = controlnet_run(unet, cn, split.x_train, extract("stroke", split.x_train), split.y_train, image_schedule(), cfg)
    events = list(train(run))
    assert events[-1].done and np.isfinite(events[-1].loss)
    assert all(torch.equal(a, b) for a, b in zip(before, unet.parameters()))
    assert all(p.grad is None for p in unet.parameters())
    assert run.ema.controlnet_mid_block.weight.abs().sum() > 0


def test_drawings_are_framed_like_the_digits():
    sketch = render_example("7", 400, 16)
    cond = condition_from_drawing("stroke", {"composite": sketch})
    assert cond.shape == (1, 1, 32, 32) and (cond > 0).sum() >= 20
    small = np.asarray(Image.fromarray(sketch).resize((120, 120), Image.LANCZOS))
    assert follow_scores("stroke", digit_from_drawing(small), cond)["follow"] > 0.8
    shifted = np.full((600, 600, 4), 255, dtype=np.uint8)
    shifted[150:550, 20:420] = sketch
    assert torch.equal(condition_from_drawing("stroke", shifted), cond)
    transparent = sketch.copy()
    transparent[..., 3] = 255 - sketch[..., :3].mean(axis=2).astype(np.uint8)
    assert torch.equal(condition_from_drawing("stroke", transparent), cond)
    inverted = 255 - sketch[..., :3]
    assert torch.equal(condition_from_drawing("stroke", inverted), cond)
    assert digit_from_drawing(sketch).shape == (1, 1, 8, 8)


@pytest.mark.parametrize("value", [None, {"composite": None}, np.full((300, 300, 4), 255, np.uint8),
                                   np.zeros((300, 300, 4), np.uint8)])
def test_empty_canvas_is_rejected(value):
    with pytest.raises(EmptyCanvas, match="empty"):
        condition_from_drawing("stroke", value)


def test_uploads_are_checked(tmp_path):
    good = tmp_path / "seven.png"
    Image.fromarray(render_example("7")).save(good)
    assert load_upload(str(good)).shape == (400, 400, 4)
    text = tmp_path / "notes.png"
    text.write_text("not an image")
    with pytest.raises(InvalidInput, match="not an image"):
        load_upload(str(text))
    wide = tmp_path / "wide.png"
    Image.new("L", (MAX_SIDE + 1, 4), 255).save(wide)
    with pytest.raises(InvalidInput, match="too large"):
        load_upload(str(wide))
    big = tmp_path / "big.png"
    big.write_bytes(b"\0" * (MAX_UPLOAD_BYTES + 1))
    with pytest.raises(InvalidInput, match="too large"):
        load_upload(str(big))
    with pytest.raises(InvalidInput):
        load_upload(None)


@pytest.mark.parametrize("field, value, match", [
    ("condition_type", "canny", "condition type"), ("digit_class", "11", "class"),
    ("control_scale", 2.5, "control scale"), ("control_scale", float("nan"), "control scale"),
    ("guess_mode", "maybe", "guess mode"), ("guidance_scale", -1, "guidance"), ("steps", 0, "steps"),
    ("samples", 17, "samples"), ("seed", -1, "seed"), ("drawing", None, "empty"),
])
def test_request_rejects_bad_values(field, value, match):
    args = dict(drawing=render_example("1"), condition_type="stroke", digit_class="1", control_scale=1.0,
                guess_mode=False, guidance_scale=2.0, steps=10, samples=4, seed=0)
    args[field] = value
    with pytest.raises(InvalidInput, match=match):
        run_request(**args)


def test_every_example_is_a_usable_sketch():
    for name in EXAMPLE_STROKES:
        for ctype in ("stroke", "lowres"):
            assert (condition_from_drawing(ctype, render_example(name)) > 0).any()


def test_example_files_hold_the_rendered_examples():
    paths = example_files(64, 4)
    assert len(paths) == len(EXAMPLE_STROKES) and example_files(64, 4) is paths  # written once
    for name, path in zip(EXAMPLE_STROKES, paths):
        np.testing.assert_array_equal(np.asarray(Image.open(path)), render_example(name, 64, 4))


def test_request_carries_its_validated_settings():
    res = run_request(render_example("1"), "stroke", 1, "0.5", "true", 2.0, 3.0, 2, 0)
    assert (res.digit_class, res.control_scale, res.guess_mode, res.steps) == ("1", 0.5, True, 3)
    assert res.generated.x.shape == (2, 1, 8, 8) and res.follow.shape == (2,)
    assert run_request(render_example("1"), "lowres", "none", 1, False, 1.0, 2, 1, 0).digit_class == "none"


def test_uploads_are_fitted_onto_the_canvas():
    tall = np.zeros((400, 100, 4), np.uint8)
    tall[..., 3] = 255  # an opaque black bar
    canvas = fit_on_canvas(tall, 200)
    assert canvas.shape == (200, 200, 4) and canvas.dtype == np.uint8
    dark = canvas[..., :3].mean(axis=2) < 128
    cols = np.nonzero(dark.any(axis=0))[0]
    assert dark.all(axis=1).sum() == 0 and dark[:, 100].all()  # full height, centred, aspect kept
    assert cols.min() == 75 and cols.max() == 124
    assert (canvas[:, :75] == 255).all()  # white paper around it
