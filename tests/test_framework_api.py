"""The diffusion tab's score-field, Langevin/PC and SDE-vs-ODE endpoints through gradio_client."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

from tests.conftest import plot_json, trace_length
from tests.test_diffusion_api import assert_readable_paths

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
    assert table["headers"] == ["measure", "annealed Langevin"]  # long: one row per measure
    row = {r[0]: r[1] for r in table["data"]}
    assert row["NFE"] == 20
    assert row["modes covered"].endswith("/ 8")


def test_pc_reports_its_nfe(client):
    _, table = _langevin(client, method="pc", steps=8, corrector=2, predictor="ode")
    row = {r[0]: r[1] for r in table["data"]}
    assert table["headers"][1] == "predictor-corrector"
    assert row["NFE"] == 8 * 3 and row["settings"] == "N=8, r=0.16, M=2, ODE"


def test_sde_ode_same_noise_and_determinism(client):
    paths, same, table = client.predict("8gaussians", 20, 300, 32, 0, api_name="/diffusion_sde_ode")
    paths, same = plot_json(paths), plot_json(same)
    starts = [t for t in paths["data"] if t["name"].endswith(": start")]
    assert len(starts) == 2 and starts[0]["x"] == starts[1]["x"]  # both from the same x_T
    assert table["headers"] == ["measure", "SDE (Euler-Maruyama)", "ODE (Euler)"]  # long: one row per measure
    rows = {r[0]: dict(zip(table["headers"][1:], r[1:])) for r in table["data"]}
    assert rows["NFE"]["ODE (Euler)"] == rows["NFE"]["SDE (Euler-Maruyama)"] == 20
    spread = rows["spread of K copies"]
    assert float(spread["ODE (Euler)"]) < 1e-3 < float(spread["SDE (Euler-Maruyama)"])
    assert_readable_paths(paths, {"x": "SDE (Euler-Maruyama)", "x2": "ODE (Euler)"})
    assert len([t for t in same["data"] if t["name"].startswith("x<sub>0</sub> from start")]) == 8  # 4 starts x 2 panels


def test_same_seed_same_result(client):
    a, b, c = ({r[0]: r[1] for r in _langevin(client, seed=s)[1]["data"]} for s in (7, 7, 8))
    w2 = "sliced W2 [95%]"
    assert a[w2] == b[w2] and a[w2] != c[w2]  # the same for the same seed, another for another


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
