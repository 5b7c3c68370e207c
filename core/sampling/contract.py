"""The one contract of every sampling loop (as k-diffusion's ``sampling.py``).

A loop is a pure function ``sample_*(model, x, *, <its settings, keyword-only>, generator=None,
callback=None) -> x``: ``model`` is the network read the way the loop needs it (an ``eps(x_t, t)``
adapter of ``core.sampling.adapters``, EDM's ``Denoiser`` or a velocity ``v(x, t)``), ``x`` the start
state (any shape, batch first), ``generator`` the seeded source of any fresh noise. Every loop calls
``core.runtime.budget.check_budget()`` once per step, so that a request's time budget stops it, and,
after every step, ``callback(StepRecord(...))`` with the one record type below.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch


@dataclass(frozen=True)
class StepRecord:
    """What a loop reports after step ``i``.

    ``t`` and ``t_next`` lie on the loop's own axis of noise level or time, decreasing towards the data:
    the diffusers timestep (an ``int``; DDPM, DDIM and the multistep schedulers, ``t_next = -1`` after the
    last step: the data, ``alpha_bar = 1``), the noise level sigma of the variance-exploding view
    ``x~ = x_0 + sigma eps`` (Karras samplers, annealed Langevin, predictor-corrector; 0 is the data), or
    the flow time in [0, 1] (ODE solvers, rectified flow; 0 is the data). A loop that is not a diffusion loop
    reports its own position on the same fields: an autoregressive sampler sets ``t = i`` (the index, in the
    model's order, of the element it sampled), ``t_next = i + 1`` and ``denoised = None``."""

    i: int  # step index, 0-based, counted over the whole run (annealed Langevin: over all levels)
    x: torch.Tensor  # the state after the step, at t_next
    t: float | int  # the level the step evaluated the network at (the level of ``denoised``)
    t_next: float | int  # the level the state ``x`` has reached
    denoised: torch.Tensor | None = None  # the x0_hat prediction made at ``t`` (None where the loop has none)


Callback = Callable[[StepRecord], Any]
