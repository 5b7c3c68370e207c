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


def _flow_rows(table) -> dict[str, list]:
    """The paths table's rows by flow name: ``[name, NFE, ms, straightness, transport cost]`` (the row's name is
    ``"flow · N NFE · t ms"``)."""
    rows = {}
    for name, *figures in table["data"]:
        flow, nfe, ms = name.split(" · ")
        rows[flow] = [flow, int(nfe.removesuffix(" NFE")), float(ms.removesuffix(" ms")), *figures]
    return rows


def test_points_runs_every_shipped_flow(client):
    paths, one_step, table, w2 = _points(client, steps=4)
    rows = _flow_rows(table)
    w2_rows = {r[0]: r for r in w2["data"]}  # flow, W2 after N steps, W2 after 1 step; then the floor's row
    assert set(rows) == {"1-rectified", "2-rectified", "3-rectified", "OT-CFM"} == set(list(w2_rows)[:-1])
    assert all(r[1] == 4 for r in rows.values())  # one network evaluation per Euler step
    assert rows["2-rectified"][3] < rows["1-rectified"][3] / 3  # straightness
    assert _value(w2_rows["2-rectified"][2]) < _value(w2_rows["1-rectified"][2]) / 2  # 1-step W2 (with its 95% range)
    lo, hi = _interval(w2_rows["1-rectified"][2])
    assert lo < _value(w2_rows["1-rectified"][2]) < hi
    floor = w2["data"][-1]
    assert floor[0] == "floor: real vs real" and floor[1] == floor[2] and _interval(floor[1])[0] < _value(floor[1])
    assert paths and one_step
    again = _points(client, steps=4)
    figures = lambda t: [r[:2] + r[3:] for r in _flow_rows(t).values()]  # noqa: E731  (all but the wall time)
    assert figures(again[2]) == figures(table) and again[3] == w2  # same seed, same figures


def test_target_points_are_drawn_above_the_paths():
    """The heading says "grey: target": in every panel the target data is drawn after (above) the paths and the
    samples, and the paths are thin and translucent."""
    import json

    from core.rectified_flow.request import points_request
    from demos.rectified_flow import plots

    fig = json.loads(plots.transport_figure(points_request("gaussian", "moons", None, None, "shipped", None, 4, 300,
                                                           0)).plot)
    panels = sorted({t["xaxis"] for t in fig["data"]})
    assert len(panels) == 4
    for axis in panels:
        traces = [t for t in fig["data"] if t["xaxis"] == axis]
        names = [t["name"] for t in traces]
        target = names.index("target data (t = 0)")
        below = [i for i, n in enumerate(names) if n.startswith(("64 paths", "samples"))]
        assert len(below) == 4 and max(below) < target, names  # paths, their ends and the samples under the target
        line = next(t for t in traces if t["mode"] == "lines")
        assert line["opacity"] <= 0.6 and line["line"]["width"] <= 1.0
    legend = sorted((t.get("legendrank", 1000), t["name"]) for t in fig["data"] if t["showlegend"])
    assert [n for _, n in legend][:2] == ["source x₁ (t = 1)", "target data (t = 0)"]  # the reading order kept


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
    _, _, table, w2 = _points(client, model="live", steps=2)
    assert list(_flow_rows(table)) == ["1-rectified", "2-rectified"] == [r[0] for r in w2["data"][:-1]]
    client.predict(api_name="/rf_reset")


def test_live_training_rejects_bad_input(client):
    for args in [("gaussian", "moons", None, None, "independent", 10, 0),
                 ("gaussian", "moons", None, None, "sinkhorn", 100, 0),
                 ("drawing", "moons", None, None, "independent", 100, 0)]:
        with pytest.raises(AppError):
            client.predict(*args, api_name="/rf_train")


def _digit_rows(table) -> dict[str, dict[str, object]]:
    """The digits table (one row per measure, one column per flow) as ``{flow: {measure: figure}}``."""
    flows = table["headers"][1:]
    return {flow: {r[0]: r[i + 1] for r in table["data"]} for i, flow in enumerate(flows)}


def test_digits_both_flows(client):
    one, two, table = client.predict("3", 8, 2, 0, api_name="/rf_digits")
    assert str(one).endswith(".png") and str(two).endswith(".png")
    rows = _digit_rows(table)
    assert set(rows) == {"1-rectified", "2-rectified"}
    assert rows["2-rectified"]["NFE"] == 2 and _value(rows["2-rectified"]["class accuracy [95%]"]) >= 0.5
    assert _interval(rows["2-rectified"]["class accuracy [95%]"])[1] <= 1.0  # class accuracy's Wilson interval


def test_digits_confidence_stands_beside_the_frechet_and_its_floor(client):
    """One-step 1-rectified digits are grey blurs the classifier reads with full confidence: wherever the table
    shows a confidence it shows the Fréchet distance (classifier features) and its floor, which rank the flows as
    the pictures do, and the page says why confidence alone misleads (in both languages)."""
    from demos.rectified_flow import tab
    from demos.rectified_flow.text import EN, ZH

    table = tab.sample_digits("any", 16, 1, 0)[2]
    rows = _digit_rows({"headers": list(table.columns), "data": table.values.tolist()})
    frechet = f"Fréchet distance, {tab.R.FRECHET_N} class-balanced digits [95%]"
    for flow, figures in rows.items():
        assert "classifier confidence [95%]" in figures
        for key in (frechet, "Fréchet floor: real vs real [95%]"):
            lo, hi = _interval(figures[key])
            assert 0 < lo <= _value(figures[key]) <= hi, (flow, key)
    one, two = rows["1-rectified"], rows["2-rectified"]
    assert _value(one["classifier confidence [95%]"]) >= _value(two["classifier confidence [95%]"])  # the blur wins
    assert _interval(one[frechet])[0] > 2 * _interval(two[frechet])[1]  # the Fréchet tells the truth
    assert _interval(one[frechet])[0] > _interval(one["Fréchet floor: real vs real [95%]"])[1]  # far above the floor
    assert "class mean" in EN["rf.confidence_note"] and "whole distribution" in EN["rf.confidence_note"]
    assert "类均值" in ZH["rf.confidence_note"] and "整个分布" in ZH["rf.confidence_note"]
    notes = [c for c in client.config["components"] if c["type"] == "markdown"
             and '"rf.confidence_note"' in str(c["props"].get("value"))]
    assert len(notes) == 1  # shown once, under the digits table


@pytest.mark.parametrize("args, message", [(("x", 8, 2, 0), "not in the list of choices"),
                                           (("3", 8, 0, 0), "minimum value 1"),
                                           (("3", 8, 51, 0), "maximum value 50")])
def test_digits_rejects_bad_input(client, args, message):
    with pytest.raises(AppError) as err:
        client.predict(*args, api_name="/rf_digits")
    assert message in str(err.value).lower()
