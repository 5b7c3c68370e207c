"""The rectified-flow tab's endpoints through gradio_client against a launched app."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

pytestmark = pytest.mark.api


def _points(client, source="gaussian", target="moons", model="shipped", steps=4, n=300, seed=0):
    return client.predict(source, target, None, None, model, steps, n, seed, api_name="/rf_points")


def _value(cell) -> float:
    """The value of a ``"value [lo, hi]"`` cell (its 95% interval after it)."""
    return float(str(cell).split(" [")[0])


def _interval(cell) -> tuple[float, float]:
    lo, hi = str(cell).split(" [")[1].rstrip("]").split(", ")
    return float(lo), float(hi)


def test_points_runs_every_shipped_flow(client):
    paths, one_step, table = _points(client, steps=4)
    rows = {r[0]: r for r in table["data"]}
    assert set(rows) == {"1-rectified", "2-rectified", "3-rectified", "OT-CFM"}
    assert all(r[1] == 4 for r in rows.values())  # one network evaluation per Euler step
    assert rows["2-rectified"][3] < rows["1-rectified"][3] / 3  # straightness
    assert _value(rows["2-rectified"][6]) < _value(rows["1-rectified"][6]) / 2  # 1-step W2 (with its 95% range)
    lo, hi = _interval(rows["1-rectified"][6])
    assert lo < _value(rows["1-rectified"][6]) < hi
    assert paths and one_step
    figures = lambda t: [r[:2] + r[3:] for r in t["data"]]  # noqa: E731  (all but the wall time)
    assert figures(_points(client, steps=4)[2]) == figures(table)  # same seed, same figures


@pytest.mark.parametrize("kwargs, message", [
    (dict(steps=0), "minimum value 1"),
    (dict(steps=101), "maximum value 100"),
    (dict(n=50_000), "maximum value 20000"),
    (dict(source="nowhere"), "not in the list of choices"),  # the dropdown answers first
    (dict(target="drawing"), "canvas is empty"),
    (dict(source="moons", target="rings"), "no shipped flows"),
    (dict(model="live"), "no flow has been trained live"),
    (dict(seed=-1), "minimum value 0"),
])
def test_points_rejects_bad_input(client, kwargs, message):
    with pytest.raises(AppError) as err:
        _points(client, **kwargs)
    assert message in str(err.value).lower()


def test_live_training_reflow_and_sampling(client):
    args = ("gaussian", "moons", None, None, "independent", 100, 0)
    outputs = list(client.submit(*args, api_name="/rf_train"))
    assert "1-rectified · 100 / 100 updates" in outputs[-1][2] and "finished" in outputs[-1][2]
    _, _, status = client.predict(*args, api_name="/rf_reflow")
    assert "2-rectified · 0 / 100 updates" in status  # the next stage starts from the pairs, untrained
    _, _, status = client.predict(*args, api_name="/rf_step")
    assert "2-rectified · 50 / 100" in status
    _, _, table = _points(client, model="live", steps=2)
    assert [r[0] for r in table["data"]] == ["1-rectified", "2-rectified"]
    client.predict(api_name="/rf_reset")


def test_live_training_rejects_bad_input(client):
    for args in [("gaussian", "moons", None, None, "independent", 10, 0),
                 ("gaussian", "moons", None, None, "sinkhorn", 100, 0),
                 ("drawing", "moons", None, None, "independent", 100, 0)]:
        with pytest.raises(AppError):
            client.predict(*args, api_name="/rf_train")


def test_digits_both_flows(client):
    one, two, table = client.predict("3", 8, 2, 0, api_name="/rf_digits")
    assert str(one).endswith(".png") and str(two).endswith(".png")
    rows = {r[0]: r for r in table["data"]}
    assert rows["2-rectified"][2] == 2 and _value(rows["2-rectified"][5]) >= 0.5
    assert _interval(rows["2-rectified"][5])[1] <= 1.0  # class accuracy's Wilson interval


@pytest.mark.parametrize("args, message", [(("x", 8, 2, 0), "not in the list of choices"),
                                           (("3", 8, 0, 0), "minimum value 1"),
                                           (("3", 8, 51, 0), "maximum value 50")])
def test_digits_rejects_bad_input(client, args, message):
    with pytest.raises(AppError) as err:
        client.predict(*args, api_name="/rf_digits")
    assert message in str(err.value).lower()
