"""One network, four readings, and samplers over the noise level sigma (Karras et al. 2022, "EDM").

The shipped diffusion models are variance-preserving (VP) epsilon-predictors trained on the discrete
schedule ``alpha_bar_t`` (t = 0..T-1): ``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps``.
EDM writes every such model as one family ``x = a(t) x_0 + b(t) eps``; dividing by ``a`` gives the
variance-exploding (VE) view used here, ``x~ = x_t / sqrt(alpha_bar_t) = x_0 + sigma eps`` with

    sigma_t = sqrt((1 - alpha_bar_t) / alpha_bar_t),   alpha_bar = 1 / (1 + sigma^2).

The same epsilon prediction read four ways (``readings``), at ``x_t`` (VP) with ``a = alpha_bar_t``:

- score (Song et al. 2021):   ``grad log p_t(x_t) = -eps / sqrt(1 - a)``   (in the VE view ``-eps / sigma``)
- x_0 predictor:              ``x0_hat = (x_t - sqrt(1 - a) eps) / sqrt(a)``
- v (Salimans & Ho 2022):     ``v = sqrt(a) eps - sqrt(1 - a) x0_hat``
- denoiser (EDM):             ``D(x~; sigma) = x~ - sigma eps``; the probability-flow ODE is
                              ``dx~/dsigma = (x~ - D(x~; sigma)) / sigma = eps``.

``Denoiser`` wraps an ``eps = model(x_t, t)`` callable (``core.sampling.adapters``) into
``D(x~, sigma)``: it maps sigma to a fractional t by interpolating log sigma over the discrete
table (as k-diffusion's ``DiscreteSchedule``), feeds the model ``x_t = x~ / sqrt(1 + sigma^2)``, and
optionally clips ``x0_hat`` to the data range (images). Samplers here follow the one contract of
``core.sampling.contract``, as k-diffusion's: ``sample_*(denoiser, x, *, sigmas, generator, callback)``
with ``x`` in the VE view at ``sigmas[0]``; each checks the request's time budget once per step and calls
``callback(StepRecord)`` after it (``t`` the step's sigma, ``t_next`` the next). ``vp_noise_to_ve`` turns a
VP start noise ``x_T ~ N(0, I)`` (what DDPM/DDIM start from) into ``x~`` at sigma_max, so every sampler can
start from the same noise.

The readings and conversions below are written once here; every sampler, field and guidance method
of the project calls them.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import torch
from diffusers import DDPMScheduler

from core.runtime.budget import check_budget
from core.sampling.adapters import counted
from core.sampling.contract import Callback, StepRecord

EpsModel = Callable[[torch.Tensor, torch.Tensor], torch.Tensor]


# --- the four readings -------------------------------------------------------------------------

def eps_to_score(eps: torch.Tensor, alpha_bar: torch.Tensor | float) -> torch.Tensor:
    """Score of ``p_t`` at ``x_t`` (VP): ``-eps / sqrt(1 - alpha_bar)``."""
    return -eps / torch.as_tensor(1 - alpha_bar).sqrt()


def eps_to_x0(eps: torch.Tensor, x_t: torch.Tensor, alpha_bar: torch.Tensor | float) -> torch.Tensor:
    """``x0_hat = (x_t - sqrt(1 - a) eps) / sqrt(a)`` (Ho et al. 2020, eq. 15)."""
    a = torch.as_tensor(alpha_bar)
    return (x_t - (1 - a).sqrt() * eps) / a.sqrt()


def x0_to_eps(x0: torch.Tensor, x_t: torch.Tensor, alpha_bar: torch.Tensor | float) -> torch.Tensor:
    """The inverse reading: ``eps = (x_t - sqrt(a) x0) / sqrt(1 - a)``."""
    a = torch.as_tensor(alpha_bar)
    return (x_t - a.sqrt() * x0) / (1 - a).sqrt()


def eps_to_v(eps: torch.Tensor, x_t: torch.Tensor, alpha_bar: torch.Tensor | float) -> torch.Tensor:
    """Velocity ``v = sqrt(a) eps - sqrt(1 - a) x0_hat`` (Salimans & Ho 2022)."""
    a = torch.as_tensor(alpha_bar)
    return a.sqrt() * eps - (1 - a).sqrt() * eps_to_x0(eps, x_t, a)


def denoised_to_score(x: torch.Tensor, denoised: torch.Tensor, sigma: float) -> torch.Tensor:
    """Tweedie's score (VE view): ``grad log p(x~; sigma) = (D(x~; sigma) - x~) / sigma^2`` (= ``-eps / sigma``)."""
    return (denoised - x) / (sigma * sigma)


def denoised_to_eps(x: torch.Tensor, denoised: torch.Tensor, sigma: float) -> torch.Tensor:
    """``eps = (x~ - D(x~; sigma)) / sigma``: also the probability-flow ODE's slope ``dx~/dsigma`` (EDM eq. 4)."""
    return (x - denoised) / sigma


# --- the discrete VP schedule read as sigmas ----------------------------------------------------

class VPSigmas:
    """The discrete schedule's ``sigma_t`` table (t = 0..T-1) and the log-sigma interpolation
    ``t(sigma)`` between its entries. Built from a saved noise-schedule config."""

    def __init__(self, scheduler_config: Mapping[str, Any]):
        alpha_bar = DDPMScheduler.from_config(dict(scheduler_config)).alphas_cumprod.to(torch.float64)
        self.sigmas = ((1 - alpha_bar) / alpha_bar).sqrt()  # increasing in t
        self.log_sigmas = self.sigmas.log()
        self.clip = bool(scheduler_config.get("clip_sample", False))
        self.clip_range = float(scheduler_config.get("clip_sample_range", 1.0))

    @property
    def sigma_min(self) -> float:
        return float(self.sigmas[0])

    @property
    def sigma_max(self) -> float:
        return float(self.sigmas[-1])

    def sigma_to_t(self, sigma: float | torch.Tensor) -> torch.Tensor:
        """Fractional time step whose log sigma interpolates the table linearly (clamped to [0, T-1])."""
        log_sigma = torch.as_tensor(sigma, dtype=torch.float64).log().clamp(self.log_sigmas[0], self.log_sigmas[-1])
        hi = torch.searchsorted(self.log_sigmas, log_sigma.reshape(-1)).clamp(1, len(self.sigmas) - 1)
        lo = hi - 1
        w = (log_sigma.reshape(-1) - self.log_sigmas[lo]) / (self.log_sigmas[hi] - self.log_sigmas[lo])
        return (lo + w).reshape(log_sigma.shape)

    def t_to_sigma(self, t: float | torch.Tensor) -> torch.Tensor:
        """Inverse of ``sigma_to_t``: log sigma interpolated at a fractional ``t``."""
        t = torch.as_tensor(t, dtype=torch.float64).clamp(0, len(self.sigmas) - 1)
        lo = t.floor().long().clamp(max=len(self.sigmas) - 2)
        w = t - lo
        return ((1 - w) * self.log_sigmas[lo] + w * self.log_sigmas[lo + 1]).exp()


class Denoiser:
    """EDM's ``D(x~, sigma)`` from an ``eps = model(x_t, t)`` callable on a VP schedule.

    ``x~`` is any shape, batch first (2D points ``(N, 2)`` or images ``(N, C, H, W)``); ``sigma`` a float.
    ``nfe`` counts network evaluations (the adapter's count; a plain callable is wrapped in
    ``core.sampling.adapters.Counted``). With ``clip`` (the schedule's ``clip_sample``), ``x0_hat`` is
    clipped to the data range, as the DDIM sampler here does.
    """

    def __init__(self, eps_model: EpsModel, scheduler_config: Mapping[str, Any]):
        self.eps_model = counted(eps_model)
        self.schedule = VPSigmas(scheduler_config)

    @property
    def nfe(self) -> int:
        return self.eps_model.nfe

    def eps(self, x: torch.Tensor, sigma: float) -> torch.Tensor:
        """The network's ``eps`` at ``x~`` (VE view) and ``sigma``."""
        x_t = x / math.sqrt(1.0 + sigma * sigma)
        t = self.schedule.sigma_to_t(sigma).to(device=x.device, dtype=x.dtype)
        return self.eps_model(x_t, t)

    def __call__(self, x: torch.Tensor, sigma: float) -> torch.Tensor:
        denoised = x - sigma * self.eps(x, sigma)
        if self.schedule.clip:
            denoised = denoised.clamp(-self.schedule.clip_range, self.schedule.clip_range)
        return denoised

    def score(self, x: torch.Tensor, sigma: float) -> torch.Tensor:
        """``grad log p(x~; sigma) = (D(x~; sigma) - x~) / sigma^2`` (VE view)."""
        return denoised_to_score(x, self(x, sigma), sigma)


def vp_noise_to_ve(noise: torch.Tensor, sigma_max: float) -> torch.Tensor:
    """``x~_T = sqrt(1 + sigma_max^2) x_T``: the VP start noise ``x_T ~ N(0, I)`` in the VE view."""
    return noise * math.sqrt(1.0 + sigma_max * sigma_max)


# --- noise-level grids -------------------------------------------------------------------------

def karras_sigmas(steps: int, sigma_min: float, sigma_max: float, rho: float = 7.0) -> torch.Tensor:
    """EDM's grid (Karras et al. 2022, eq. 5): ``steps`` levels from sigma_max down to sigma_min with
    ``sigma_i = (sigma_max^(1/rho) + i/(steps-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho``, then 0."""
    steps = int(steps)
    ramp = torch.linspace(0, 1, steps, dtype=torch.float64) if steps > 1 else torch.zeros(1, dtype=torch.float64)
    lo, hi = sigma_min ** (1 / rho), sigma_max ** (1 / rho)
    sigmas = (hi + ramp * (lo - hi)) ** rho
    return torch.cat([sigmas, torch.zeros(1, dtype=torch.float64)])


# --- samplers -----------------------------------------------------------------------------------

@torch.no_grad()
def sample_euler(denoiser: Callable, x: torch.Tensor, *, sigmas: torch.Tensor,
                 generator: torch.Generator | None = None, callback: Callback | None = None) -> torch.Tensor:
    """Euler on the probability-flow ODE (Song et al. 2021; Karras et al. 2022, eq. 4):
    ``x_{i+1} = x_i + (sigma_{i+1} - sigma_i) (x_i - D(x_i; sigma_i)) / sigma_i``; one NFE per step.
    Deterministic: ``generator`` is unused (kept for the common signature)."""
    for i in range(len(sigmas) - 1):
        check_budget()
        sigma, sigma_next = float(sigmas[i]), float(sigmas[i + 1])
        denoised = denoiser(x, sigma)
        x = x + (sigma_next - sigma) * denoised_to_eps(x, denoised, sigma)
        if callback is not None:
            callback(StepRecord(i, x, sigma, sigma_next, denoised))
    return x


@torch.no_grad()
def sample_euler_maruyama(denoiser: Callable, x: torch.Tensor, *, sigmas: torch.Tensor,
                          generator: torch.Generator | None = None,
                          callback: Callback | None = None) -> torch.Tensor:
    """Euler-Maruyama on the reverse SDE (Song et al. 2021, eq. 6) of the VE process ``dx = sqrt(2 sigma) dw``
    (time = sigma): ``dx = -2 sigma grad log p dsigma + sqrt(2 sigma) dw``, i.e. with ``h = sigma_i - sigma_{i+1} > 0``

        ``x_{i+1} = x_i - 2 h (x_i - D(x_i; sigma_i)) / sigma_i + sqrt(2 sigma_i h) z``,  ``z ~ N(0, I)``.

    The drift is twice the ODE's, and the noise puts back what it over-removes. The last step to
    sigma = 0 takes the denoised point (an Euler step of the ODE), as EDM's stochastic sampler ends.
    One NFE per step; fresh noise from ``generator``.
    """
    for i in range(len(sigmas) - 1):
        check_budget()
        sigma, sigma_next = float(sigmas[i]), float(sigmas[i + 1])
        denoised = denoiser(x, sigma)
        if sigma_next == 0:
            x = denoised
        else:
            h = sigma - sigma_next
            z = torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)
            x = x - 2 * h * denoised_to_eps(x, denoised, sigma) + math.sqrt(2 * sigma * h) * z
        if callback is not None:
            callback(StepRecord(i, x, sigma, sigma_next, denoised))
    return x


@torch.no_grad()
def sample_heun(denoiser: Callable, x: torch.Tensor, *, sigmas: torch.Tensor,
                generator: torch.Generator | None = None, callback: Callback | None = None) -> torch.Tensor:
    """EDM's deterministic sampler (Karras et al. 2022, Algorithm 1; ``S_churn = 0``): Heun's second-order
    method on the probability-flow ODE ``dx~/dsigma = (x~ - D(x~; sigma)) / sigma``,

        ``d_i = (x_i - D(x_i; s_i)) / s_i``,  ``x' = x_i + (s_{i+1} - s_i) d_i``,
        ``x_{i+1} = x_i + (s_{i+1} - s_i) (d_i + d') / 2``  with  ``d' = (x' - D(x'; s_{i+1})) / s_{i+1}``,

    the correction skipped on the last step to ``sigma = 0`` (an Euler step). ``N`` steps cost
    ``2N - 1`` network evaluations. Deterministic: ``generator`` is unused.

    Written here rather than taken from diffusers' ``HeunDiscreteScheduler``: that scheduler, built from
    this project's linear / "trailing" VP config, was measured biased on the exact Gaussian oracle
    (mean [0.82, -1.66] for N([1, -2], 0.5^2)); it steps over the integer training timesteps and keeps
    its half-step state inside the scheduler. Algorithm 1 over ``Denoiser`` is a dozen lines, reads
    exactly as the paper, and shares its sigma grid and start noise with ``sample_euler``.
    """
    for i in range(len(sigmas) - 1):
        check_budget()
        sigma, sigma_next = float(sigmas[i]), float(sigmas[i + 1])
        denoised = denoiser(x, sigma)
        d = denoised_to_eps(x, denoised, sigma)
        x_next = x + (sigma_next - sigma) * d
        if sigma_next > 0:
            d_next = denoised_to_eps(x_next, denoiser(x_next, sigma_next), sigma_next)
            x_next = x + (sigma_next - sigma) * (d + d_next) / 2
        x = x_next
        if callback is not None:
            callback(StepRecord(i, x, sigma, sigma_next, denoised))
    return x
