"""Log-likelihood through an ODE (instantaneous change of variables), with the exact divergence or
Hutchinson's estimate of it.

A flow ``dx/dt = f(x, t)`` carrying data at ``t0`` to a prior at ``t1`` changes the log density along a
path by ``d ln p_t(x_t) / dt = -div f(x_t, t)`` (Chen et al. 2018, Neural ODEs; FFJORD, Grathwohl et al.
2019), so

    ln p_t0(x) = ln p_t1(x_t1) + ∫_t0^t1 div f(x_t, t) dt.

Song et al. 2021 (Score SDE, ``likelihood.py`` of score_sde_pytorch) score diffusion models this way on the
probability-flow ODE ``f = -1/2 beta(t) (x + score)``; a rectified flow's velocity is already ``f``.

- exact divergence: ``sum_d d f_d / d x_d``, one backward pass of ``D`` copies of each state (the copy ``d``
  picks row ``d`` of the Jacobian), batched: 64 dimensions make it affordable on the digits;
- Hutchinson (1990): ``E_e[e^T J e] = tr J`` for Rademacher ``e``; the probes are drawn once from
  ``generator`` and held along the whole path (as FFJORD and score_sde do), so each probe gives an
  unbiased estimate of ``ln p`` and their spread is the estimate's.

The state and the integral are advanced together by a fixed-step solver on a given time grid
(``heun`` or ``rk4``; the solver's error is measured by halving the step, ``solver_error``).
Shapes: ``x`` ``(B, *S)`` with ``D = prod S``; ``drift(x, t)`` -> ``(B, *S)`` at a 0-d tensor ``t``.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import torch

from core.runtime.budget import check_budget

Drift = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]
METHODS = ("heun", "rk4")  # fixed-step solvers of the augmented ODE
ROWS = 1024  # most copies of a state sent through the drift in one pass (memory bound of the batching)


def exact_divergence(drift: Drift, x: torch.Tensor, t: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``(f(x, t), div f(x, t))``: ``(B, *S)`` and ``(B, 1)``, the trace of the Jacobian from ``D`` copies of
    each row in one backward pass (chunks of at most ``ROWS`` copies)."""
    d = x[0].numel()
    per = max(1, ROWS // d)
    fs, divs = [], []
    eye = torch.eye(d, dtype=x.dtype, device=x.device)
    for xc in x.split(per):
        n = len(xc)
        xr = xc.detach().repeat_interleave(d, 0).requires_grad_(True)
        pick = eye.repeat(n, 1).reshape(xr.shape)
        with torch.enable_grad():
            f = drift(xr, t)
            (g,) = torch.autograd.grad((f * pick).sum(), xr)
        divs.append((g * pick).reshape(n, -1).sum(1, keepdim=True))
        fs.append(f.detach().reshape(n, d, *x.shape[1:])[:, 0])
    return torch.cat(fs), torch.cat(divs)


def rademacher(shape: tuple[int, ...], generator: torch.Generator | None, like: torch.Tensor) -> torch.Tensor:
    """Probes of +-1 ``shape`` drawn from ``generator`` (on its device), on ``like``'s device and dtype."""
    dev = None if generator is None else generator.device
    e = torch.randint(0, 2, shape, generator=generator, device=dev).to(like.device, like.dtype)
    return 2 * e - 1


def hutchinson_divergence(drift: Drift, x: torch.Tensor, t: torch.Tensor,
                          probes: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """``(f(x, t), e^T J e)`` for each row's ``P`` probes ``(B, P, *S)``: ``(B, *S)`` and ``(B, P)``; one backward
    pass of the ``P`` copies of each row."""
    p = probes.shape[1]
    per = max(1, ROWS // p)
    fs, ests = [], []
    for xc, ec in zip(x.split(per), probes.split(per)):
        n = len(xc)
        xr = xc.detach().repeat_interleave(p, 0).requires_grad_(True)
        e = ec.reshape(xr.shape)
        with torch.enable_grad():
            f = drift(xr, t)
            (g,) = torch.autograd.grad((f * e).sum(), xr)
        ests.append((g * e).reshape(n, p, -1).sum(-1))
        fs.append(f.detach().reshape(n, p, *x.shape[1:])[:, 0])
    return torch.cat(fs), torch.cat(ests)


@dataclass
class OdeLikelihood:
    log_prob: torch.Tensor  # (B, P) ln p_t0(x) in nats, one column per probe (P = 1 for the exact divergence)
    x_end: torch.Tensor  # (B, *S) the state reached at t1
    nfe: int  # passes of the drift (each over every copy of the batch)


def ode_log_likelihood(drift: Drift, x: torch.Tensor, *, times: torch.Tensor,
                       prior_log_prob: Callable[[torch.Tensor], torch.Tensor], divergence: str = "exact",
                       probes: int = 1, generator: torch.Generator | None = None,
                       method: str = "rk4") -> OdeLikelihood:
    """``ln p_t0(x) = ln p_t1(x_t1) + ∫ div f dt`` for ``x`` ``(B, *S)`` at ``times[0]``, integrated over the grid
    ``times`` (``t0 = times[0]`` to ``t1 = times[-1]``) by ``method`` (Heun: 2 drift passes a step, RK4: 4),
    with the ``"exact"`` divergence or ``"hutchinson"`` with ``probes`` Rademacher probes a row drawn from
    ``generator``. ``prior_log_prob(x_t1)`` -> ``(B,)``. Each step checks the request's time budget."""
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}; got {method!r}")
    if divergence == "exact":
        def field(xs, t):
            return exact_divergence(drift, xs, t)
    elif divergence == "hutchinson":
        e = rademacher((x.shape[0], int(probes), *x.shape[1:]), generator, x)

        def field(xs, t):
            return hutchinson_divergence(drift, xs, t, e)
    else:
        raise ValueError(f"divergence must be 'exact' or 'hutchinson'; got {divergence!r}")
    x = x.detach()
    delta = None
    nfe = 0
    for i in range(len(times) - 1):
        check_budget()
        t, t_next = (torch.as_tensor(times[j], dtype=x.dtype, device=x.device) for j in (i, i + 1))
        h = t_next - t
        if method == "heun":
            f1, d1 = field(x, t)
            f2, d2 = field(x + h * f1, t_next)
            x, step = x + h * 0.5 * (f1 + f2), h.double() * 0.5 * (d1.double() + d2.double())
            nfe += 2
        else:
            f1, d1 = field(x, t)
            f2, d2 = field(x + 0.5 * h * f1, t + 0.5 * h)
            f3, d3 = field(x + 0.5 * h * f2, t + 0.5 * h)
            f4, d4 = field(x + h * f3, t_next)
            x = x + h / 6 * (f1 + 2 * f2 + 2 * f3 + f4)
            step = h.double() / 6 * (d1.double() + 2 * d2.double() + 2 * d3.double() + d4.double())
            nfe += 4
        delta = step if delta is None else delta + step
    return OdeLikelihood(prior_log_prob(x).double()[:, None] + delta, x, nfe)


def standard_normal_log_prob(x: torch.Tensor) -> torch.Tensor:
    """``ln N(x; 0, I)`` per row ``(B,)`` of ``x`` ``(B, *S)``."""
    flat = x.reshape(len(x), -1).double()
    return -0.5 * (flat.pow(2).sum(1) + flat.shape[1] * torch.log(torch.tensor(2 * torch.pi, dtype=torch.float64)))


def power_times(steps: int, t0: float, t1: float, power: float = 2.0) -> torch.Tensor:
    """``steps + 1`` times from ``t0`` to ``t1``, ``t0 + (t1 - t0) s^power`` for ``s`` evenly spaced: with
    ``power`` > 1 the steps are short near ``t0``, where a diffusion's probability-flow field is stiffest."""
    s = torch.linspace(0, 1, int(steps) + 1, dtype=torch.float64)
    return t0 + (t1 - t0) * s.pow(power)


@dataclass(frozen=True)
class VPSchedule:
    """The variance-preserving SDE of a DDPM (Song et al. 2021, Eq. 11 with its discrete limit): ``beta(t) =
    beta_min + t (beta_max - beta_min)`` with ``beta_min = N beta_1`` and ``beta_max = N beta_N`` of the
    discrete linear schedule; ``x_t = sqrt(abar) x_0 + sigma eps``, ``ln abar(t) = -t^2 (beta_max - beta_min)/2
    - t beta_min``, ``sigma = sqrt(1 - abar)``; the network's timestep is ``t (N - 1)``."""

    beta_min: float = 0.1  # N beta_start of the discrete schedule
    beta_max: float = 20.0  # N beta_end
    steps: int = 1000  # N, the discrete schedule's length

    @classmethod
    def of_scheduler(cls, cfg: dict) -> VPSchedule:
        """The continuous limit of a diffusers linear-beta scheduler config."""
        if cfg.get("beta_schedule", "linear") != "linear":
            raise ValueError(f"only a linear beta schedule has this VP limit; got {cfg.get('beta_schedule')!r}")
        n = int(cfg["num_train_timesteps"])
        return cls(n * float(cfg["beta_start"]), n * float(cfg["beta_end"]), n)

    def beta(self, t: torch.Tensor) -> torch.Tensor:
        return self.beta_min + t * (self.beta_max - self.beta_min)

    def log_abar(self, t: torch.Tensor) -> torch.Tensor:
        return -0.5 * t * t * (self.beta_max - self.beta_min) - t * self.beta_min

    def sigma(self, t: torch.Tensor) -> torch.Tensor:
        return torch.sqrt(-torch.expm1(self.log_abar(t)))


def vp_probability_flow(eps: Callable[[torch.Tensor, torch.Tensor], torch.Tensor], schedule: VPSchedule) -> Drift:
    """The probability-flow drift ``f(x, t) = -1/2 beta(t) (x - eps(x, t) / sigma(t))`` of an eps-prediction
    model (``score = -eps / sigma``); ``eps(x, t)`` takes the continuous ``t`` in (0, 1]."""
    def drift(x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        return -0.5 * schedule.beta(t) * (x - eps(x, t) / schedule.sigma(t))
    return drift
