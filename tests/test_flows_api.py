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


# --- the tab's figures and status line, from its handlers in-process ---

def _colour_bars_beside_their_panels(fig: dict) -> int:
    """Asserts that every heatmap / contour trace shows its colour bar just right of its own panel (left edge within
    0.05 of the panel's right end, its middle within the panel's height, the panel pinned to that end where it
    shrinks to stay square) and over no other panel; returns how many bars there are."""
    lay, bars = fig["layout"], 0
    domains = {k: v.get("domain", [0, 1]) for k, v in lay.items() if k.startswith(("xaxis", "yaxis"))}
    for trace in fig["data"]:
        if trace["type"] not in ("heatmap", "contour"):
            continue
        assert trace.get("showscale", True), trace["name"]
        xa, ya = "xaxis" + trace["xaxis"][1:], "yaxis" + trace["yaxis"][1:]
        (_, right), (bottom, top) = domains[xa], domains[ya]
        bar = trace["colorbar"]
        assert bar.get("xanchor") == "left" and right <= bar["x"] <= right + 0.05, (trace["name"], bar)
        assert bottom <= bar["y"] <= top and bar.get("yanchor", "middle") == "middle", (trace["name"], bar)
        if lay[xa].get("constrain") == "domain":
            assert lay[xa].get("constraintoward") == "right"
        for other in (k for k in domains if k.startswith("xaxis") and k != xa):  # over no other panel of its row
            oy = domains["yaxis" + other[5:]]
            if oy[0] <= bar["y"] <= oy[1]:
                assert not domains[other][0] <= bar["x"] <= domains[other][1], (trace["name"], other)
        bars += 1
    return bars


def test_density_panels_have_their_colour_scale_beside_them():
    """The evaluation's density panel has its colour scale, and log|det J|'s bar sits beside its own (bottom left)
    panel, not in the empty quadrant; the live view's density panel has its scale too."""
    from types import SimpleNamespace

    import numpy as np

    from core.data.targets import make_target
    from demos.flows import plots

    axis = np.linspace(-4, 4, 16)
    grid = -np.add.outer(axis ** 2, axis ** 2) / 2
    real = np.random.default_rng(0).normal(size=(100, 2))
    ev = SimpleNamespace(target=make_target("8gaussians"), real=real, axis=axis, log_p=grid, log_det=grid / 3)
    assert _colour_bars_beside_their_panels(json.loads(plots.evaluation_figure(ev).plot)) == 2
    live = json.loads(plots.live_density_figure(real, axis, grid, 4.0, 100).plot)
    assert _colour_bars_beside_their_panels(live) == 1


def test_status_names_the_chosen_architecture():
    """Once the architecture (or depth, or data) changes, the status line names the chosen flow, not the live run
    of another one; back on the live run's own choice, its line again."""
    from core.flows.live import LiveDensityFlow
    from demos.flows.tab import chosen_status

    assert chosen_status(None, "moons", "glow", 3) == "moons · glow × 3 chosen · Train live starts it"
    live = LiveDensityFlow.continue_or_create(None, "moons", None, "realnvp", 4, 150, 0)  # built, not trained
    assert chosen_status(live, "moons", "glow", 4).startswith("moons · glow × 4 chosen")
    assert chosen_status(live, "moons", "realnvp", 6).startswith("moons · realnvp × 6 chosen")
    assert chosen_status(live, "8gaussians", "realnvp", 4).startswith("8gaussians · realnvp × 4 chosen")
    assert chosen_status(live, "moons", "realnvp", 4) == "moons · realnvp × 4 · 0 / 150 updates"
