"""The flows tab's endpoints through gradio_client against a launched app."""
from __future__ import annotations

import json

import pytest
from gradio_client.exceptions import AppError

pytestmark = pytest.mark.api


def _rows(table):
    """``{quantity: value}``, a ``"value [lo, hi]"`` cell read as its value (its 95% interval under ``name [95%]``,
    the bracket dropped from the quantity's name)."""
    out = {}
    for name, value in table["data"]:
        name = name.split(" [95%")[0]
        if isinstance(value, str) and value.endswith("]") and " [" in value:
            value, interval = value.split(" [")
            out[name + " [95%]"] = [float(v) for v in interval.rstrip("]").split(", ")]
            value = float(value)
        out[name] = value
    return out


def _layers(client, layer=0, dataset="8gaussians", source="shipped", kind="realnvp", n=500, seed=0):
    return client.predict(dataset, None, source, kind, layer, n, seed, api_name="/flows_layers")


def test_evaluate_reports_the_gap_to_the_true_density(client):
    fig, table = client.predict("8gaussians", None, "shipped", "realnvp", api_name="/flows_evaluate")
    rows = _rows(table)
    assert rows["held-out points"] >= 5000
    assert 0 < rows["gap (nats)"] < 0.2
    lo, hi = rows["gap (nats) [95%]"]
    assert lo < rows["gap (nats)"] < hi and hi - lo < 0.05  # paired per-point differences: a tight interval
    assert rows["gap (nats)"] == pytest.approx(rows["model NLL (nats/point)"] - rows["true density's NLL (floor)"],
                                               abs=1e-3)
    assert float(rows["max |f⁻¹(f(x)) − x|"]) < 1e-4
    _, nice = client.predict("8gaussians", None, "shipped", "nice", api_name="/flows_evaluate")
    assert _rows(nice)["gap (nats)"] > rows["gap (nats)"]  # NICE's gap, measured the same way
    traces = json.loads(fig["plot"])["data"]
    assert [t["type"] for t in traces] == ["scatter", "heatmap", "heatmap"]


def test_layers_walks_from_data_to_latent(client):
    fig0, caption = _layers(client, 0)
    assert caption.startswith("stage 0 of 8")
    fig8, caption = _layers(client, 8)
    assert caption.startswith("stage 8 of 8")
    assert fig0 != fig8
    _, caption = _layers(client, 12, kind="glow")
    assert caption.startswith("stage 12 of 12 · affine coupling")


@pytest.mark.parametrize("kwargs, message", [
    (dict(layer=9), "layer must be from 0 to 8"),
    (dict(dataset="moons"), "shipped flows are trained on '8gaussians'"),
    (dict(dataset="mystery"), "not in the list of choices"),
    (dict(kind="maf"), "not in the list of choices"),
    (dict(n=50), "minimum value 100"),
    (dict(source="live"), "no flow has been trained live"),
    (dict(dataset="drawing"), "canvas is empty"),
])
def test_layers_rejects_bad_input(client, kwargs, message):
    with pytest.raises(AppError) as err:
        _layers(client, **kwargs)
    assert message in str(err.value).lower()


def test_live_training_streams_then_live_views_work(client):
    job = client.submit("moons", None, "realnvp", 4, 150, 0, api_name="/flows_train")
    outputs = list(job)
    assert len(outputs) >= 2
    assert "150 / 150 updates" in outputs[-1][2] and "finished" in outputs[-1][2]
    for args in [("moons", None, "realnvp", 0, 10**6, 0), ("moons", None, "flowy", 4, 150, 0),
                 ("moons", None, "realnvp", 99, 150, 0)]:
        with pytest.raises(AppError):
            client.predict(*args, api_name="/flows_train")


def test_digits_samples_and_interpolation(client):
    image, table = client.predict(0.7, 16, 0, api_name="/flows_digits")
    rows = _rows(table)
    assert rows["test bits/dim (dequantized)"] < 4.09
    assert rows["classifier confidence of these samples"] >= 0.5
    strip = client.predict(0, 5, 8, api_name="/flows_interpolate")
    assert strip
    for args, message in [((2.0, 16, 0), "maximum value 1.5"), ((0.7, 0, 0), "minimum value 1")]:
        with pytest.raises(AppError) as err:
            client.predict(*args, api_name="/flows_digits")
        assert message in str(err.value).lower()
    with pytest.raises(AppError) as err:
        client.predict(0, 5, 40, api_name="/flows_interpolate")
    assert "maximum value 16" in str(err.value).lower()
