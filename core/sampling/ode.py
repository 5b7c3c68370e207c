"""Deterministic ODE solvers over a velocity field, as pure functions (for flows and probability-flow ODEs).

``velocity(x, t) -> dx/dt`` at state ``x`` (any shape, batch first) and scalar time ``t`` (a 0-d
tensor). ``times`` is the decreasing (or increasing) grid ``t_0, ..., t_N`` the solver visits;
``x`` is the state at ``times[0]``. The solvers follow the one contract of ``core.sampling.contract``:
``euler(velocity, x, *, times, generator=None, callback=None)`` (no fresh noise: ``generator`` is unused),
the request's time budget checked once per step, and ``callback(StepRecord)`` after every step with the
new state at ``t_next`` and ``denoised = x - t_next v``, the point the current straight line reaches at
``t = 0`` (so ``trajectory_recorder`` works as for every other loop).

- Euler: ``x_{i+1} = x_i + (t_{i+1} - t_i) v(x_i, t_i)``: one evaluation per step.
- Heun (Karras et al. 2022, Alg. 1 without noise): an Euler predictor, then the trapezoid of the two
  slopes; two evaluations per step, one on a last step that lands at ``t = 0`` is not skipped.
"""
from __future__ import annotations

from typing import Callable

import torch

from core.runtime.budget import check_budget
from core.sampling.contract import Callback, StepRecord

Velocity = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
METHODS = ("euler", "heun")


def uniform_times(steps: int, start: float = 1.0, end: float = 0.0) -> torch.Tensor:
    """``steps + 1`` evenly spaced times from ``start`` to ``end`` (float64 on the CPU)."""
    return torch.linspace(start, end, int(steps) + 1, dtype=torch.float64)


def _t(t: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    return torch.as_tensor(t, dtype=x.dtype, device=x.device)


def _euler_step(velocity: Velocity, x, t, t_next):
    v = velocity(x, t)
    return x + (t_next - t) * v, v


def _heun_step(velocity: Velocity, x, t, t_next):
    v = velocity(x, t)
    v_next = velocity(x + (t_next - t) * v, t_next)
    return x + (t_next - t) * 0.5 * (v + v_next), v_next


@torch.no_grad()
def _integrate(step, velocity: Velocity, x: torch.Tensor, times: torch.Tensor, callback: Callback | None):
    for i in range(len(times) - 1):
        check_budget()
        t, t_next = _t(times[i], x), _t(times[i + 1], x)
        x, v = step(velocity, x, t, t_next)
        if callback is not None:
            callback(StepRecord(i, x, float(t), float(t_next), x - t_next * v))
    return x


def euler(velocity: Velocity, x: torch.Tensor, *, times: torch.Tensor, generator: torch.Generator | None = None,
          callback: Callback | None = None) -> torch.Tensor:
    """Integrate ``dx/dt = velocity(x, t)`` over ``times`` with Euler steps; returns ``x`` at ``times[-1]``."""
    return _integrate(_euler_step, velocity, x, times, callback)


def heun(velocity: Velocity, x: torch.Tensor, *, times: torch.Tensor, generator: torch.Generator | None = None,
         callback: Callback | None = None) -> torch.Tensor:
    """Integrate ``dx/dt = velocity(x, t)`` over ``times`` with Heun's second-order steps."""
    return _integrate(_heun_step, velocity, x, times, callback)


def solve(velocity: Velocity, x: torch.Tensor, *, method: str, times: torch.Tensor,
          generator: torch.Generator | None = None, callback: Callback | None = None) -> torch.Tensor:
    """``euler`` or ``heun`` by name."""
    if method not in METHODS:
        raise ValueError(f"unknown ODE method {method!r}; choose from {METHODS}")
    return (euler if method == "euler" else heun)(velocity, x, times=times, callback=callback)
