"""Sampling a rectified flow: velocity adapters, Euler/Heun for points, and diffusers'
``FlowMatchEulerDiscreteScheduler`` for digits.

Convention: ``x_t = (1 - t) x_0 + t x_1``, ``t = 0`` data, ``t = 1`` noise or source, ``v = x_1 - x_0``;
sampling integrates ``dx/dt = v_theta(x, t)`` from ``t = 1`` to ``t = 0``. The scheduler's ``sigma`` is
this ``t``; it is given the uniform grid ``sigma_i = 1 - i / N`` (``set_timesteps(sigmas=...)``, its own
timesteps ``1000 sigma``; its default grid for ``N = 2`` wastes the second step on ``sigma`` 0.001 -> 0).
Sampling starts from pure noise at ``sigma = 1``, so ``scale_noise`` (which fails off the schedule)
is never needed. Both loops follow the one contract of ``core.sampling.contract`` (the request's time
budget checked once per step, a ``StepRecord`` after each, ``t`` the flow time); the velocity adapters are
``core.sampling.adapters.ModelAdapter``s (they count NFE; the digits one applies classifier-free guidance).
"""
from __future__ import annotations

import numpy as np
import torch
from diffusers import FlowMatchEulerDiscreteScheduler

from core.rectified_flow.objective import TIME_SCALE, predict_points
from core.runtime import device
from core.runtime.budget import check_budget
from core.sampling.adapters import ClassEps, ModelAdapter
from core.sampling.contract import Callback, StepRecord
from core.sampling.generate import Generated, run_seeded, run_timed
from core.sampling.ode import solve, uniform_times


class PointVelocity(ModelAdapter):
    """``v(x_t, t)`` of a 2D point model at a scalar ``t`` in [0, 1]; counts network evaluations in ``nfe``."""

    def __init__(self, model: torch.nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return predict_points(self.model, x_t, torch.as_tensor(t, dtype=x_t.dtype).reshape(1))


class ClassVelocity(ClassEps):
    """``v(x_t, t)`` of the class-conditional digits UNet for ``labels`` ``(B,)`` (0..9 or ``NULL_CLASS``), with
    classifier-free guidance ``v_null + w (v_c - v_null)`` when ``guidance_scale`` w != 1: the diffusion tab's
    adapter (``core.sampling.adapters.ClassEps``, any UNet output) called at the network time ``TIME_SCALE t``."""

    def forward(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return super().forward(x, TIME_SCALE * torch.as_tensor(t, dtype=x.dtype, device=x.device))


def flow_scheduler(steps: int) -> FlowMatchEulerDiscreteScheduler:
    """diffusers' flow-matching Euler scheduler on the uniform grid ``sigma = 1, 1 - 1/N, ..., 1/N`` (then 0)."""
    sched = FlowMatchEulerDiscreteScheduler(num_train_timesteps=1000, shift=1.0)
    sched.set_timesteps(sigmas=list(np.linspace(1.0, 0.0, int(steps) + 1)[:-1]))
    return sched


@torch.no_grad()
def scheduler_sample(velocity, noise: torch.Tensor, *, steps: int, generator: torch.Generator | None = None,
                     callback: Callback | None = None) -> torch.Tensor:
    """``steps`` Euler steps of ``FlowMatchEulerDiscreteScheduler`` from ``x_1 = noise`` to ``x_0``
    (deterministic: ``generator`` is unused). ``denoised = x - t_next v``, as the ODE solvers report."""
    sched = flow_scheduler(steps)
    x = noise
    for i, timestep in enumerate(sched.timesteps):
        check_budget()
        sigma = sched.sigmas[i].to(x.dtype)
        v = velocity(x, sigma)
        x = sched.step(v, timestep, x).prev_sample
        if callback is not None:
            callback(StepRecord(i, x, float(sched.sigmas[i]), float(sched.sigmas[i + 1]),
                                x - sched.sigmas[i + 1].to(x.dtype) * v))
    return x


def generate_flow_digits(unet, labels: torch.Tensor, steps: int, guidance_scale: float = 1.0, seed: int = 0,
                         callback: Callback | None = None) -> Generated:
    """One 8x8 digit per label: ``x_1 ~ N(0, I)`` drawn first from a generator seeded by ``seed``, then
    ``steps`` scheduler steps of the class-conditional flow (``core.sampling.generate.run_seeded``)."""
    vel = ClassVelocity(unet, labels.to(device.device()), guidance_scale)
    return run_seeded(lambda noise, gen: scheduler_sample(vel, noise, steps=steps, generator=gen, callback=callback),
                      vel, (len(labels), 1, 8, 8), seed)


def flow_points(model, x1: torch.Tensor, steps: int, method: str = "euler",
                callback: Callback | None = None) -> Generated:
    """Transport source points ``x1`` ``(N, 2)`` (at ``t = 1``) to ``t = 0`` in ``steps`` ODE steps."""
    vel = PointVelocity(model)
    return run_timed(lambda: solve(vel, x1.to(device.device(), device.dtype()), method=method,
                                   times=uniform_times(steps), callback=callback), vel)
