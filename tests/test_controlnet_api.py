"""The ControlNet tab's API endpoints through gradio_client, bad inputs included."""
from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from core.controlnet.drawing import render_example
from core.data.drawings import MAX_SIDE, MAX_UPLOAD_BYTES
from tests.conftest import plot_json

pytestmark = pytest.mark.api

DEFAULTS = dict(condition_type="stroke", digit_class="7", control_scale=1.0, guess_mode=False, guidance_scale=2.0,
                steps=10, samples=4, seed=0)


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("controlnet_api")
    paths = {}
    paths["seven"] = d / "seven.png"
    Image.fromarray(render_example("7")).save(paths["seven"])
    paths["blank"] = d / "blank.png"
    Image.new("RGBA", (200, 200), (255, 255, 255, 255)).save(paths["blank"])
    paths["fake"] = d / "fake.png"
    paths["fake"].write_text("this is text, not a picture")
    paths["text"] = d / "notes.txt"
    paths["text"].write_text("hello")
    paths["wide"] = d / "wide.png"
    Image.new("L", (MAX_SIDE + 100, 8), 255).save(paths["wide"])
    paths["huge_canvas"] = d / "huge_canvas.png"
    Image.new("L", (MAX_SIDE + 1, 64), 255).save(paths["huge_canvas"])
    paths["heavy"] = d / "heavy.png"
    paths["heavy"].write_bytes(b"\x89PNG" + b"\0" * (MAX_UPLOAD_BYTES + 10))
    return paths


def _sketch(path):
    from gradio_client import handle_file

    return {"background": handle_file(str(path)), "layers": [], "composite": handle_file(str(path))}


def _generate(client, sketch, **overrides):
    return client.predict(sketch, *{**DEFAULTS, **overrides}.values(), api_name="/controlnet_generate")


def _pixels(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("L"))


def test_generate_returns_condition_gallery_chart_and_stats(client, files):
    cond, gallery, chart, stats = _generate(client, _sketch(files["seven"]))
    cond_px = _pixels(cond)
    assert cond_px.shape[0] >= 128 and (cond_px < 128).any()
    assert len(gallery) == 4 and all(item["caption"].startswith("IoU ") for item in gallery)
    first = _pixels(gallery[0]["image"])
    assert first.shape[0] >= 96 and first.std() > 10
    bars = plot_json(chart)["data"][0]
    assert bars["type"] == "bar" and len(bars["x"]) == len(bars["y"]) >= 5  # one bar per injected block
    assert all(v >= 0 for v in bars["y"]) and max(bars["y"]) > 0  # the control acts
    rows = {r[0]: r[1] for r in stats["data"]}
    assert rows["digits"] == 4 and rows["UNet forwards"] == 10


def test_same_seed_same_digits_and_scale_matters(client, files):
    a = _generate(client, _sketch(files["seven"]), seed=5)[1]
    b = _generate(client, _sketch(files["seven"]), seed=5)[1]
    c = _generate(client, _sketch(files["seven"]), seed=5, control_scale=0.0)[1]
    assert all(np.array_equal(_pixels(x["image"]), _pixels(y["image"])) for x, y in zip(a, b))
    assert not all(np.array_equal(_pixels(x["image"]), _pixels(y["image"])) for x, y in zip(a, c))


def test_guess_mode_and_lowres(client, files):
    _, gallery, _, _ = _generate(client, _sketch(files["seven"]), guess_mode=True, digit_class="none", samples=2)
    assert len(gallery) == 2
    cond, gallery, _, _ = _generate(client, _sketch(files["seven"]), condition_type="lowres", samples=1)
    assert len(gallery) == 1 and _pixels(cond).shape[0] >= 128
    assert gallery[0]["caption"].startswith("r ")  # low resolution: the block means' correlation, graded


def test_condition_preview_and_upload(client, files):
    preview = client.predict(_sketch(files["seven"]), "stroke", api_name="/controlnet_condition")
    assert (_pixels(preview) < 128).any()
    assert client.predict(_sketch(files["blank"]), "stroke", api_name="/controlnet_condition") is None
    from gradio_client import handle_file

    canvas, cond = client.predict(handle_file(str(files["seven"])), "lowres", api_name="/controlnet_upload")
    assert (_pixels(cond) < 128).any()  # the condition of the uploaded seven has ink
    assert canvas["composite"] or canvas["background"]  # the upload is on the canvas


@pytest.mark.parametrize("overrides, match", [  # Gradio's components or core.runtime.validation, whichever sees it first
    (dict(control_scale=5.0), "control scale must be from 0 to 2|greater than maximum value 2"),
    (dict(guidance_scale=-1.0), "guidance scale must be from 0 to 10|less than minimum value 0"),
    (dict(steps=0), "steps must be from 1|less than minimum value 1"),
    (dict(digit_class="eleven"), "class must be one of|not in the list of choices"),
    (dict(samples=100), "number of samples must be from 1 to 16|greater than maximum value 16"),
    (dict(condition_type="canny"), "condition type must be one of|not in the list of choices"),
])
def test_bad_values_are_rejected(client, files, overrides, match):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=match):
        _generate(client, _sketch(files["seven"]), **overrides)


def test_empty_canvas_is_rejected(client, files):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="empty"):
        _generate(client, _sketch(files["blank"]))
    with pytest.raises(AppError, match="empty"):
        _generate(client, None)


def test_oversized_canvas_is_rejected(client, files):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="too large"):
        _generate(client, _sketch(files["huge_canvas"]))


@pytest.mark.parametrize("name, match", [
    ("fake", "not an image"), ("wide", "too large"), ("text", "Invalid file type"),
    ("heavy", "exceeds the maximum file size of 10485760 bytes"),  # the client reads the server's upload cap
])
def test_bad_uploads_are_rejected_and_the_server_keeps_serving(client, files, name, match):
    from gradio_client import handle_file
    from gradio_client.exceptions import AppError

    with pytest.raises((AppError, ValueError), match=match):
        client.predict(handle_file(str(files[name])), "stroke", api_name="/controlnet_upload")
    assert len(_generate(client, _sketch(files["seven"]), samples=1, steps=2)[1]) == 1


def test_the_quality_table_has_no_blank_cells():
    """Every cell of the shipped quality table says something: a figure, or a dash where it does not apply."""
    from demos.controlnet.tab import NOT_APPLICABLE, quality_table

    table = quality_table()
    cells = table.to_numpy().ravel().tolist()
    assert len(table) == 6 and all(str(c).strip() for c in cells)
    guess = table[table.iloc[:, 1] == "guess mode"]
    assert (guess.iloc[:, 3] == "as no class").all() and (guess.iloc[:, 5] == NOT_APPLICABLE).all()
