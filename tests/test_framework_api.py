"""The diffusion tab's score-field, Langevin/PC and SDE-vs-ODE endpoints through gradio_client."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

from tests.conftest import plot_json, trace_length

pytestmark = pytest.mark.api

LANGEVIN = dict(dataset="8gaussians", method="langevin", levels=4, per_level=5, log_step=-4.0, steps=10, snr=0.16,
                corrector=1, predictor="sde", n=400, seed=0)


def _langevin(client, **kw):
    a = {**LANGEVIN, **kw}
    return client.predict(a["dataset"], a["method"], a["levels"], a["per_level"], a["log_step"], a["steps"], a["snr"],
                          a["corrector"], a["predictor"], a["n"], a["seed"], api_name="/diffusion_langevin")


def test_score_field_arrows_over_the_data(client):
    fig = plot_json(client.predict("8gaussians", -1.0, 11, api_name="/diffusion_score_field"))
    segments = next(t for t in fig["data"] if t["mode"] == "lines")
    assert trace_length(segments) == 3 * 121  # one segment and a break per grid point
    assert "σ = 0.1" in fig["layout"]["title"]["text"]
    assert {t["xaxis"] for t in fig["data"]} == {"x", "x2"}  # score panel and x0 panel


def test_langevin_animates_and_reports_quality(client):
    fig, table = _langevin(client)
    fig = plot_json(fig)
    steps = fig["layout"]["sliders"][0]["steps"]
    assert len(steps) == 4 * 5 + 1  # the start and every step
    assert steps[0]["method"] == "restyle" and len(steps[0]["args"][0]["x"][0]) == 400
    assert "level 4" in steps[-1]["label"]
    row = dict(zip(table["headers"], table["data"][0]))
    assert row["NFE"] == 20 and row["sampler"] == "annealed Langevin"
    assert row["modes covered"].endswith("/ 8")


def test_pc_reports_its_nfe(client):
    _, table = _langevin(client, method="pc", steps=8, corrector=2, predictor="ode")
    row = dict(zip(table["headers"], table["data"][0]))
    assert row["NFE"] == 8 * 3 and row["settings"] == "N=8, r=0.16, M=2, ODE"


def test_sde_ode_same_noise_and_determinism(client):
    paths, same, table = client.predict("8gaussians", 20, 300, 32, 0, api_name="/diffusion_sde_ode")
    paths, same = plot_json(paths), plot_json(same)
    starts = [t for t in paths["data"] if t["name"].endswith(": start")]
    assert len(starts) == 2 and starts[0]["x"] == starts[1]["x"]  # both from the same x_T
    rows = {r[0]: dict(zip(table["headers"], r)) for r in table["data"]}
    assert rows["ODE (Euler)"]["NFE"] == rows["SDE (Euler-Maruyama)"]["NFE"] == 20
    assert float(rows["ODE (Euler)"]["spread of K copies"]) < 1e-3 < float(rows["SDE (Euler-Maruyama)"]["spread of K copies"])
    assert len([t for t in same["data"] if t["name"].startswith("x<sub>0</sub> from start")]) == 8  # 4 starts x 2 panels


def test_same_seed_same_result(client):
    a, b, c = (_langevin(client, seed=s)[1]["data"][0] for s in (7, 7, 8))
    assert a[4] == b[4] and a[4] != c[4]  # sliced W2: the same for the same seed, another for another


@pytest.mark.parametrize("call, message", [
    (lambda c: c.predict("8gaussians", -3.0, 11, api_name="/diffusion_score_field"), "minimum value -2"),
    (lambda c: c.predict("8gaussians", 0.0, 99, api_name="/diffusion_score_field"), "maximum value 41"),
    (lambda c: c.predict("ring", 0.0, 11, api_name="/diffusion_score_field"), "not in the list of choices"),
    (lambda c: _langevin(c, levels=30, per_level=100), "at most 2000 network evaluations; got 3000"),
    (lambda c: _langevin(c, method="pc", steps=200, corrector=10), "at most 2000 network evaluations; got 2200"),
    (lambda c: _langevin(c, log_step=0.0), "maximum value -1"),
    (lambda c: _langevin(c, method="euler"), "not in the list of choices"),
    (lambda c: _langevin(c, n=10**6), "maximum value 5000"),
    (lambda c: c.predict("8gaussians", 0, 300, 4, 0, api_name="/diffusion_sde_ode"), "minimum value 1"),
    (lambda c: c.predict("8gaussians", 20, 300, 1000, 0, api_name="/diffusion_sde_ode"), "maximum value 256"),
])
def test_bad_inputs_name_the_range(client, call, message):
    with pytest.raises(AppError) as err:
        call(client)
    assert message in str(err.value)
