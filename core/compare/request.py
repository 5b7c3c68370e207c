"""The Compare tab's endpoints: the digits table from its benchmark, and one row recomputed live.

``load_table()`` reads ``benchmarks/results/compare_digits.json`` (``benchmarks/bench_compare.py``);
``recompute_row(model, digits, probes)`` scores the first ``digits`` test digits with one shipped model from
its weights, bounded: the exact models in one pass, the VAE's bound at k = 100, the rectified flow's ODE with
Hutchinson's estimate (``digits x probes`` at most ``ODE_BUDGET``).
"""
from __future__ import annotations

import time
from dataclasses import dataclass

from core.runtime.memo import cached
from core.runtime.validation import InvalidInput, Spec, check_choice

RESULT = "compare_digits"  # the benchmark's result file (benchmarks/results/RESULT.json)
LIVE_MODELS = ("ar-pixelcnn", "ar-made", "flow-digits", "vae-digits-logistic", "rf-digits-1")  # recomputable rows
ODE_MODELS = ("rf-digits-1",)  # rows that go through the ODE (their cost is digits x probes)
DIGITS = Spec("number of digits", 2, 360, 60)  # first test digits scored
PROBES = Spec("probes", 1, 16, 1)  # Hutchinson probes of the ODE rows
ODE_BUDGET = 64  # largest digits x probes of one ODE request (about 10 s on one core)
LIVE_IWAE_K = 100  # the VAE's importance samples live


@dataclass(frozen=True)
class RowDefaults:
    model: str = "flow-digits"  # the model recomputed when the view opens
    digits: int = int(DIGITS.default)  # its test digits
    probes: int = int(PROBES.default)  # Hutchinson probes (ODE rows only)


DEFAULTS = RowDefaults()


@dataclass
class LiveRow:
    row: dict  # the row as core.compare.digits builds it (value, interval, kind, unit, n, details)
    recorded: dict | None  # the same model's row in the benchmark (all digits), if the table holds it
    seconds: float  # time the recomputation took


def check_row(model, digits, probes) -> tuple[str, int, int]:
    """``(model, digits, probes)`` validated; an ODE row's ``digits x probes`` at most ``ODE_BUDGET``."""
    model = check_choice("model", model, LIVE_MODELS)
    digits, probes = DIGITS.check(digits), PROBES.check(probes)
    if model in ODE_MODELS and digits * probes > ODE_BUDGET:
        raise InvalidInput("compare_ode_budget", digits=digits, probes=probes, limit=ODE_BUDGET)
    return model, digits, probes


def recompute_row(model, digits, probes) -> LiveRow:
    """One row of the table recomputed from the weights on the first ``digits`` test digits."""
    model, digits, probes = check_row(model, digits, probes)
    t0 = time.perf_counter()
    row = cached("compare_row", (model, digits, probes), (model,), lambda: _compute(model, digits, probes))
    table = load_table()
    recorded = None
    if table is not None:
        name = model + " (ODE)" if model in ODE_MODELS else model
        recorded = next((r for r in table["rows"] if r["model"] == name), None)
    return LiveRow(row, recorded, time.perf_counter() - t0)


def _compute(model: str, digits: int, probes: int) -> dict:
    from core.compare import digits as D
    from core.metrics.likelihood import heldout_levels
    from core.runtime import checkpoints

    if model.startswith("ar-"):
        from core.autoregressive.digits import log_probs
        from core.metrics.likelihood import bits_of

        m = checkpoints.load_model(model)
        lp = log_probs(m, heldout_levels()[:digits], "ensemble" if model == "ar-made" else 0).numpy()
        return D.row(model, "autoregressive", "exact", "bpp", bits_of(lp), "exact")
    if model == "flow-digits":
        return D.flow_row(model, n=digits)
    if model == "vae-digits-logistic":
        return D.vae_row(checkpoints.load_model(model), model, ks=(1, LIVE_IWAE_K), n=digits)
    values = D.ode_values(model, heldout_levels()[:digits], divergence="hutchinson", probes=probes)
    out = D.row(model + " (ODE)", "rectified_flow", "estimate", "bpp", values.mean(1), "ode")
    out["probes"] = probes
    if probes > 1:
        out["probe_sd"] = float(values.std(1, ddof=1).mean())
    return out


def load_table() -> dict | None:
    """``benchmarks/results/compare_digits.json`` as a dict, or ``None`` before the benchmark has run."""
    import json
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / f"{RESULT}.json"
    return json.loads(path.read_text()) if path.is_file() else None
