"""The "Samplers vs NFE" view's endpoints through gradio_client against a launched app."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

from core.sampling.solvers import SAMPLERS
from tests.conftest import plot_json, trace_length

pytestmark = pytest.mark.api


def _sample(client, dataset="8gaussians", sampler="heun", nfe=20, n=500, seed=0):
    return client.predict(dataset, sampler, nfe, n, seed, api_name="/diffusion_sampler")


@pytest.mark.parametrize("sampler", ["ddim", "heun", "euler_maruyama", "dpmpp_2m"])
def test_sampler_endpoint_shows_samples_over_data_and_the_metric(client, sampler):
    fig, status = _sample(client, sampler=sampler)
    traces = {t["name"]: t for t in plot_json(fig)["data"]}
    assert trace_length(traces[SAMPLERS[sampler].label]) == 500 and trace_length(traces["data"]) == 500
    spent = SAMPLERS[sampler].nfe(SAMPLERS[sampler].steps_for(20))
    assert f"{spent} NFE" in status and "sliced W2" in status and "floor" in status
    assert SAMPLERS[sampler].source in status


@pytest.mark.parametrize("nfe, below", [(50, True), (20, False)])  # Heun, seed 0: ratio 0.91 at 50 NFE, 1.23 at 20
def test_a_ratio_below_one_is_explained_in_the_status(client, nfe, below):
    """Issue item 10: a ratio under 1 in the status line comes with what it means; above 1, no such sentence."""
    _, status = _sample(client, sampler="heun", nfe=nfe)
    ratio = float(status.split("ratio ")[1].split()[0])
    assert (ratio < 1) is below, ratio
    assert ("second draw of real data" in status) is below


def test_same_seed_same_samples(client):
    a, b, c = (_sample(client, sampler="euler_maruyama", seed=s)[0] for s in (3, 3, 4))
    x = lambda fig: plot_json(fig)["data"][1]["x"]  # noqa: E731
    assert x(a) == x(b) and x(a) != x(c)


def test_live_chart_has_a_curve_per_sampler_and_the_floor(client):
    fig = plot_json(client.predict("8gaussians", 200, 0, api_name="/diffusion_nfe_chart"))
    names = [t["name"] for t in fig["data"]]
    for s in SAMPLERS.values():
        assert s.label in names
    assert "floor (95%)" in names
    heun = next(t for t in fig["data"] if t["name"] == SAMPLERS["heun"].label)
    assert heun["x"] == [5, 9, 19, 49, 99]  # the NFE Heun spent for budgets 5, 10, 20, 50, 100
    assert fig["layout"]["xaxis"]["type"] == "log" and fig["layout"]["yaxis"]["type"] == "log"


# Sliders' own bounds check answers first and names the bound; core's checks name the parameter.
@pytest.mark.parametrize("kwargs, message", [
    (dict(sampler="rk4"), "not in the list of choices"),
    (dict(nfe=0), "minimum value 1"),
    (dict(nfe=500), "maximum value 200"),
    (dict(nfe=12.5), "nfe must be a whole number"),
    (dict(n=10), "minimum value 100"),
    (dict(dataset="mystery"), "not in the list of choices"),
    (dict(seed=-3), "minimum value 0"),
])
def test_sampler_rejects_bad_input(client, kwargs, message):
    with pytest.raises(AppError) as err:
        _sample(client, **kwargs)
    assert message in str(err.value).lower()


def test_chart_rejects_too_many_points(client):
    with pytest.raises(AppError) as err:
        client.predict("8gaussians", 50_000, 0, api_name="/diffusion_nfe_chart")
    assert "maximum value 4000" in str(err.value).lower()
