"""The latent diffusion tab's endpoints through gradio_client, bad inputs in English and Chinese."""
from __future__ import annotations

import numpy as np
import pytest
from gradio_client.exceptions import AppError
from PIL import Image

from core.controlnet.drawing import render_example
from tests.conftest import plot_json

pytestmark = pytest.mark.api

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


@pytest.fixture(scope="module")
def sketch(tmp_path_factory):
    from gradio_client import handle_file

    path = tmp_path_factory.mktemp("ld_api") / "three.png"
    Image.fromarray(render_example("3")).save(path)
    return {"background": handle_file(str(path)), "layers": [], "composite": handle_file(str(path))}


def _pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"))


def test_pipeline_compare_and_interpolate(client):
    strip, film, final, stats = client.predict("2", "3", 3.0, 10, 0, api_name="/ld_pipeline")
    assert _pixels(strip).shape[1] > 5 * 96 and _pixels(final).std() > 10
    assert _pixels(film).shape[0] > 6 * 60  # 4 latent channels + 2 decoded rows
    rows = {r[0]: r[1] for r in stats["data"]}
    assert rows["latent shape (numbers / pixels)"].startswith("4×4×4") and rows["NFE"] == 10
    pixel, latent, table = client.predict("any", 3.0, 10, 0, 10, "2", api_name="/ld_compare")
    assert table["headers"] == ["measure", "pixel UNet", "latent, f = 2"]
    nfe = table["data"][0]
    assert nfe[1] == nfe[2] == 10 and _pixels(pixel).std() > 10 and _pixels(latent).std() > 10
    _, frames = client.predict("3", 0, 1, 4, 3.0, 10, "2", api_name="/ld_interpolate")
    assert len(frames["data"]) == 4 and frames["data"][0][0] == "0.00" and frames["data"][-1][0] == "1.00"


def test_img2img_keeps_the_drawing_at_zero_strength(client, sketch):
    pair, _, stats = client.predict(sketch, "7", 0.0, 3.0, 10, 0, "2", api_name="/ld_img2img")
    rows = {r[0]: r[1] for r in stats["data"]}
    assert rows["steps run"] == "0 / 10" and rows["read as 7 by the classifier"] == "0 / 8"
    assert _pixels(pair).shape[1] >= 2 * 96


@pytest.mark.parametrize("args, api, english, chinese", [
    (("3", "3", 3.0, 10, 0), "/ld_pipeline", "f must be one of '1', '2', '4'; got '3'", "下采样倍数 f必须是以下之一"),
    (("any", 3.0, 0, 0, 10, "2"), "/ld_compare", "steps must be", "步数必须"),
    (("3", 0, 1, 99, 3.0, 10, "2"), "/ld_interpolate", "frames must be", "帧数必须"),
])
def test_bad_inputs_in_both_languages(client, app_url, args, api, english, chinese):
    from gradio_client import Client

    with pytest.raises(AppError, match=english):
        client.predict(*args, api_name=api)
    with pytest.raises(AppError, match=chinese):
        Client(app_url, verbose=False, headers=ZH).predict(*args, api_name=api)


def test_img2img_bad_strength_and_empty_canvas(client, sketch, tmp_path):
    from gradio_client import handle_file

    with pytest.raises(AppError, match="strength must be"):
        client.predict(sketch, "7", 1.5, 3.0, 10, 0, "2", api_name="/ld_img2img")
    blank = tmp_path / "blank.png"
    Image.new("RGBA", (200, 200), (255, 255, 255, 255)).save(blank)
    empty = {"background": handle_file(str(blank)), "layers": [], "composite": handle_file(str(blank))}
    with pytest.raises(AppError, match="empty"):
        client.predict(empty, "7", 0.5, 3.0, 10, 0, "2", api_name="/ld_img2img")


def test_tradeoff_figures_are_served_by_the_page():
    from demos.common.results import load_result
    from demos.latent_diffusion.tab import saved_tradeoff

    _, table, speed, snr = saved_tradeoff(load_result("latent_diffusion"))
    assert len(table) == 5 and len(speed) == 4  # three factors, the pixel UNet (and the floor)
    assert len(plot_json(snr.plot)["data"]) == 3  # scaled and unscaled latents, and the pixels
