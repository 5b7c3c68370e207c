"""The DDPM vs DDIM tab's endpoints through gradio_client against a launched app."""
from __future__ import annotations

import pytest
from gradio_client.exceptions import AppError

from tests.conftest import plot_json, trace_length

pytestmark = pytest.mark.api


def _points(client, dataset="moons", drawing=None, source="shipped", steps=20, eta=0.0, n=500, seed=0):
    return client.predict(dataset, drawing, source, steps, eta, n, seed, api_name="/diffusion_points")


def _rows(table):
    return {row[0]: row for row in table["data"]}


def test_points_compares_ddpm_and_ddim(client):
    fig, table, traj = _points(client, steps=20)
    rows = _rows(table)
    assert set(rows) == {"DDPM", "DDIM"}
    assert rows["DDPM"][1] == 20 and rows["DDIM"][1] == 20  # one network evaluation per step
    for row in rows.values():
        lo, hi = (float(v) for v in row[5].strip("[]").split(","))
        floor = float(row[6].split(": ")[1].split()[0])  # "real vs real, same n: 0.1234 [lo, hi]"
        assert 0 <= lo <= row[4] <= hi and floor > 0
        assert float(row[7].split()[0]) == pytest.approx(row[4] / floor, abs=0.01)
    samples, paths = plot_json(fig), plot_json(traj)
    by_name = {t["name"]: t for t in samples["data"]}
    assert trace_length(by_name["DDPM"]) == 500 and trace_length(by_name["DDIM"]) == 500
    assert {by_name["DDPM"]["xaxis"], by_name["DDIM"]["xaxis"]} == {"x", "x2"}  # side by side
    names = [t["name"] for t in paths["data"]]
    for method in ("DDPM", "DDIM"):  # each path with its start (hollow) and end markers
        assert f"{method}: start" in names and f"{method}: end" in names
        start = next(t for t in paths["data"] if t["name"] == f"{method}: start")
        assert start["marker"]["symbol"] == "circle-open" and trace_length(start) >= 8


def test_points_same_seed_same_result(client):
    a, b = _points(client, seed=3), _points(client, seed=3)
    c = _points(client, seed=4)
    value = lambda r: [row[4] for row in r[1]["data"]]
    assert value(a) == value(b)
    assert value(a) != value(c)


# Sliders' own bounds check answers first and names the bound; core's checks name the parameter.
@pytest.mark.parametrize("kwargs, message", [
    (dict(steps=0), "minimum value 1"),
    (dict(steps=1001), "maximum value 1000"),
    (dict(eta=1.5), "maximum value 1"),
    (dict(n=50_000), "maximum value 20000"),
    (dict(dataset="mystery"), "dataset must be one of"),
    (dict(seed=-1), "minimum value 0"),
    (dict(source="other"), "not in the list of choices"),
    (dict(dataset="drawn"), "canvas is empty"),  # the older spelling of "drawing" is still accepted
    (dict(dataset="drawing"), "canvas is empty"),
    (dict(source="live"), "no model has been trained live"),
])
def test_points_rejects_bad_input(client, kwargs, message):
    with pytest.raises(AppError) as err:
        _points(client, **kwargs)
    assert message in str(err.value).lower()


def test_server_keeps_serving_after_errors(client):
    with pytest.raises(AppError):
        _points(client, steps="many")
    _, table, _ = _points(client, steps=5)
    assert len(table["data"]) == 2


def test_live_training_streams_and_can_be_stopped(client):
    job = client.submit("moons", None, 300, 0, api_name="/diffusion_train")
    outputs = list(job)
    assert len(outputs) >= 2  # a frame every slice of training and a last one
    assert outputs[-1][2].startswith("moons · 300 / 300 updates") and "finished" in outputs[-1][2]
    job = client.submit("moons", None, 20_000, 0, api_name="/diffusion_train")
    for i, _ in enumerate(job):
        if i >= 1:
            break
    job.cancel()
    _, table, _ = _points(client, steps=5)  # the queue is free again
    assert len(table["data"]) == 2


def _updates(status: str) -> int:
    """The update count in a status line such as ``moons · 1,234 / 3,000 updates · ...``."""
    return int(status.split(" · ")[1].split(" / ")[0].replace(",", ""))


def test_live_training_pauses_steps_and_resumes_on_the_shared_session(client):
    """/diffusion_train runs on the same LiveSession as the GAN tab: pause ends the call with a last frame
    within a second, step adds 50 updates, and training again resumes the same run."""
    import time

    client.predict(api_name="/diffusion_reset")
    job = client.submit("8gaussians", None, 20_000, 4, api_name="/diffusion_train")
    while len(job.outputs()) < 2:
        time.sleep(0.05)
    start = time.perf_counter()
    client.predict(api_name="/diffusion_pause")
    outputs = list(job)
    assert time.perf_counter() - start < 1.5  # the call ended soon after the pause
    last = outputs[-1][2]
    assert "paused" in last and 0 < _updates(last) < 20_000
    stepped = client.predict("8gaussians", None, 20_000, 4, api_name="/diffusion_step")
    assert _updates(stepped[2]) == _updates(last) + 50
    job = client.submit("8gaussians", None, 20_000, 4, api_name="/diffusion_train")
    while len(job.outputs()) < 2:
        time.sleep(0.05)
    client.predict(api_name="/diffusion_pause")
    resumed = list(job)
    assert _updates(resumed[0][2]) == _updates(stepped[2])  # resumed from there, not restarted at 0
    assert _updates(resumed[-1][2]) > _updates(stepped[2])
    other = client.predict("8gaussians", None, 20_000, 5, api_name="/diffusion_step")
    assert _updates(other[2]) == 50  # a new seed starts a new run


def test_live_training_rejects_bad_input(client):
    for args in [("moons", None, 10, 0), ("moons", None, 10**6, 0), ("drawn", None, 300, 0)]:
        with pytest.raises(AppError):
            client.predict(*args, api_name="/diffusion_train")


def test_digits_compares_and_classifies(client):
    ddpm, ddim, table, film = client.predict("3", 8, 20, 0.0, 0, api_name="/diffusion_digits")
    for image in (ddpm, ddim, film):
        assert str(image).endswith(".png")
    metrics = {(r[0], r[3]): r[4] for r in table["data"]}
    assert metrics[("DDIM", "class accuracy")] >= 0.5
    assert 0 < metrics[("DDPM", "classifier confidence")] <= 1


def test_digits_any_class_says_no_class_asked_and_fills_floor_and_ratio(client):
    _, _, table, _ = client.predict("any", 4, 10, 0.5, 1, api_name="/diffusion_digits")
    rows = {(r[0], r[3]): r for r in table["data"]}
    assert {m for _, m in rows} == {"classifier confidence", "class accuracy"}
    assert rows[("DDIM", "class accuracy")][4] == "-" and "no class asked" in rows[("DDIM", "class accuracy")][5]
    for sampler in ("DDPM", "DDIM"):  # the floor and ratio columns were always empty (issue 10, item 6)
        confidence = rows[(sampler, "classifier confidence")]
        assert confidence[6].startswith("real digits") and 0 < float(confidence[7]) <= 1.5
        assert rows[(sampler, "class accuracy")][6].startswith("real digits")


@pytest.mark.parametrize("args, message", [
    (("11", 8, 20, 0.0, 0), "not in the list of choices"),
    (("3", 65, 20, 0.0, 0), "maximum value 64"),
    (("3", 0, 20, 0.0, 0), "minimum value 1"),
    (("3", 8, 20, -0.1, 0), "minimum value 0"),
    (("3", 8, 2000, 0.0, 0), "maximum value 1000"),
])
def test_digits_rejects_bad_input(client, args, message):
    with pytest.raises(AppError) as err:
        client.predict(*args, api_name="/diffusion_digits")
    assert message in str(err.value).lower()


def test_table1_live_recompute(client):
    fig = plot_json(client.predict("8gaussians", api_name="/diffusion_table1_live"))
    curves = [t for t in fig["data"] if t.get("mode") == "lines+markers"]
    assert len(curves) >= 4  # DDIM at three etas and DDPM
    assert all(len(t["x"]) >= 3 and all(v > 0 for v in t["y"]) for t in curves)
    with pytest.raises(AppError):
        client.predict("drawn", api_name="/diffusion_table1_live")
