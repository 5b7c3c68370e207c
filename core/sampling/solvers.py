"""The sampler collection: every sampler on one eps-network, from the same start noise, in one table.

Each sampler is a pure function ``run(eps_model, noise, *, steps, scheduler_config, generator, callback)``
(the one contract of ``core.sampling.contract``: it checks the request's time budget once per step and
reports every step as a ``StepRecord``) returning ``x_0`` of ``noise``'s shape (2D points ``(N, 2)`` or
images ``(N, C, H, W)``), where ``eps_model(x_t, t)`` is a ``core.sampling.adapters`` callable (it counts its evaluations in ``nfe``) and
``noise`` is the VP start ``x_T ~ N(0, I)`` that DDPM and DDIM start from. ``SAMPLERS`` maps a name to a
``Sampler``: its function, its network evaluations per step (NFE), whether it integrates the
probability-flow ODE or the reverse SDE, and where it comes from. The UI, the tests and the benchmark
read this one table; adding a sampler is one line.

Where each comes from:

- diffusers: DDPM and DDIM (``core.sampling.scheduler_loop``), DPM-Solver++(2M) (Lu et al. 2022,
  ``DPMSolverMultistepScheduler``, ``algorithm_type="dpmsolver++"``), UniPC (Zhao et al. 2023,
  ``UniPCMultistepScheduler``) and DEIS (Zhang & Chen 2023, ``DEISMultistepScheduler``), all through
  ``sample_multistep``: one loop over any diffusers multistep scheduler, with thresholding off and,
  for image models (``clip_sample``), ``x0_hat`` clipped consistently (``scheduler_loop.consistent_clip``).
- by hand, in sigma (``core.sampling.karras``): Euler on the probability-flow ODE, EDM's Heun
  (Algorithm 1) and Euler-Maruyama on the reverse SDE, all on EDM's grid ``karras_sigmas`` (rho = 7).
  diffusers' ``HeunDiscreteScheduler`` on this project's VP config is biased on an exact Gaussian
  oracle (see ``karras.sample_heun``), and diffusers has no reverse-SDE Euler-Maruyama step in sigma.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

import torch
from diffusers import DEISMultistepScheduler, DPMSolverMultistepScheduler, UniPCMultistepScheduler

from core.runtime.budget import check_budget
from core.sampling import karras
from core.sampling.contract import Callback, StepRecord
from core.sampling.langevin import sample_pc
from core.sampling.scheduler_loop import EpsModel, consistent_clip, next_timestep, sample

SamplerFn = Callable[..., torch.Tensor]


@dataclass(frozen=True)
class Sampler:
    """One entry of the collection."""

    name: str  # the key (API value)
    label: str  # the name shown on charts
    run: SamplerFn  # run(eps_model, noise, *, steps, scheduler_config, generator, callback) -> x_0
    nfe_per_step: int = 1  # network evaluations per step
    nfe_saved: int = 0  # evaluations the run saves overall (Heun's last step is an Euler step)
    kind: str = "ode"  # "ode": a deterministic probability-flow solver; "sde": stochastic (fresh noise each step)
    source: str = "diffusers"  # "diffusers" (a diffusers scheduler does the step) or "by hand" (core.sampling.karras)

    def nfe(self, steps: int) -> int:
        """Network evaluations of a run of ``steps`` steps."""
        return self.nfe_per_step * int(steps) - self.nfe_saved

    def steps_for(self, nfe: int) -> int:
        """The most steps whose run costs at most ``nfe`` evaluations (at least one step)."""
        return max(1, (int(nfe) + self.nfe_saved) // self.nfe_per_step)


# --- one loop for diffusers' multistep schedulers -------------------------------------------------

@torch.no_grad()
def sample_multistep(eps_model: EpsModel, noise: torch.Tensor, *, steps: int, scheduler_cls: type,
                     scheduler_config: Mapping[str, Any], options: Mapping[str, Any] | None = None,
                     generator: torch.Generator | None = None, callback: Callback | None = None) -> torch.Tensor:
    """Run a diffusers multistep scheduler (DPM-Solver++, UniPC, DEIS, ...) built from ``scheduler_config``
    plus ``options`` for ``steps`` steps from ``x_T = noise``, one network evaluation per step.

    Thresholding and ``clip_sample`` are switched off inside the scheduler (2D points have no [-1, 1]
    range); for image configs with ``clip_sample`` the prediction is clipped here, consistently:
    ``x0_hat`` clipped and ``eps`` recomputed from it, as the DDIM loop does. The ``StepRecord``'s ``denoised``
    is the step's ``x0_hat`` read from that ``eps`` (``karras.eps_to_x0``).
    """
    scheduler = scheduler_cls.from_config({**scheduler_config, "clip_sample": False},
                                          **{"thresholding": False, **(options or {})})
    scheduler.set_timesteps(int(steps), device=noise.device)
    clip = bool(scheduler_config.get("clip_sample", False))
    limit = float(scheduler_config.get("clip_sample_range", 1.0))
    alphas_cumprod = scheduler.alphas_cumprod.to(noise.device)
    noisy = {"generator": generator} if "generator" in inspect.signature(scheduler.step).parameters else {}
    x_t = noise * scheduler.init_noise_sigma
    timesteps = scheduler.timesteps
    for i, t in enumerate(timesteps):
        check_budget()
        eps = eps_model(x_t, t)
        if clip:
            eps = consistent_clip(eps, x_t, alphas_cumprod[int(t)], limit)
        x_prev = scheduler.step(eps, t, x_t, **noisy).prev_sample
        if callback is not None:
            x0_hat = karras.eps_to_x0(eps, x_t, alphas_cumprod[int(t)].to(eps.dtype))
            callback(StepRecord(i, x_prev, int(t), next_timestep(timesteps, i), x0_hat))
        x_t = x_prev
    return x_t


# --- the hand-written sigma samplers, from the same VP noise --------------------------------------

@torch.no_grad()
def sample_sigma(eps_model: EpsModel, noise: torch.Tensor, *, steps: int, method: Callable,
                 scheduler_config: Mapping[str, Any], rho: float = 7.0, generator: torch.Generator | None = None,
                 callback: Callback | None = None) -> torch.Tensor:
    """A ``core.sampling.karras`` sampler (``method``) over ``Denoiser(eps_model)`` on EDM's grid of ``steps``
    noise levels from the schedule's sigma_max down to its sigma_min (then 0), starting from the VP noise
    in the VE view (``vp_noise_to_ve``). The records are in the VE view (``t`` is sigma)."""
    denoiser = karras.Denoiser(eps_model, scheduler_config)
    s = denoiser.schedule
    sigmas = karras.karras_sigmas(int(steps), s.sigma_min, s.sigma_max, rho).to(noise.device)
    x = karras.vp_noise_to_ve(noise, s.sigma_max)
    return method(denoiser, x, sigmas=sigmas, generator=generator, callback=callback)


def _scheduler_loop(method: str) -> SamplerFn:
    """DDPM or DDIM (eta = 0) from ``core.sampling.scheduler_loop`` in the common signature."""

    def run(eps_model, noise, *, steps, scheduler_config, generator=None, callback=None):
        return sample(eps_model, noise, steps=steps, scheduler_config=scheduler_config, method=method, eta=0.0,
                      generator=generator, callback=callback)

    return run


SAMPLERS: dict[str, Sampler] = {s.name: s for s in (
    Sampler("ddpm", "DDPM", _scheduler_loop("ddpm"), kind="sde"),
    Sampler("ddim", "DDIM (η=0)", _scheduler_loop("ddim")),
    Sampler("euler", "Euler (PF-ODE)", partial(sample_sigma, method=karras.sample_euler), source="by hand"),
    Sampler("heun", "Heun (EDM Alg. 1)", partial(sample_sigma, method=karras.sample_heun), nfe_per_step=2,
            nfe_saved=1, source="by hand"),
    Sampler("euler_maruyama", "Euler–Maruyama (reverse SDE)",
            partial(sample_sigma, method=karras.sample_euler_maruyama), kind="sde", source="by hand"),
    Sampler("pc", "Predictor–corrector (SDE + Langevin)", partial(sample_sigma, method=sample_pc), nfe_per_step=2,
            kind="sde", source="by hand"),
    Sampler("dpmpp_2m", "DPM-Solver++(2M)", partial(sample_multistep, scheduler_cls=DPMSolverMultistepScheduler,
                                                   options={"algorithm_type": "dpmsolver++", "solver_order": 2})),
    Sampler("unipc", "UniPC", partial(sample_multistep, scheduler_cls=UniPCMultistepScheduler)),
    Sampler("deis", "DEIS", partial(sample_multistep, scheduler_cls=DEISMultistepScheduler)),
)}
ODE_SAMPLERS = tuple(n for n, s in SAMPLERS.items() if s.kind == "ode")  # deterministic probability-flow solvers
