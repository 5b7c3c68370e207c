"""Langevin samplers over noise levels: annealed Langevin dynamics and the predictor-corrector sampler.

Both read the network through EDM's denoiser ``D(x~, sigma)`` (``core.sampling.karras.Denoiser``), in the
variance-exploding view ``x~ = x_0 + sigma eps``, whose score is Tweedie's
``grad log p(x~; sigma) = (D(x~; sigma) - x~) / sigma^2`` (``= -eps / sigma``, ``karras.denoised_to_score``).
The one contract of ``core.sampling.contract``, as the samplers of ``core.sampling.karras``:
``(denoiser, x, *, sigmas, ..., generator, callback)``, ``x`` any shape with the batch first (2D points
``(N, 2)`` or images ``(N, C, H, W)``), the request's time budget checked once per step,
``callback(StepRecord)`` after every step (``t`` the step's sigma, ``t_next`` the level ``x`` is at).

- ``sample_annealed_langevin`` (Song & Ermon 2019, Algorithm 1, "NCSN"): for each level ``sigma_i`` of a
  geometric ladder, ``T`` steps of ``x <- x + alpha_i / 2 * score(x, sigma_i) + sqrt(alpha_i) z`` with
  ``alpha_i = eps * sigma_i^2 / sigma_L^2``. ``T`` NFE per level.
- ``sample_pc`` (Song et al. 2021, Algorithms 2/3, VE form): at each level a Langevin corrector whose step
  is set by a signal-to-noise ratio ``r`` (``alpha = 2 (r ||z|| / ||score||)^2``), then a predictor step to
  the next level: the reverse SDE's (reverse diffusion) or the probability-flow ODE's (Euler).
  ``1 + corrector_steps`` NFE per step.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import torch

from core.runtime.budget import check_budget
from core.sampling.contract import Callback, StepRecord
from core.sampling.karras import denoised_to_eps, denoised_to_score

PREDICTORS = ("sde", "ode")  # the PC sampler's predictor: reverse-diffusion SDE step, or probability-flow Euler


def geometric_sigmas(levels: int, sigma_min: float, sigma_max: float) -> torch.Tensor:
    """NCSN's ladder: ``levels`` noise levels from ``sigma_max`` down to ``sigma_min``, a constant ratio
    apart (``sigma_i = sigma_max (sigma_min / sigma_max)^(i / (L - 1))``), float64 ``(levels,)``."""
    levels = int(levels)
    if levels == 1:
        return torch.tensor([float(sigma_min)], dtype=torch.float64)
    return torch.logspace(math.log10(sigma_max), math.log10(sigma_min), levels, dtype=torch.float64)


def _score(denoiser: Callable, x: torch.Tensor, sigma: float) -> tuple[torch.Tensor, torch.Tensor]:
    """``(score, denoised)`` at ``x~``: ``score = (D(x~; sigma) - x~) / sigma^2`` (one NFE)."""
    denoised = denoiser(x, sigma)
    return denoised_to_score(x, denoised, sigma), denoised


def _noise(x: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    return torch.randn(x.shape, generator=generator, device=x.device, dtype=x.dtype)


@torch.no_grad()
def sample_annealed_langevin(denoiser: Callable, x: torch.Tensor, *, sigmas: torch.Tensor, step_size: float = 2e-5,
                             steps_per_level: int = 100, denoise: bool = False,
                             generator: torch.Generator | None = None,
                             callback: Callback | None = None) -> torch.Tensor:
    """Annealed Langevin dynamics (Song & Ermon 2019, Algorithm 1) over the levels ``sigmas`` (decreasing,
    no trailing 0), from ``x`` (e.g. ``sigmas[0]``-scaled Gaussian noise, or uniform noise as in the paper):

        for i, sigma_i:  alpha_i = step_size * sigma_i^2 / sigma_L^2
            repeat T:   x <- x + alpha_i / 2 * score(x, sigma_i) + sqrt(alpha_i) z,   z ~ N(0, I).

    Scaling the step with ``sigma_i^2`` keeps the signal-to-noise ratio of every level the same
    (Song & Ermon, Section 4.3). ``denoise`` ends with one Tweedie step ``x <- D(x; sigma_L)``
    (Jolicoeur-Martineau et al. 2021), which removes the last level's noise. ``callback`` after every step
    ``k`` (counted over all levels; ``t = t_next = sigma_i``; the Tweedie step goes to ``t_next = 0``).
    NFE: ``T * L`` (+1 with ``denoise``).
    """
    sigma_last = float(sigmas[-1])
    k = 0
    denoised = x
    for sigma in (float(s) for s in sigmas):
        alpha = step_size * sigma * sigma / (sigma_last * sigma_last)
        for _ in range(int(steps_per_level)):
            check_budget()
            score, denoised = _score(denoiser, x, sigma)
            x = x + 0.5 * alpha * score + math.sqrt(alpha) * _noise(x, generator)
            if callback is not None:
                callback(StepRecord(k, x, sigma, sigma, denoised))
            k += 1
    if denoise:
        check_budget()
        x = denoiser(x, sigma_last)
        if callback is not None:
            callback(StepRecord(k, x, sigma_last, 0.0, x))
    return x


def _batch_norm(v: torch.Tensor) -> torch.Tensor:
    """Mean over the batch of each sample's Euclidean norm (as score_sde's ``LangevinCorrector``)."""
    return v.reshape(v.shape[0], -1).norm(dim=-1).mean()


@torch.no_grad()
def langevin_correct(denoiser: Callable, x: torch.Tensor, sigma: float, snr: float, steps: int,
                     generator: torch.Generator | None = None) -> torch.Tensor:
    """``steps`` Langevin corrector steps at ``sigma`` (Song et al. 2021, Algorithm 4, "corrector"):
    ``alpha = 2 (snr ||z|| / ||score||)^2``, ``x <- x + alpha score + sqrt(2 alpha) z``. One NFE a step."""
    for _ in range(int(steps)):
        score, _ = _score(denoiser, x, sigma)
        z = _noise(x, generator)
        alpha = 2 * (snr * _batch_norm(z) / _batch_norm(score).clamp_min(1e-12)) ** 2
        x = x + alpha * score + (2 * alpha).sqrt() * z
    return x


@torch.no_grad()
def sample_pc(denoiser: Callable, x: torch.Tensor, *, sigmas: torch.Tensor, snr: float = 0.16,
              corrector_steps: int = 1, predictor: str = "sde", generator: torch.Generator | None = None,
              callback: Callback | None = None) -> torch.Tensor:
    """Predictor-corrector sampling (Song et al. 2021, Algorithms 2 and 3, VE SDE) over ``sigmas``
    (decreasing, ending in 0, as ``core.sampling.karras.karras_sigmas``), from ``x`` at ``sigmas[0]``.

    Each step ``sigma_i -> sigma_{i+1}``, in the order of score_sde's ``pc_sampler``:

    - corrector: ``corrector_steps`` Langevin steps at ``sigma_i`` with signal-to-noise ratio ``snr``
      (``langevin_correct``; ``corrector_steps = 0`` is the predictor alone);
    - predictor ``"sde"`` (reverse diffusion): ``x <- x + (sigma_i^2 - sigma_{i+1}^2) score + sqrt(sigma_i^2 -
      sigma_{i+1}^2) z``; ``"ode"``: Euler on the probability-flow ODE, ``x <- x + (sigma_{i+1} - sigma_i)
      (x - D) / sigma_i``. The step to sigma = 0 takes the denoised point (no noise is added).

    NFE: ``1 + corrector_steps`` per step.
    """
    if predictor not in PREDICTORS:
        raise ValueError(f"predictor must be one of {PREDICTORS}; got {predictor!r}")
    for i in range(len(sigmas) - 1):
        check_budget()
        sigma, sigma_next = float(sigmas[i]), float(sigmas[i + 1])
        x = langevin_correct(denoiser, x, sigma, snr, corrector_steps, generator)
        score, denoised = _score(denoiser, x, sigma)
        if sigma_next == 0:
            x = denoised
        elif predictor == "ode":
            x = x + (sigma_next - sigma) * denoised_to_eps(x, denoised, sigma)
        else:
            var = sigma * sigma - sigma_next * sigma_next
            x = x + var * score + math.sqrt(var) * _noise(x, generator)
        if callback is not None:
            callback(StepRecord(i, x, sigma, sigma_next, denoised))
    return x
