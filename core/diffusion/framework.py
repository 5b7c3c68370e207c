"""Diffusion as one framework on the shipped 2D models: the score field, annealed Langevin dynamics,
the predictor-corrector sampler, and the reverse SDE against its probability-flow ODE.

One validated function per endpoint (the API can send anything; ``InvalidInput`` names the range):

- ``score_field_request``: the score field at a noise level (``core.diffusion.fields``);
- ``langevin_request``: annealed Langevin dynamics (Song & Ermon 2019) or predictor-corrector sampling
  (Song et al. 2021) on ``n`` points, with frames for the animation and the metric beside its floor;
- ``sde_ode_request``: Euler-Maruyama on the reverse SDE and Euler on the probability-flow ODE from the
  same start noise, with trajectories and the determinism test (one ``x_T`` repeated ``K`` times).

Every model is the shipped VP eps-predictor ``ddpm-2d-<dataset>`` read as EDM's denoiser
(``core.sampling.karras.Denoiser``); every sampler works in the VE view ``x~ = x_0 + sigma eps``.
Trajectories are returned in the VP view ``x_t = x~ / sqrt(1 + sigma^2)`` (what the network sees, and
what the DDPM/DDIM view draws), so a path starts at ``x_T ~ N(0, I)`` and ends on the data.
"""
from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import torch

from core.data.mixtures import EIGHT_GAUSSIANS
from core.data.targets import make_target
from core.data.toy2d import TOY_DATASETS
from core.diffusion.compare import SHOWN_POINTS, point_model
from core.diffusion.fields import FIELD_SIDE, MAX_SIDE, MIN_SIDE, ScoreField, score_field
from core.metrics.coverage import coverage
from core.metrics.sliced_w2 import reference_with_floor, w2_against
from core.runtime import device
from core.runtime.validation import InvalidInput, Spec, check_choice, check_seed, number
from core.sampling import karras, langevin
from core.sampling.adapters import PointEps
from core.sampling.contract import StepRecord

MIN_POINTS, MAX_POINTS = 10, 5000  # particles a Langevin or SDE/ODE request moves
MAX_NFE = 2000  # network evaluations one request may spend (levels x steps, or steps x (1 + corrector steps))
MAX_FRAMES = 40  # animation frames returned (evenly spaced over the run, first and last kept)
FRAME_POINTS = 500  # particles drawn in each animation frame (the first ones; the JSON stays ~0.3 MB)
PATHS = 16  # trajectories returned per sampler
MIN_LOG_SIGMA, MAX_LOG_SIGMA = -2.0, 1.5  # log10 sigma of the field slider: 0.01 (the data) to ~32 (one blob)
MIN_LOG_STEP, MAX_LOG_STEP = -7.0, -1.0  # log10 of Langevin's step size eps
METHODS = ("langevin", "pc")  # annealed Langevin dynamics, predictor-corrector
PREDICTORS = langevin.PREDICTORS
MODE_MIXTURES = {EIGHT_GAUSSIANS.name: EIGHT_GAUSSIANS}  # toy datasets whose modes are countable


@dataclass(frozen=True)
class LangevinConfig:
    """Annealed Langevin dynamics on the shipped 2D models (Song & Ermon 2019); the sliders' defaults."""

    levels: int = 10  # noise levels L of the geometric ladder
    steps_per_level: int = 10  # Langevin steps T at each level
    log10_step_size: float = -4.0  # eps in alpha_i = eps sigma_i^2 / sigma_L^2 (1e-4)
    sigma_max: float = 5.0  # first level: wider than the data (8gaussians spans about +-3)
    sigma_min: float = 0.01  # last level: the schedule's smallest sigma
    n: int = 2000  # particles
    max_levels: int = 30  # slider bound of levels
    max_steps_per_level: int = 200  # slider bound of steps per level


@dataclass(frozen=True)
class PCConfig:
    """Predictor-corrector sampling (Song et al. 2021) on a Karras sigma grid; the sliders' defaults."""

    steps: int = 20  # predictor steps (sigma levels of the Karras grid)
    snr: float = 0.16  # the corrector's signal-to-noise ratio r (score_sde's default for VE)
    corrector_steps: int = 1  # Langevin corrector steps per predictor step
    predictor: str = "sde"  # "sde" (reverse diffusion) or "ode" (probability-flow Euler)
    max_snr: float = 1.0  # slider bound of snr
    max_corrector_steps: int = 10  # slider bound of corrector steps


LANGEVIN = LangevinConfig()
PC = PCConfig()


@dataclass(frozen=True)
class SdeOdeConfig:
    """The reverse SDE against the probability-flow ODE; the sliders' defaults."""

    steps: int = 50  # Karras sigma levels, one NFE each, for both samplers
    n: int = 2000  # particles
    repeats: int = 64  # K copies of each chosen x_T in the determinism test
    starts: int = 4  # distinct x_T in the determinism test
    max_steps: int = 200  # slider bound of steps
    max_repeats: int = 256  # slider bound of K


SDE_ODE = SdeOdeConfig()


@dataclass(frozen=True)
class FieldConfig:
    """The score-field view's defaults (and every view's dataset)."""

    dataset: str = "8gaussians"  # toy dataset of the shipped model
    log10_sigma: float = -0.5  # sigma ~ 0.32: the modes already visible, the field not yet sharp
    side: int = FIELD_SIDE  # arrows per side of the grid


FIELD = FieldConfig()

# The ranges every request checks and its sliders show (defaults from the configs above).
LOG_SIGMA = number("log10 sigma", MIN_LOG_SIGMA, MAX_LOG_SIGMA, FIELD.log10_sigma, 0.05)
SIDE = Spec("grid side", MIN_SIDE, MAX_SIDE, FIELD.side)
LANGEVIN_POINTS = Spec("number of points", MIN_POINTS, MAX_POINTS, LANGEVIN.n, 100, shown=(SHOWN_POINTS, MAX_POINTS))
LEVELS = Spec("levels", 1, LANGEVIN.max_levels, LANGEVIN.levels)
PER_LEVEL = Spec("steps per level", 1, LANGEVIN.max_steps_per_level, LANGEVIN.steps_per_level)
LOG_STEP = number("log10 step size", MIN_LOG_STEP, MAX_LOG_STEP, LANGEVIN.log10_step_size, 0.25)
PC_STEPS = Spec("steps", 1, SDE_ODE.max_steps, PC.steps)
SNR = number("snr", 0.0, PC.max_snr, PC.snr, 0.01)
CORRECTOR_STEPS = Spec("corrector steps", 0, PC.max_corrector_steps, PC.corrector_steps)
SDE_STEPS = Spec("steps", 1, SDE_ODE.max_steps, SDE_ODE.steps)
SDE_POINTS = Spec("number of points", MIN_POINTS, MAX_POINTS, SDE_ODE.n, 100, shown=(SHOWN_POINTS, MAX_POINTS))
REPEATS = Spec("repeats", 1, SDE_ODE.max_repeats, SDE_ODE.repeats)


def shipped_denoiser(dataset: Any):
    """``(target, Denoiser)`` of the shipped model for a toy dataset (validated)."""
    dataset = check_choice("dataset", dataset, TOY_DATASETS)
    model, sched_cfg = point_model(dataset)
    return make_target(dataset, None, TOY_DATASETS), karras.Denoiser(PointEps(model), sched_cfg)


# --- the score field ---------------------------------------------------------------------------------------

@dataclass
class FieldView:
    """The field, the real data under it and the data noised to the same sigma (both ``(m, 2)``)."""

    field: ScoreField
    real: np.ndarray
    noisy: np.ndarray
    dataset: str


def score_field_request(dataset: Any, log10_sigma: Any, side: Any = FIELD_SIDE, seed: Any = 0) -> FieldView:
    """The score field of the shipped model of ``dataset`` at ``sigma = 10^log10_sigma`` on a ``side^2`` grid."""
    log_sigma = LOG_SIGMA.check(log10_sigma)
    side, seed = SIDE.check(side), check_seed(seed)
    target, denoiser = shipped_denoiser(dataset)
    sigma = 10.0 ** log_sigma
    real = target.reference(1000, seed)
    noise = np.random.default_rng(seed).standard_normal(real.shape).astype(np.float32)
    return FieldView(score_field(denoiser, sigma, side, target.extent), real, real + sigma * noise, target.name)


# --- annealed Langevin and predictor-corrector ---------------------------------------------------------------

@dataclass
class Frame:
    """One animation frame: ``step`` (global, 1-based; 0 is the start), its level and sigma, particles."""

    step: int
    level: int
    sigma: float
    x: np.ndarray


@dataclass
class ParticleRun:
    """A Langevin or PC run: final samples ``(n, 2)``, frames, NFE, seconds, metrics, the real reference,
    the sigma ladder and what ran (``method``, its settings)."""

    method: str
    x: np.ndarray
    frames: list[Frame]
    nfe: int
    seconds: float
    metrics: dict[str, Any]
    real: np.ndarray
    sigmas: list[float]
    settings: dict[str, Any] = field(default_factory=dict)


def _frame_steps(total: int, frames: int = MAX_FRAMES) -> set[int]:
    """The steps (1..total) kept as frames: every one if few, else evenly spaced with the last kept."""
    if total <= frames:
        return set(range(1, total + 1))
    return set(np.unique(np.linspace(1, total, frames).round().astype(int)).tolist())


def _metrics(x: np.ndarray, target, ref: np.ndarray, floor) -> dict[str, Any]:
    out = w2_against(x, ref, floor)
    if target.name in MODE_MIXTURES:
        cov = coverage(x, MODE_MIXTURES[target.name])
        out.update(modes=cov["modes"], num_modes=cov["num_modes"], hq=cov["hq"])
    return out


def langevin_request(dataset: Any, method: Any, *, n: Any = LANGEVIN.n, seed: Any = 0,
                     levels: Any = LANGEVIN.levels, steps_per_level: Any = LANGEVIN.steps_per_level,
                     log10_step_size: Any = LANGEVIN.log10_step_size, steps: Any = PC.steps, snr: Any = PC.snr,
                     corrector_steps: Any = PC.corrector_steps, predictor: Any = PC.predictor) -> ParticleRun:
    """Annealed Langevin (``method = "langevin"``: ``levels``, ``steps_per_level``, ``log10_step_size``) or
    predictor-corrector (``"pc"``: ``steps``, ``snr``, ``corrector_steps``, ``predictor``) on ``n`` particles of
    the shipped model of ``dataset``. Every setting is keyword-only; only the settings of the method that runs
    are validated and used (the other method's are ignored, so a form may send all of them).

    Langevin starts from ``N(0, sigma_1^2 I)`` (the first level's marginal, far wider than the data; Song &
    Ermon start from uniform noise, which the first level forgets as fast), PC from the VP start noise
    ``x_T ~ N(0, I)`` read at sigma_max (``vp_noise_to_ve``), as the other samplers of the tab do. Frames: the
    start and at most ``MAX_FRAMES`` steps (Langevin steps, or PC steps), first ``FRAME_POINTS`` particles."""
    method = check_choice("method", method, METHODS)
    if method == "langevin":
        levels, per_level = LEVELS.check(levels), PER_LEVEL.check(steps_per_level)
        log_step = LOG_STEP.check(log10_step_size)
        nfe = levels * per_level
    else:
        steps, snr = PC_STEPS.check(steps), SNR.check(snr)
        corrector_steps = CORRECTOR_STEPS.check(corrector_steps)
        predictor = check_choice("predictor", predictor, PREDICTORS)
        nfe = steps * (1 + corrector_steps)
    n, seed = LANGEVIN_POINTS.check(n), check_seed(seed)
    if nfe > MAX_NFE:
        what = "levels x steps per level" if method == "langevin" else "steps x (1 + corrector steps)"
        raise InvalidInput.of(what, "evaluations", nfe, hi=MAX_NFE)
    target, denoiser = shipped_denoiser(dataset)
    ref, floor = reference_with_floor(n, target.reference, seed)
    gen = device.generator(seed)
    noise = torch.randn((n, 2), generator=gen, device=device.device(), dtype=device.dtype())
    if method == "langevin":
        sigmas = langevin.geometric_sigmas(levels, LANGEVIN.sigma_min, LANGEVIN.sigma_max)
        x = noise * float(sigmas[0])
        level_of = lambda k: k // per_level  # noqa: E731
        settings = dict(levels=levels, steps_per_level=per_level, step_size=10.0 ** log_step)
    else:
        sigmas = karras.karras_sigmas(steps, denoiser.schedule.sigma_min, denoiser.schedule.sigma_max)
        x = karras.vp_noise_to_ve(noise, denoiser.schedule.sigma_max)
        level_of = lambda k: k  # noqa: E731
        settings = dict(steps=steps, snr=snr, corrector_steps=corrector_steps, predictor=predictor)
    keep = _frame_steps(nfe if method == "langevin" else steps)
    frames = [Frame(0, 0, float(sigmas[0]), x[:FRAME_POINTS].cpu().numpy())]

    def record(r: StepRecord) -> None:
        if r.i + 1 in keep:
            frames.append(Frame(r.i + 1, level_of(r.i), float(r.t_next), r.x[:FRAME_POINTS].cpu().numpy()))

    start = time.perf_counter()
    if method == "langevin":
        out = langevin.sample_annealed_langevin(denoiser, x, sigmas=sigmas, step_size=10.0 ** log_step,
                                                steps_per_level=per_level, generator=gen, callback=record)
    else:
        out = langevin.sample_pc(denoiser, x, sigmas=sigmas, snr=snr, corrector_steps=corrector_steps,
                                 predictor=predictor, generator=gen, callback=record)
    seconds = time.perf_counter() - start
    x_np = out.cpu().numpy()
    return ParticleRun(method, x_np, frames, denoiser.nfe, seconds, _metrics(x_np, target, ref, floor), ref,
                       [float(s) for s in sigmas], settings)


# --- the reverse SDE against the probability-flow ODE -------------------------------------------------------

@dataclass
class SdeOde:
    """Both samplers from the same start noise. ``x`` ``{"sde", "ode"}`` final samples ``(n, 2)``; ``paths``
    ``(PATHS, steps + 1, 2)`` in the VP view; ``repeated`` ``(starts * K, 2)`` end points of ``starts`` start
    points each repeated ``K`` times, ``start_of`` ``(starts * K,)`` which start each came from, ``starts``
    ``(starts, 2)`` the start points (VP); ``spread`` the mean distance of the repeats' end points to their
    mean; ``metrics``, ``nfe``, ``seconds`` per sampler; ``real`` the reference."""

    x: dict[str, np.ndarray]
    paths: dict[str, np.ndarray]
    repeated: dict[str, np.ndarray]
    spread: dict[str, float]
    metrics: dict[str, dict[str, Any]]
    nfe: dict[str, int]
    seconds: dict[str, float]
    start_of: np.ndarray
    starts: np.ndarray
    real: np.ndarray
    steps: int
    repeats: int


SDE_ODE_SAMPLERS = {"sde": karras.sample_euler_maruyama, "ode": karras.sample_euler}  # the two the view compares


def _vp_path_recorder(rows: int):
    """A callback keeping the first ``rows`` particles of every step in the VP view, and its list."""
    path: list[np.ndarray] = []

    def record(r: StepRecord) -> None:
        path.append((r.x[:rows] / math.sqrt(1.0 + r.t_next * r.t_next)).cpu().numpy())

    return record, path


def sde_ode_request(dataset: Any, steps: Any, n: Any, repeats: Any, seed: Any) -> SdeOde:
    """Euler-Maruyama on the reverse SDE and Euler on the probability-flow ODE, ``steps`` Karras levels each,
    from the same ``n`` start points (seeded); then ``SDE_ODE.starts`` of those start points, each repeated
    ``repeats`` times, through both: the ODE maps each to one point, the SDE to a cloud."""
    steps, n, seed = SDE_STEPS.check(steps), SDE_POINTS.check(n), check_seed(seed)
    repeats = REPEATS.check(repeats)
    target, denoiser = shipped_denoiser(dataset)
    model, sched_cfg = point_model(target.name)
    ref, floor = reference_with_floor(n, target.reference, seed)
    noise = torch.randn((n, 2), generator=device.generator(seed), device=device.device(), dtype=device.dtype())
    sigmas = karras.karras_sigmas(steps, denoiser.schedule.sigma_min, denoiser.schedule.sigma_max)
    x_T = karras.vp_noise_to_ve(noise, denoiser.schedule.sigma_max)
    starts = min(SDE_ODE.starts, n)
    start_of = np.repeat(np.arange(starts), repeats)
    copies = x_T[:starts].repeat_interleave(repeats, dim=0)

    def run(name: str):
        sampler = SDE_ODE_SAMPLERS[name]
        d = karras.Denoiser(PointEps(model), sched_cfg)  # one per thread: own NFE count
        record, path = _vp_path_recorder(PATHS)
        gen = device.generator(seed + 1)  # the SDE's fresh noise (the ODE draws none)
        begin = time.perf_counter()
        out = sampler(d, x_T, sigmas=sigmas, generator=gen, callback=record).cpu().numpy()
        seconds, nfe = time.perf_counter() - begin, d.nfe
        rep = sampler(d, copies, sigmas=sigmas, generator=gen).cpu().numpy()
        paths = np.stack([noise[:PATHS].cpu().numpy()] + path, axis=1)
        return out, paths, rep, nfe, seconds

    results = dict(zip(SDE_ODE_SAMPLERS, device.side_by_side([lambda k=k: run(k) for k in SDE_ODE_SAMPLERS])))
    spread = {}
    for name, (_, _, rep, _, _) in results.items():
        centres = np.stack([rep[start_of == s].mean(0) for s in range(starts)])
        spread[name] = float(np.linalg.norm(rep - centres[start_of], axis=1).mean())
    return SdeOde(x={k: r[0] for k, r in results.items()}, paths={k: r[1] for k, r in results.items()},
                  repeated={k: r[2] for k, r in results.items()}, spread=spread,
                  metrics={k: _metrics(r[0], target, ref, floor) for k, r in results.items()},
                  nfe={k: r[3] for k, r in results.items()}, seconds={k: r[4] for k, r in results.items()},
                  start_of=start_of, starts=noise[:starts].cpu().numpy(), real=ref, steps=steps, repeats=repeats)
