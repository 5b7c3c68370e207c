"""Quality against network evaluations (NFE): EDM's Figure 2 (Karras et al. 2022) on the shipped models.

Every sampler of ``core.sampling.solvers.SAMPLERS`` runs the same eps-network from the same start noise
(one seeded generator draws ``x_T`` first) with the most steps its NFE budget allows
(``Sampler.steps_for``); each row records the NFE actually spent (Heun's ``2N - 1`` is odd).

- 2D track: sliced W2 of ``n`` samples against fresh draws of the toy density, beside its floor (real vs
  real, same size) with 95% intervals over seeds (``core.metrics.sliced_w2.w2_over_seeds``).
- digits track: the Fréchet distance in the classifier's feature space to held-out digits, beside its
  floor (held-out vs held-out), and class accuracy, of ``n`` class-balanced samples
  (``core.metrics.classify.digits_quality``).

``sampler_points_request`` and ``nfe_points_request`` are the tab's validated requests.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import torch

from core.data.toy2d import TOY_DATASETS, sample_iid
from core.diffusion.quality import REFERENCE_SEED
from core.metrics.classify import digits_quality
from core.metrics.sliced_w2 import combine_runs, reference_with_floor, sliced_w2, w2_against
from core.runtime import checkpoints
from core.runtime.validation import MAX_POINTS, SEED, Spec, check_choice, check_seed
from core.sampling.adapters import ClassEps, PointEps
from core.sampling.generate import Generated, run_seeded
from core.sampling.solvers import ODE_SAMPLERS, SAMPLERS

NFE_GRID = (5, 10, 20, 50, 100, 200)  # NFE budgets of the 2D curves (the benchmark's 2D track)
LIVE_NFE = (5, 10, 20, 50, 100)  # NFE budgets of the tab's live 2D chart
DIGITS_NFE = (5, 10, 20, 50, 100)  # NFE budgets of the benchmark's digits track
MIN_NFE, MAX_NFE = 1, 200  # NFE a request may ask for
MIN_POINTS, MAX_CHART_POINTS = 100, 4000  # points a request may ask for; the live chart's cap (it runs ~1500 NFE)


@dataclass(frozen=True)
class SamplerSettings:
    """The "Samplers vs NFE" view's defaults: one sampler's request and the live chart's."""

    dataset: str = "8gaussians"  # the 2D track's toy dataset
    sampler: str = "heun"  # a name of SAMPLERS
    nfe: int = 50  # network evaluations the sampler may spend
    n: int = 2000  # points of one sampler's request
    chart_points: int = 1000  # points of the live chart (every sampler at every LIVE_NFE)
    seed: int = SEED.default  # seed of x_T (the seed box's)


DEFAULTS = SamplerSettings()
DEFAULT_DATASET = DEFAULTS.dataset  # the 2D track's default toy dataset
NFE = Spec("NFE", MIN_NFE, MAX_NFE, DEFAULTS.nfe)  # one request's budget
N_POINTS = Spec("number of points", MIN_POINTS, MAX_POINTS, DEFAULTS.n, 100)  # one sampler's points
CHART_POINTS = Spec("number of points", MIN_POINTS, MAX_CHART_POINTS, DEFAULTS.chart_points, 100)  # the chart's


def floor_band(rows: Sequence[dict], key: str) -> tuple[float, float, float]:
    """The floor ``key`` of a sweep's rows (this module's curves, or ``core.diffusion.sweeps``' Table 1) as one
    band: the mean over rows of the floor and of its 95% range ``key_lo``/``key_hi`` (the floor itself where a
    row has no range)."""
    mean = float(np.mean([r[key] for r in rows]))
    if f"{key}_lo" not in rows[0]:
        return mean, mean, mean
    lo, hi = (float(np.mean([r[f"{key}_{k}"] for r in rows])) for k in ("lo", "hi"))
    return mean, lo, hi


def check_sampler(value: Any) -> str:
    """A sampler name from ``SAMPLERS``."""
    return check_choice("sampler", value, SAMPLERS)


def check_nfe(value: Any) -> int:
    """A network-evaluation budget, ``MIN_NFE`` to ``MAX_NFE``."""
    return NFE.check(value)


def run_points(model, sched_cfg, name: str, nfe: int, n: int, seed: int, callback=None) -> Generated:
    """``n`` 2D points from sampler ``name`` within ``nfe`` network evaluations, from the seed's noise."""
    sampler, eps = SAMPLERS[name], PointEps(model)
    steps = sampler.steps_for(nfe)
    return run_seeded(lambda noise, gen: sampler.run(eps, noise, steps=steps, scheduler_config=sched_cfg,
                                                     generator=gen, callback=callback), eps, (n, 2), seed)


def run_digits(unet, sched_cfg, name: str, nfe: int, labels: torch.Tensor, seed: int) -> Generated:
    """One digit per entry of ``labels`` from sampler ``name`` within ``nfe`` evaluations."""
    sampler, eps = SAMPLERS[name], ClassEps(unet, labels)
    steps = sampler.steps_for(nfe)
    return run_seeded(lambda noise, gen: sampler.run(eps, noise, steps=steps, scheduler_config=sched_cfg,
                                                     generator=gen),
                      eps, (len(labels), 1, 8, 8), seed)


def _row(name: str, budget: int, spent: int, figures: dict) -> dict:
    return {"sampler": name, "budget": budget, "nfe": spent, "steps": SAMPLERS[name].steps_for(budget), **figures}


def points_curves(model, sched_cfg, dataset: str, names: Sequence[str] = tuple(SAMPLERS),
                  nfes: Sequence[int] = NFE_GRID, n: int = 2000, seeds: Sequence[int] = (0,),
                  progress: Callable[[float, str], Any] | None = None) -> list[dict]:
    """One row per (sampler, NFE): SW2 ``w2`` with ``w2_lo/hi`` (95% over ``seeds``; one seed: the real-data
    spread), the floor ``floor`` with ``floor_lo/hi`` and ``ratio``, at the NFE the sampler spent (``nfe``) for
    the budget asked (``budget``). Every sampler is measured against the same real reference and floor of
    each seed (drawn once), as ``core.metrics.sliced_w2.w2_over_seeds`` measures one."""
    draw_real = lambda m, s: sample_iid(dataset, m, REFERENCE_SEED + s)
    refs = {s: reference_with_floor(n, draw_real, s) for s in seeds}  # one reference and floor per seed, shared
    rows, jobs = [], [(name, nfe) for name in names for nfe in nfes]
    for k, (name, nfe) in enumerate(jobs):
        if progress is not None:
            progress(k / len(jobs), f"{SAMPLERS[name].label} · {nfe} NFE")
        runs = [run_points(model, sched_cfg, name, nfe, n, s) for s in seeds]
        figures = combine_runs([sliced_w2(g.x, refs[s][0]) for g, s in zip(runs, seeds)], [refs[s][1] for s in seeds])
        rows.append(_row(name, nfe, runs[0].nfe, figures))
    return rows


def digits_curves(unet, sched_cfg, classifier, names: Sequence[str] = tuple(SAMPLERS),
                  nfes: Sequence[int] = DIGITS_NFE, n: int = 200, seed: int = 0) -> list[dict]:
    """One row per (sampler, NFE) on ``n`` class-balanced digits: ``frechet`` and ``frechet_floor`` with their
    95% ranges (over halvings of the held-out digits), ``class_accuracy`` (Wilson interval), ``confidence``."""
    labels = torch.arange(n) % 10
    rows = []
    for name in names:
        for nfe in nfes:
            g = run_digits(unet, sched_cfg, name, nfe, labels, seed)
            rows.append(_row(name, nfe, g.nfe, digits_quality(classifier, g.x, labels)))
    return rows


# --- the figures the issue asks for ---------------------------------------------------------------

HIGH_ORDER = ("heun", "dpmpp_2m", "unipc")  # the solvers compared with DDIM at 10 NFE


def _value(rows: list[dict], metric: str, name: str, budget: int) -> float | None:
    found = [r[metric] for r in rows if r["sampler"] == name and r["budget"] == budget]
    return found[0] if found else None


def nfe_to_reach(rows: list[dict], metric: str, name: str, target: float) -> int | None:
    """The fewest NFE at which sampler ``name`` has ``metric <= target`` (``None``: never on this grid)."""
    hits = sorted(r["nfe"] for r in rows if r["sampler"] == name and r[metric] <= target)
    return hits[0] if hits else None


def summary(rows: list[dict], metric: str, floor_key: str) -> dict:
    """The chart read as figures: at 10 NFE the best of ``HIGH_ORDER`` against DDIM; at each budget of
    100 or more the spread of the ODE samplers (``max / min - 1``); and the NFE the reverse SDE
    (Euler-Maruyama) and the best ODE solver need to come within 10% of the best value any ODE sampler
    reaches on the grid (``target``); the budgets at which the reverse SDE is behind (``sde_behind_at``) or
    level with or ahead of (``sde_ahead_at``) the best ODE sampler. ``high_spread`` is the largest spread over budgets of 100 and more,
    at ``high_nfe``."""
    out: dict[str, Any] = {"floor": float(np.mean([r[floor_key] for r in rows]))}
    at10 = {n: _value(rows, metric, n, 10) for n in HIGH_ORDER + ("ddim",)}
    if all(v is not None for v in at10.values()):
        best = min(HIGH_ORDER, key=lambda n: at10[n])
        out.update(at10_best=best, at10_best_value=at10[best], at10_ddim=at10["ddim"],
                   at10_beats_ddim=bool(at10[best] < at10["ddim"]))
    ode = [n for n in ODE_SAMPLERS if any(r["sampler"] == n for r in rows)]
    spreads = {}
    for budget in sorted({r["budget"] for r in rows if r["budget"] >= 100}):
        values = [v for v in (_value(rows, metric, n, budget) for n in ode) if v is not None]
        if len(values) >= 2:
            spreads[budget] = max(values) / min(values) - 1
    if spreads:
        worst = max(spreads, key=spreads.get)
        out.update(high_spreads={str(b): v for b, v in spreads.items()}, high_nfe=worst, high_spread=spreads[worst],
                   high_within_10pct=bool(spreads[worst] <= 0.10))
    if not ode:
        return out
    target = 1.1 * min(r[metric] for r in rows if r["sampler"] in ode)
    reach = {n: nfe_to_reach(rows, metric, n, target) for n in ode}
    reached = [n for n in ode if reach[n] is not None]
    best_ode = {b: min(v for v in (_value(rows, metric, n, b) for n in ode) if v is not None)
                for b in sorted({r["budget"] for r in rows if r["sampler"] in ode})}
    sde = {b: _value(rows, metric, "euler_maruyama", b) for b in best_ode}
    out["sde_behind_at"] = [b for b, v in sde.items() if v is not None and v > best_ode[b]]
    out["sde_ahead_at"] = [b for b, v in sde.items() if v is not None and v <= best_ode[b]]
    out.update(target=target, sde_nfe_to_target=nfe_to_reach(rows, metric, "euler_maruyama", target),
               ode_nfe_to_target=min(reach[n] for n in reached) if reached else None,
               ode_first_to_target=min(reached, key=lambda n: reach[n]) if reached else None)
    return out


# --- the tab's requests ---------------------------------------------------------------------------

@dataclass
class SamplerRun:
    """One sampler's 2D result: samples, the real reference, SW2 figures, steps taken."""

    name: str
    generated: Generated
    real: np.ndarray
    metrics: dict[str, float]
    steps: int


def _shipped(dataset: Any):
    dataset = check_choice("dataset", dataset, TOY_DATASETS)
    name = f"ddpm-2d-{dataset}"
    return dataset, checkpoints.load_model(name), checkpoints.scheduler_config(name)


@lru_cache(maxsize=32)
def _reference(dataset: str, n: int, seed: int):
    """The real reference of ``n`` points and its floor for ``seed`` (deterministic: a sampler change reuses it)."""
    return reference_with_floor(n, lambda m, s: sample_iid(dataset, m, REFERENCE_SEED + s), seed)


def sampler_points_request(dataset: Any, sampler: Any, nfe: Any, n: Any, seed: Any) -> SamplerRun:
    """Sampler ``sampler`` on the shipped model of ``dataset`` within ``nfe`` evaluations: ``n`` points and their
    SW2 against a fresh real sample of the same size, with the floor."""
    dataset, model, sched_cfg = _shipped(dataset)
    name, nfe = check_sampler(sampler), check_nfe(nfe)
    n, seed = N_POINTS.check(n), check_seed(seed)
    ref, floor = _reference(dataset, n, seed)
    g = run_points(model, sched_cfg, name, nfe, n, seed)
    return SamplerRun(name, g, ref, w2_against(g.x, ref, floor), SAMPLERS[name].steps_for(nfe))


def nfe_points_request(dataset: Any, n: Any, seed: Any) -> list[dict]:
    """The live 2D chart: every sampler at ``LIVE_NFE`` on ``n`` points (at most ``MAX_CHART_POINTS``) of
    ``dataset`` from seed ``seed``; rows as ``points_curves``. Deterministic, so repeated requests are cached."""
    dataset = check_choice("dataset", dataset, TOY_DATASETS)
    n, seed = CHART_POINTS.check(n), check_seed(seed)
    return [dict(r) for r in _cached_curves(dataset, n, seed)]


@lru_cache(maxsize=16)
def _cached_curves(dataset: str, n: int, seed: int) -> tuple[dict, ...]:
    _, model, sched_cfg = _shipped(dataset)
    return tuple(points_curves(model, sched_cfg, dataset, nfes=LIVE_NFE, n=n, seeds=(seed,)))
