"""Quality against NFE (core.diffusion.nfe): the curves on the shipped 2D model, the summary figures, the
validated requests, and the saved benchmark's figures the issue asks for."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.diffusion import nfe
from core.runtime import checkpoints
from core.runtime.validation import InvalidInput
from core.sampling.solvers import ODE_SAMPLERS, SAMPLERS

SAVED = Path(__file__).resolve().parents[1] / "benchmarks" / "results" / "samplers_nfe.json"


@pytest.fixture(scope="module")
def shipped():
    name = f"ddpm-2d-{nfe.DEFAULT_DATASET}"
    return checkpoints.load_model(name), checkpoints.scheduler_config(name)


def test_points_curves_rows(shipped):
    rows = nfe.points_curves(*shipped, nfe.DEFAULT_DATASET, names=("ddim", "heun", "dpmpp_2m"), nfes=(5, 10),
                             n=400, seeds=(0, 1))
    assert [(r["sampler"], r["budget"]) for r in rows] == [(n, b) for n in ("ddim", "heun", "dpmpp_2m") for b in (5, 10)]
    spent = {(r["sampler"], r["budget"]): r["nfe"] for r in rows}
    assert spent[("heun", 10)] == 9 and spent[("heun", 5)] == 5 and spent[("ddim", 10)] == 10
    floors = {r["floor"] for r in rows}
    assert len(floors) == 1  # every sampler against the same reference and floor
    for r in rows:
        assert r["w2_lo"] <= r["w2"] <= r["w2_hi"] and r["floor_lo"] <= r["floor"] <= r["floor_hi"]
        assert r["w2"] > 0.5 * r["floor"]


def _rows(values: dict[str, list[float]], budgets=(5, 10, 100)) -> list[dict]:
    return [{"sampler": name, "budget": b, "nfe": b, "w2": v, "floor": 0.1}
            for name, vs in values.items() for b, v in zip(budgets, vs)]


def test_summary_reads_the_chart():
    rows = _rows({"ddim": [0.5, 0.3, 0.2], "heun": [0.9, 0.35, 0.2], "dpmpp_2m": [0.4, 0.25, 0.21],
                  "unipc": [0.4, 0.26, 0.2], "euler": [0.8, 0.5, 0.22], "deis": [0.4, 0.26, 0.2],
                  "euler_maruyama": [5.0, 0.6, 0.215], "ddpm": [0.7, 0.4, 0.3]})
    s = nfe.summary(rows, "w2", "floor")
    assert s["at10_best"] == "dpmpp_2m" and s["at10_beats_ddim"] is True
    assert s["high_nfe"] == 100 and s["high_spread"] == pytest.approx(0.1) and s["high_within_10pct"]
    assert s["target"] == pytest.approx(0.22)
    assert s["sde_nfe_to_target"] == 100 and s["ode_nfe_to_target"] == 100
    assert s["sde_behind_at"] == [5, 10, 100] and s["sde_ahead_at"] == []
    assert nfe.nfe_to_reach(rows, "w2", "ddpm", 0.22) is None
    partial = nfe.summary([r for r in rows if r["sampler"] in ("ddpm", "ddim")], "w2", "floor")
    assert "at10_best" not in partial and "high_spread" not in partial  # a partial chart reads what it can


@pytest.mark.parametrize("args, message", [
    (("mystery", "heun", 50, 500, 0), "dataset must be one of"),
    (("8gaussians", "rk4", 50, 500, 0), "sampler must be one of"),
    (("8gaussians", "heun", 0, 500, 0), "NFE must be from 1 to 200"),
    (("8gaussians", "heun", 201, 500, 0), "NFE must be from 1 to 200"),
    (("8gaussians", "heun", 2.5, 500, 0), "NFE must be a whole number"),
    (("8gaussians", "heun", 50, 50, 0), "number of points must be from 100"),
    (("8gaussians", "heun", 50, 500, -1), "seed must be from 0"),
])
def test_sampler_request_rejects_bad_input(args, message):
    with pytest.raises(InvalidInput, match=message):
        nfe.sampler_points_request(*args)


def test_chart_request_caps_points():
    with pytest.raises(InvalidInput, match="number of points must be from 100 to 4000"):
        nfe.nfe_points_request("8gaussians", 5000, 0)


def test_sampler_request_runs_the_shipped_model():
    run = nfe.sampler_points_request("8gaussians", "heun", 20, 500, 0)
    assert run.generated.x.shape == (500, 2) and run.generated.nfe == 19 and run.steps == 10
    assert run.real.shape == (500, 2) and run.metrics["ratio"] < 3


def _saved() -> dict:
    if not SAVED.is_file():
        pytest.fail("benchmarks/results/samplers_nfe.json is missing: run benchmarks/bench_samplers.py")
    return json.loads(SAVED.read_text())


def test_saved_chart_recomputes_at_10_nfe(shipped):
    """The saved 2D figures at 10 NFE for DDIM and DPM-Solver++, recomputed from the weights over the same seeds."""
    saved = _saved()["points"]
    rows = nfe.points_curves(*shipped, saved["dataset"], names=("ddim", "dpmpp_2m"), nfes=(10,), n=saved["n"],
                             seeds=tuple(saved["seeds"]))
    for row in rows:
        stored = next(r for r in saved["rows"] if r["sampler"] == row["sampler"] and r["budget"] == 10)
        assert row["w2"] == pytest.approx(stored["w2"], rel=1e-3)
        assert row["floor"] == pytest.approx(stored["floor"], rel=1e-3)
    ddim, dpm = rows
    assert dpm["w2"] < ddim["w2"]


def test_saved_benchmark_covers_every_sampler_and_meets_the_figures():
    saved = _saved()
    for track in ("points", "digits"):
        rows, s = saved[track]["rows"], saved[track]["summary"]
        assert {r["sampler"] for r in rows} == set(SAMPLERS)
        assert s["high_within_10pct"], (track, s["high_spreads"])  # all ODE samplers within 10% at 100+ NFE
        assert all(r["nfe"] <= r["budget"] for r in rows)
    assert saved["points"]["summary"]["at10_beats_ddim"]
    assert set(ODE_SAMPLERS) <= {r["sampler"] for r in saved["digits"]["rows"]}
