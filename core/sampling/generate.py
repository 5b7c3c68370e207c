"""Sampling entry points shared by the tabs, the tests and the benchmarks.

Each call seeds one ``torch.Generator``, draws the initial noise ``x_T`` from it first and then
hands the same generator to the sampler, so DDPM and DDIM started with the same seed start
from the same ``x_T``, and the same seed gives the same result in the UI and through the API.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import torch

from core.runtime import device
from core.sampling.adapters import ClassEps, PointEps
from core.sampling.contract import Callback
from core.sampling.scheduler_loop import sample


@dataclass
class Generated:
    """Samples (``(N, 2)`` points or ``(N, 1, 8, 8)`` images, on the CPU), network evaluations and wall time."""

    x: torch.Tensor
    nfe: int
    seconds: float


def run_sampler(eps_model, shape: tuple, *, steps: int, scheduler_config, method: str, eta: float, seed: int,
                callback: Callback | None = None) -> Generated:
    """DDPM or DDIM (``core.sampling.scheduler_loop``) run the seeded way (``run_seeded``)."""
    return run_seeded(lambda noise, gen: sample(eps_model, noise, steps=steps, scheduler_config=scheduler_config,
                                                method=method, eta=eta, generator=gen, callback=callback),
                      eps_model, shape, seed)


def run_seeded(sampler: Callable[[torch.Tensor, torch.Generator], torch.Tensor], eps_model, shape: tuple,
               seed: int) -> Generated:
    """Any sampler ``x_0 = sampler(x_T, generator)`` run the seeded way: one generator seeded from ``seed``
    draws ``x_T`` of ``shape`` first and then the sampler's fresh noise; the run is timed and its NFE read
    from ``eps_model.nfe``."""
    gen = device.generator(seed)
    start = time.perf_counter()
    noise = torch.randn(shape, generator=gen, device=device.device(), dtype=device.dtype())
    return run_timed(lambda: sampler(noise, gen), eps_model, start)


def run_timed(run: Callable[[], torch.Tensor], model, start: float | None = None) -> Generated:
    """``run()``'s result on the CPU, ``model.nfe`` and the wall time since ``start`` (default: now)."""
    start = time.perf_counter() if start is None else start
    x = run()
    return Generated(x.cpu(), model.nfe, time.perf_counter() - start)


def generate_points(model, sched_cfg, n: int, steps: int, method: str = "ddim", eta: float = 0.0,
                    seed: int = 0, callback: Callback | None = None) -> Generated:
    """``n`` 2D points from an ``eps``-predicting point model."""
    return run_sampler(PointEps(model), (n, 2), steps=steps, scheduler_config=sched_cfg, method=method, eta=eta,
                       seed=seed, callback=callback)


def generate_digits(unet, sched_cfg, labels: torch.Tensor, steps: int, method: str = "ddim", eta: float = 0.0,
                    guidance_scale: float = 1.0, seed: int = 0, callback: Callback | None = None) -> Generated:
    """One 8x8 digit per entry of ``labels`` (0..9, or 10 for "any class") from the class-conditional UNet."""
    eps_model = ClassEps(unet, labels.to(device.device()), guidance_scale)
    return run_sampler(eps_model, (len(labels), 1, 8, 8), steps=steps, scheduler_config=sched_cfg, method=method,
                       eta=eta, seed=seed, callback=callback)
