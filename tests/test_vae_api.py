"""The VAE tab's endpoints through gradio_client against a launched app (bad inputs included)."""
from __future__ import annotations

import colorsys
import json

import pytest
from gradio_client.exceptions import AppError

pytestmark = pytest.mark.api


def test_pick_decodes_a_latent_point(client):
    digit = client.predict("vae-z2-beta1", 0.5, -1.0, api_name="/vae_pick")
    again = client.predict("vae-z2-beta1", 0.5, -1.0, api_name="/vae_pick")
    other = client.predict("vae-z2-beta1", -2.0, 2.0, api_name="/vae_pick")
    read = lambda f: open(f, "rb").read()
    assert read(digit) == read(again) and read(digit) != read(other)


def test_plane_manifold_interpolation_and_reconstruction(client):
    plane, status = client.predict("vae-z2-beta4", api_name="/vae_plane")
    assert "vae-z2-beta4" in status and plane
    assert client.predict("vae-z2-beta1", 10, 2.0, api_name="/vae_manifold")
    assert client.predict("vae-z2-beta1", 3, 40, 8, api_name="/vae_interpolate")
    image, table = client.predict("vae-z16", 12, 5, api_name="/vae_reconstruct")
    rows = {r[0]: r[1] for r in table["data"]}
    acc, lo, hi = (float(v.strip("[],")) for v in rows["accuracy on these reconstructions"].split())
    assert 0 <= lo <= acc <= hi <= 1 and len(rows["true classes"].split()) == 12  # the share with its 95% interval


def test_samples_estimators_gumbel_vq(client):
    _, table, kl = client.predict(32, 0, 1.0, api_name="/vae_samples")
    assert {r[0] for r in table["data"]} >= {"confidence", "classes"}
    assert client.predict(0.0, 1.0, 200, 0, api_name="/vae_estimators")
    assert client.predict(0.3, api_name="/vae_gumbel")
    inp, cmap, out, use = client.predict(256, 7, api_name="/vae_vq_codes")
    assert inp and out and "dead" in str(use)
    _, table = client.predict(16, 1.0, 0, api_name="/vae_two_stage")
    assert {r[0] for r in table["data"]} >= {"confidence", "classes"}


@pytest.mark.parametrize("args, api, message", [
    (("vae-z16", 0, 0), "/vae_pick", "not in the list of choices"),
    (("vae-z2-beta1", 0, -7.5), "/vae_pick", "minimum value -6"),
    (("vae-z2-beta1", 9.0, 0), "/vae_pick", "maximum value 6"),
    (("nope", 12, 0), "/vae_reconstruct", "not in the list of choices"),
    (("vae-z2-beta1", 0, 400, 8), "/vae_interpolate", "maximum value 359"),
    ((0.0, 0.0, 200, 0), "/vae_estimators", "minimum value 0.1"),
    ((32, 7), "/vae_vq_codes", "not in the list of choices"),
    ((16, 9.0, 0), "/vae_two_stage", "maximum value 2"),
    ((0.0,), "/vae_gumbel", "minimum value 0.05"),
])
def test_bad_inputs_name_the_problem(client, args, api, message):
    with pytest.raises(AppError) as err:
        client.predict(*args, api_name=api)
    assert message in str(err.value).lower()


def test_live_training_streams_steps_and_rejects_bad_input(client):
    job = client.submit("moons", None, 1.0, 200, 0, api_name="/vae_train")
    outputs = list(job)
    assert len(outputs) >= 1 and outputs[-1][2].startswith("moons · β = 1 · 200 / 200 updates")
    assert "finished" in outputs[-1][2]
    for args, message in [(("moons", None, 0.0, 200, 0), "minimum value 0.05"),
                          (("drawing", None, 1.0, 200, 0), "canvas is empty"),
                          (("moons", None, 1.0, 10, 0), "minimum value 100")]:
        with pytest.raises(AppError) as err:
            client.predict(*args, api_name="/vae_train")
        assert message in str(err.value).lower()


def test_server_keeps_serving_after_errors(client):
    with pytest.raises(AppError):
        client.predict("vae-z2-beta1", 0, "north", api_name="/vae_pick")
    assert client.predict("vae-z2-beta1", 0.0, 0.0, api_name="/vae_pick")


def test_live_training_pauses_and_resumes(client):
    job = client.submit("circles", None, 1.0, 20_000, 3, api_name="/vae_train")
    for i, _ in enumerate(job):
        if i >= 1:
            client.predict(api_name="/vae_pause")
            break
    outputs = list(job) or job.outputs()
    last = outputs[-1][2]
    assert "paused" in last and "circles · β = 1" in last
    done = int(last.split(" · ")[2].split(" / ")[0].replace(",", ""))
    assert 0 < done < 20_000
    _, _, status = client.predict("circles", None, 1.0, 20_000, 3, api_name="/vae_step")
    assert f"{done + 50:,} / 20,000 updates" in status  # the step continued the paused run


# --- the tab's figures and tables, from its handlers in-process (no model is trained) ---

def _fig(plot_data) -> dict:
    return json.loads(plot_data.plot)


def test_beta_tables_fit_a_phone():
    """The β trade-off as tables of four columns at most (a label column and up to three figures, each cell
    ``value [lo, hi]``): six columns ran to 1124 px on a 390 px phone."""
    import pandas as pd

    from demos.vae import tab

    tables = [v for v in tab.beta_views() if isinstance(v, pd.DataFrame)]
    assert [t.shape[1] for t in tables] == [4, 3]  # every figure of the six columns kept, in two tables
    for table, widths in zip(tables, (tab.BETA_WIDTHS, tab.QUALITY_WIDTHS)):
        assert len(widths) == table.shape[1] and sum(float(w.rstrip("%")) for w in widths) == pytest.approx(100)
        assert list(table.iloc[:, 0]) == ["0.25", "1", "2", "4"]
        for cell in table.iloc[:, 1:].to_numpy().ravel():  # a value and its 95% interval in one cell
            value, interval = cell.split(" [")
            lo, hi = (float(v) for v in interval.rstrip("]").split(", "))
            assert lo <= float(value) <= hi
    assert [list(t.columns) for t in tables] == [["β", "test ELBO", "recon.", "KL"], ["β", "MSE", "accuracy"]]


def _hue(color: str) -> float:
    r, g, b = (int(color[i: i + 2], 16) / 255 for i in (1, 3, 5))
    return colorsys.rgb_to_hls(r, g, b)[0]


def test_gradient_estimator_charts_give_each_estimator_one_colour():
    """One colour scheme in the Gumbel chart: every trace belongs to an estimator (its legend group), the
    legend names the three estimators only, and an estimator's traces share its colour's hue (the relaxed
    samples' categories are shades of the relaxed estimator's colour); no colour stands for two estimators
    across the view's two charts."""
    from core.vae import request as R
    from demos.vae import plots

    gumbel = _fig(plots.gumbel_figure(R.gumbel(0.5, 500, 0)))
    legend = {t.get("legendgroup"): t["marker"]["color"] for t in gumbel["data"] if t.get("showlegend")}
    assert list(legend) == ["categorical", "relaxed", "straight-through"]
    assert len(set(legend.values())) == 3
    relaxed = [t for t in gumbel["data"] if t.get("xaxis") == "x2"]
    assert len(relaxed) == 4  # one stacked trace per category
    for t in gumbel["data"]:
        assert _hue(t["marker"]["color"]) == pytest.approx(_hue(legend[t.get("legendgroup")]), abs=0.01)
    variance = _fig(plots.estimator_figure(R.estimator_variance(0.0, 1.0, 50, 0)))
    colors = {t["name"]: t["line"]["color"] for t in variance["data"]}
    assert len(set(colors.values())) == 3 and not set(colors.values()) & set(legend.values())


def test_live_view_tells_data_and_prior_apart():
    """The data (data space) and the prior's draws (latent space) in distinct colours, each named in the legend."""
    import numpy as np

    from core.vae.live import Preview
    from demos.vae import plots

    pts = np.random.default_rng(0).normal(size=(50, 2)).astype(np.float32)
    fig = _fig(plots.live_figure(Preview(pts, pts, pts, pts, pts, (0.5, 0.5)), 3.0, 100))
    by_name = {t["name"]: t for t in fig["data"]}
    data, prior = by_name["data"], by_name["prior N(0, I)"]
    assert data["marker"]["color"] != prior["marker"]["color"]
    assert data["showlegend"] and prior["showlegend"]
    assert len({t["marker"]["color"] for t in fig["data"]}) == len(fig["data"])  # no two series share a colour


def test_empty_loss_curve_axis_starts_at_zero():
    """Before any update the −ELBO curve's update axis runs from 0 (to the default run's length), not from −1."""
    from core.vae.live import LIVE_CONFIG
    from demos.vae.tab import waiting_view

    loss = _fig(waiting_view()[0])
    assert loss["layout"]["xaxis"].get("range") == [0, LIVE_CONFIG.steps]
