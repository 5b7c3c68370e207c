"""The autoregressive tab's digits endpoints through gradio_client against a launched app: each at its defaults,
the table's figures equal the shipped ones, a conditional sums to 1, a completion keeps the pixels it was given,
and bad inputs are refused naming the parameter, in English and in Chinese."""
from __future__ import annotations

import numpy as np
import pytest
from gradio_client.exceptions import AppError
from PIL import Image

from core.autoregressive.request import DEFAULTS as D
from core.runtime import checkpoints
from demos.autoregressive.digits_plots import GAP
from tests.conftest import plot_json

pytestmark = pytest.mark.api


@pytest.fixture(scope="module")
def zh_client(app_url):
    from gradio_client import Client

    return Client(app_url, verbose=False, headers={"Accept-Language": "zh-CN,zh;q=0.9"})


def _figure(cell: str) -> tuple[float, float, float]:
    value, interval = cell.split(" [")
    lo, hi = (float(v) for v in interval.rstrip("]").split(", "))
    return float(value), lo, hi


def test_table_shows_the_shipped_figures_and_samples(client):
    levels17, binary, samples, caption = client.predict(D.model, D.temperature, D.seed, api_name="/ar_digits")
    assert levels17["headers"][1] == "bits per pixel [95%] (lower is better)"
    assert binary["headers"][1] == "nats per image [95%] (lower is better)"
    for table in (levels17, binary):
        assert len(table["headers"]) == 4  # model, figure, parameters, seconds: every figure in view on a phone
    rows = {r[0]: r for table in (levels17, binary) for r in table["data"]}
    for label, name, key in [("FVSBN", "ar-fvsbn", "order_0"), ("NADE", "ar-nade", "order_0"),
                             ("MADE (ensemble of 8 orderings)", "ar-made", "ensemble"),
                             ("gated PixelCNN", "ar-pixelcnn", "order_0")]:
        shipped = checkpoints.quality(name)["test"][key]
        unit = "nats_per_image" if "nats_per_image" in shipped else "bits_per_pixel"
        table = binary if unit == "nats_per_image" else levels17  # each model in the table of its unit
        assert label in [r[0] for r in table["data"]]
        value, lo, hi = _figure(rows[label][1])
        assert (value, lo, hi) == pytest.approx((shipped[unit], shipped[f"{unit}_lo"], shipped[f"{unit}_hi"]),
                                                abs=6e-4)
        assert float(rows[label][3]) > 0  # the sampling time of 16 digits
    assert _figure(rows["gated PixelCNN"][1])[0] < 1.75
    baselines = [r for r in levels17["data"] if r[0] == "independent pixels (baseline)"]
    assert _figure(baselines[0][1])[0] == pytest.approx(2.435, abs=1e-3)
    assert [r[1] for r in levels17["data"] if r[0] == "uniform (baseline)"][0] == "4.087"
    assert [r[1] for r in binary["data"] if r[0] == "uniform (baseline)"][0] == f"{64 * np.log(2):.3f}"
    image = np.asarray(Image.open(samples))
    assert image.shape[1] >= 8 * 48 and image.shape[0] >= 2 * 48  # 16 digits, 8 a row, each >= 48 px
    recorded = checkpoints.quality("ar-pixelcnn")["samples"]["confidence"]  # 200 samples, when it was trained
    assert "confidence in them" in caption and f"{recorded:.3f}" in caption


def test_pixel_by_pixel_slices_one_run(client):
    picture, bars, caption = client.predict(D.model, D.order, D.temperature, D.seed, D.step,
                                            api_name="/ar_pixel_by_pixel")
    probs = plot_json(bars)["data"][0]["y"]
    assert len(probs) == 17 and sum(probs) == pytest.approx(1.0, abs=1e-4)
    assert f"Step {D.step} of 64" in caption
    image = np.asarray(Image.open(picture))
    hidden = np.all(image.reshape(-1, 3) == (196, 222, 246), axis=1).mean()
    assert hidden == pytest.approx((64 - D.step) / 64, abs=0.02)  # the pixels not drawn yet
    _, _, last = client.predict("ar-made", 3, D.temperature, D.seed, 64, api_name="/ar_pixel_by_pixel")
    assert "Step 64 of 64" in last


def test_masks_and_receptive_fields(client):
    masks, fields, caption = client.predict(D.order, D.pixel_y, D.pixel_x, api_name="/ar_masks")
    reach = np.array(plot_json(masks)["data"][3]["z"])
    assert reach.shape == (64, 64) and np.all(np.triu(reach) == 0) and reach.sum() > 0  # strictly lower
    assert "the gated one **0**" in caption and "plain PixelCNN misses **0**" not in caption
    assert "either sees: 0." in caption


def test_orderings_chart_has_every_ordering_and_the_ensemble(client):
    chart, caption = client.predict(api_name="/ar_orderings")
    bars = plot_json(chart)["data"][0]
    assert len(bars["y"]) == 9
    assert bars["y"][-1] == pytest.approx(checkpoints.quality("ar-made")["test"]["ensemble"]["bits_per_pixel"])
    assert bars["y"][-1] < min(bars["y"][:-1])


def test_completion_keeps_the_visible_pixels(client):
    picture, caption = client.predict(D.source, D.test_index, None, D.completer, D.order, D.visible,
                                      D.n_completions, D.temperature, D.seed, api_name="/ar_complete")
    image = np.asarray(Image.open(picture))[..., :3]
    tile = 96
    def at(i):
        r, c = divmod(i, 5)
        return image[GAP + r * (tile + GAP): GAP + r * (tile + GAP) + tile, GAP + c * (tile + GAP): GAP + c * (tile + GAP) + tile]
    top = tile * D.visible // 64
    for i in range(2, 2 + D.n_completions):
        assert np.array_equal(at(i)[:top], at(0)[:top])
    assert any(not np.array_equal(at(i)[top:], at(0)[top:]) for i in range(2, 2 + D.n_completions))
    assert "32 pixels kept" in caption


@pytest.mark.parametrize("endpoint, args, english, chinese", [
    ("/ar_digits", (D.model, 0.0, D.seed), "temperature must be", "温度"),
    ("/ar_pixel_by_pixel", ("ar-pixelcnn", 3, 1.0, 0, 10), "order must be", "顺序"),
    ("/ar_pixel_by_pixel", ("ar-made", 0, 1.0, 0, 65), "step must be", "步"),
    ("/ar_masks", (0, 8, 3), "pixel_y must be", "像素行"),
    ("/ar_complete", ("test digit", 0, None, "ar-pixelcnn", 0, 64, 4, 1.0, 0), "visible must be", "保留的像素数"),
    ("/ar_complete", ("test digit", 360, None, "ar-pixelcnn", 0, 32, 4, 1.0, 0), "test_index must be", "测试数字"),
    ("/ar_complete", ("test digit", 0, None, "ar-nade", 0, 32, 4, 1.0, 0), "model must be", "模型"),
])
def test_bad_inputs_name_the_parameter_in_both_languages(client, zh_client, endpoint, args, english, chinese):
    with pytest.raises(AppError) as err:
        client.predict(*args, api_name=endpoint)
    assert english in str(err.value)
    with pytest.raises(AppError) as err:
        zh_client.predict(*args, api_name=endpoint)
    assert chinese in str(err.value) and english not in str(err.value)


@pytest.mark.parametrize("call, key, chinese", [
    (lambda R: R.samples_request("ar-pixelcnn", float("nan"), 0), "temperature", "温度"),
    (lambda R: R.completion_request("test digit", 0, None, "ar-made", 2, 64, 4, 1.0, 0), "visible pixels", "保留的像素数"),
    (lambda R: R.pixel_frame("ar-nade", 1, 1.0, 0, 5), "order", "顺序"),
])
def test_core_refuses_temperature_visible_pixels_and_order(call, key, chinese):
    from core.autoregressive import request as R
    from core.runtime.validation import InvalidInput
    from demos.common.errors import translate_error

    with pytest.raises(InvalidInput) as err:
        call(R)
    assert err.value.key == key and str(err.value).startswith(f"{key} must be")
    assert translate_error(err.value, "zh-CN").startswith(chinese)


def test_a_drawing_is_made_8x8_and_completed_keeping_its_visible_pixels():
    from core.autoregressive import request as R
    from core.controlnet.drawing import render_example

    c = R.completion_request("drawing", 0, render_example("7"), "ar-made", 2, 20, 3, 1.0, 0)
    assert c.original.shape == (64,) and c.original.max() > 8  # ink, on the digits' 0..16 levels
    assert c.shown.sum() == 20 and np.array_equal(c.shown[c.ordering[:20]], np.ones(20, bool))
    assert (c.samples[:, c.shown] == c.original[c.shown]).all()
