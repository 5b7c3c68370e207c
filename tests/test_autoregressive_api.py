"""The autoregressive tab's endpoints through gradio_client against a launched app: the chain rule in 2D (the
joint, the conditional beside the data's, the exact NLL and the grid's total probability), samples, live training,
and bad inputs refused in English and Chinese."""
from __future__ import annotations

import base64
import zipfile

import numpy as np
import pytest
from gradio_client.exceptions import AppError

from tests.conftest import plot_json, trace_length

pytestmark = pytest.mark.api

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}


def _rows(table) -> dict:
    """``{quantity: value}``; a ``"value [lo, hi]"`` cell read as its value, its interval under ``name [95%]``."""
    out = {}
    for name, value in table["data"]:
        if isinstance(value, str) and value.endswith("]") and " [" in value:
            value, interval = value.split(" [")
            out[name + " [95%]"] = [float(v) for v in interval.rstrip("]").split(", ")]
        out[name] = value
    return out


def _values(v) -> np.ndarray:
    if isinstance(v, dict) and "bdata" in v:
        return np.frombuffer(base64.b64decode(v["bdata"]), dtype=np.float32)
    return np.asarray(v, dtype=np.float64)


def _chain(client, dataset="8gaussians", source="shipped", order="x1,x2", at=2.0, bins=48):
    joint, conditional, table = client.predict(dataset, None, source, order, at, bins, api_name="/ar_chain_rule")
    return plot_json(joint), plot_json(conditional), _rows(table)


def _bars(conditional: dict) -> dict[str, np.ndarray]:
    return {t["name"]: _values(t["y"]) for t in conditional["data"] if t["type"] == "bar"}


def test_chain_rule_at_defaults_shows_an_exact_joint_that_sums_to_one(client):
    joint, conditional, rows = _chain(client)
    assert abs(float(rows["total probability of the grid"]) - 1) < 1e-5
    assert rows["grid"].startswith("48 × 48 cells")
    assert rows["held-out points"] == 5000
    nll, floor, gap = (float(rows[k]) for k in ("model NLL (nats/point)", "true density's NLL (floor)", "gap (nats)"))
    assert 0 < gap < 0.1 and gap == pytest.approx(nll - floor, abs=1e-3)  # the shipped model is near the true density
    lo, hi = rows["gap (nats) [95%]"]
    assert lo < gap < hi
    assert rows["conditional shown"] == "the network's own softmax"
    heat = [t for t in joint["data"] if t["type"] == "heatmap"]
    assert len(heat) == 1 and np.asarray(heat[0]["z"]).shape == (48, 48)
    assert np.asarray(heat[0]["z"]).sum() == pytest.approx(1, abs=1e-4)
    (line,) = joint["layout"]["shapes"]
    assert line["x0"] == line["x1"] == pytest.approx(1.96875)  # vertical: x1 = a, at the cell's centre
    bars = _bars(conditional)
    assert set(bars) == {"model", "data's own conditional"}
    for y in bars.values():
        assert y.sum() == pytest.approx(1, abs=1e-3)  # each conditional is a distribution
    assert np.abs(bars["model"] - bars["data's own conditional"]).sum() < 0.3  # close to the data's own
    assert conditional["layout"]["title"]["text"] == "p(x₂ | x₁ = 1.97)"


def test_moving_the_value_and_swapping_the_order(client):
    _, at_two, _ = _chain(client, at=2.0)
    _, at_zero, _ = _chain(client, at=0.0)
    assert not np.allclose(_bars(at_two)["model"], _bars(at_zero)["model"])
    joint, swapped, rows = _chain(client, order="x2,x1", at=2.0)
    (line,) = joint["layout"]["shapes"]
    assert line["y0"] == line["y1"] == pytest.approx(1.96875)  # horizontal: x2 = a
    assert swapped["layout"]["title"]["text"] == "p(x₁ | x₂ = 1.97)"
    assert abs(float(rows["total probability of the grid"]) - 1) < 1e-5
    assert rows["conditioning cell"].startswith("x₂ ∈ cell 34")
    assert 0 < float(rows["gap (nats)"]) < 0.1  # the other shipped model: the same joint from other conditionals
    # 8gaussians is symmetric under swapping x1 and x2: both orders' conditionals at 2 read the same data
    assert np.allclose(_bars(swapped)["data's own conditional"], _bars(at_two)["data's own conditional"], atol=0.01)


def test_the_data_source_is_its_own_histogram(client):
    joint, conditional, rows = _chain(client, dataset="moons", source="data", bins=32)
    assert abs(float(rows["total probability of the grid"]) - 1) < 1e-9
    assert rows["grid"].startswith("32 × 32 cells")
    assert "model NLL (nats/point)" not in rows and rows["conditional shown"] == "counted from the data"
    assert list(_bars(conditional)) == ["data's own conditional"]
    assert np.asarray(joint["data"][0]["z"]).shape == (32, 32)


def test_samples_follow_the_chain_rule_in_two_passes(client):
    fig, status = client.predict("8gaussians", None, "shipped", "x1,x2", 2000, 1.0, 0, api_name="/ar_samples")
    fig = plot_json(fig)
    names = [t["name"] for t in fig["data"]]
    assert names == ["data", "samples"]
    assert trace_length(fig["data"][1]) == 2000
    assert "2,000 points · 2 network passes" in status
    again, _ = client.predict("8gaussians", None, "shipped", "x1,x2", 2000, 1.0, 0, api_name="/ar_samples")
    assert plot_json(again)["data"][1]["x"] == fig["data"][1]["x"]  # same seed, same points


@pytest.mark.parametrize("endpoint, args, en, zh", [
    ("/ar_chain_rule", ("8gaussians", None, "shipped", "x1,x2", 9, 48),
     "at must be from -4.5 to 4.5; got 9", "条件取值 a必须在 -4.5 到 4.5 之间"),
    ("/ar_chain_rule", ("8gaussians", None, "shipped", "x1,x2", 2.0, 4),
     "bins must be from 8 to 96; got 4", "每边格数 K"),
    ("/ar_chain_rule", ("8gaussians", None, "shipped", "x3,x1", 2.0, 48),
     "order must be one of 'x1,x2', 'x2,x1'", "链式法则的顺序必须是以下之一"),
    ("/ar_chain_rule", ("moons", None, "shipped", "x1,x2", 2.0, 48),
     "trained on '8gaussians'", "自带的二维自回归模型是在“8gaussians”上训练的"),
    ("/ar_chain_rule", ("moons", None, "live", "x1,x2", 2.0, 48),
     "no model has been trained live on 'moons'", "还没有在“moons”上实时训练过模型"),
    ("/ar_samples", ("8gaussians", None, "model", "x1,x2", 2000, 1.0, 0),
     "source must be one of 'shipped', 'live', 'data'", "联合分布来自必须是以下之一"),
    ("/ar_samples", ("8gaussians", None, "shipped", "x1,x2", 2000, 5.0, 0),
     "temperature must be from 0.1 to 2", "温度 T（对数几率除以 T 后归一化）必须在 0.1 到 2 之间"),
    ("/ar_train", ("moons", None, "x1,x2", 48, 1000, 200, 0),
     "hidden must be from 2 to 256", "实时模型的隐藏层宽度必须在 2 到 256 之间"),
    ("/ar_train", ("moons", None, "x1,x2", 48, 2.5, 200, 0),
     "hidden width must be a whole number from 2 to 256", "隐藏层宽度必须是 2 到 256 之间的整数"),
])
def test_bad_inputs_name_the_parameter_in_both_languages(client, app_url, endpoint, args, en, zh):
    from gradio_client import Client

    with pytest.raises(AppError) as err:
        client.predict(*args, api_name=endpoint)
    assert en.lower() in str(err.value).lower()
    zh_client = Client(app_url, verbose=False, headers=ZH)
    with pytest.raises(AppError) as err:
        zh_client.predict(*args, api_name=endpoint)
    assert zh in str(err.value)


def test_live_training_streams_then_the_view_and_export_use_it(app_url, tmp_path):
    from gradio_client import Client

    from demos.common import share

    client = Client(app_url, verbose=False)  # a session of its own: its live model is this test's
    with pytest.raises(AppError, match="No model has been trained yet"):
        client.predict(api_name="/ar_export")
    outputs = list(client.submit("moons", None, "x2,x1", 32, 32, 300, 0, api_name="/ar_train"))
    assert len(outputs) >= 2
    status = outputs[-1][2]
    assert "moons · x₂ first" in status and "300 / 300 updates" in status and "finished" in status
    joint = plot_json(outputs[-1][1])
    assert np.asarray(joint["data"][0]["z"]).shape == (32, 32)  # the frame's joint: the live grid, nothing bigger
    nll = plot_json(outputs[-1][0])
    assert len(nll["data"][0]["x"]) >= 2  # the loss curve

    _, conditional, rows = _chain(client, dataset="moons", source="live", order="x1,x2", at=0.5)
    assert rows["grid"].startswith("32 × 32 cells") and abs(float(rows["total probability of the grid"]) - 1) < 1e-5
    assert rows["conditional shown"].startswith("by Bayes' rule")  # trained x2 first, asked x1 first
    assert "model (by Bayes' rule from its joint)" in _bars(conditional)
    fig, status = client.predict("moons", None, "live", "x1,x2", 500, 1.0, 0, api_name="/ar_samples")
    assert trace_length(plot_json(fig)["data"][1]) == 500

    stepped = client.predict("moons", None, "x2,x1", 32, 32, 2000, 0, api_name="/ar_step")
    assert "350 / 2,000 updates" in stepped[2]
    path = client.predict(api_name="/ar_export")
    with zipfile.ZipFile(path) as z:
        z.extractall(tmp_path)
    exported = share.load_exported(tmp_path / "ar-2d-live")
    assert type(exported).__name__ == "GridAR2D" and exported.config.order == "x2,x1"
    client.predict(api_name="/ar_pause")  # nothing running: a no-op
    nll, joint, status = client.predict(api_name="/ar_reset")
    assert status.startswith("no live model yet")
    with pytest.raises(AppError):
        _chain(client, dataset="moons", source="live")


def test_the_data_source_samples_its_histogram(client):
    """The tab offers "data" to both 2D views; sampling it draws from the data's own histogram by the chain rule."""
    fig, line = client.predict("moons", None, "data", "x2,x1", 2000, 1.0, 0, api_name="/ar_samples")
    assert trace_length(plot_json(fig)["data"][1]) == 2000 and "2,000" in line
