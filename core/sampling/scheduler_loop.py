"""DDPM and DDIM sampling as pure functions, driven by diffusers' schedulers.

One code path serves 2D points ``(N, 2)`` and images ``(N, C, H, W)``: the model is any
callable ``eps = model(x_t, t)`` (see ``core.sampling.adapters``), and the scheduler does the update.

- DDPM (Ho et al. 2020): ancestral step from the posterior ``q(x_{t-1} | x_t, x_0)``.
- DDIM (Song et al. 2021, eq. 12):
  ``x_{t-1} = sqrt(alpha_bar_{t-1}) x0_hat + sqrt(1 - alpha_bar_{t-1} - sigma_t^2) eps + sigma_t z``,
  with ``x0_hat = (x_t - sqrt(1 - alpha_bar_t) eps) / sqrt(alpha_bar_t)`` and
  ``sigma_t = eta * sqrt((1 - alpha_bar_{t-1}) / (1 - alpha_bar_t)) * sqrt(1 - alpha_bar_t / alpha_bar_{t-1})``.
  ``eta = 0`` is deterministic; ``eta = 1`` has DDPM's variance.

Like k-diffusion's samplers, they take the initial noise, a generator for any fresh noise, and
a callback called after every step as ``callback(i, t, x_t, x0_hat)``.
"""
from __future__ import annotations

from typing import Any, Callable, Mapping

import torch
from diffusers import DDIMScheduler, DDPMScheduler

EpsModel = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
Callback = Callable[[int, int, torch.Tensor, torch.Tensor], Any]
METHODS = ("ddpm", "ddim")


def make_scheduler(method: str, config: Mapping[str, Any]) -> DDPMScheduler | DDIMScheduler:
    """A fresh scheduler of ``method`` built from a saved noise-schedule ``config``."""
    if method == "ddim":
        return DDIMScheduler.from_config(config)
    if method == "ddpm":
        return DDPMScheduler.from_config(config)
    raise ValueError(f"unknown method {method!r}; choose from {METHODS}")


@torch.no_grad()
def sample(
    model: EpsModel,
    noise: torch.Tensor,
    steps: int,
    *,
    scheduler_config: Mapping[str, Any],
    method: str = "ddim",
    eta: float = 0.0,
    generator: torch.Generator | None = None,
    callback: Callback | None = None,
) -> torch.Tensor:
    """Run ``steps`` reverse steps from ``x_T = noise``; returns ``x_0`` of the same shape.

    ``eta`` is used by DDIM only. ``generator`` draws DDPM's and DDIM(eta>0)'s fresh noise.
    """
    scheduler = make_scheduler(method, scheduler_config)
    scheduler.set_timesteps(int(steps), device=noise.device)
    x_t = noise * scheduler.init_noise_sigma
    for i, t in enumerate(scheduler.timesteps):
        eps = model(x_t, t)
        if method == "ddim":
            out = scheduler.step(eps, t, x_t, eta=float(eta), generator=generator)
        else:
            out = scheduler.step(eps, t, x_t, generator=generator)
        x_t = out.prev_sample
        if callback is not None:
            callback(i, int(t), x_t, out.pred_original_sample)
    return x_t
