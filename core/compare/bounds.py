"""Bounds and estimates of ``ln p(x)`` for models without an exact likelihood.

- ``iwae_log_likelihood``: the importance-weighted bound (Burda et al. 2016)
  ``L_k = E[ln 1/k sum_i p(x, z_i) / q(z_i | x)]``, ``z_i ~ q(z | x)``, which is the ELBO at ``k = 1``, grows
  with ``k`` and reaches ``ln p(x)`` as ``k -> inf``;
- ``ddpm_terms``: DDPM's variational bound (Ho et al. 2020, Eq. 5) with its discrete decoder (Eq. 13):
  ``-ln p(x_0) <= L_T + sum_{t=2}^T L_{t-1} + L_0``, ``L_T = KL(q(x_T|x_0) || N(0, I))``,
  ``L_{t-1} = KL(q(x_{t-1}|x_t, x_0) || p(x_{t-1}|x_t))`` and ``L_0 = -ln p(x_0|x_1)``, the Gaussian
  ``N(mu(x_1, 1), sigma_1^2)`` integrated over each level's bin (the outer bins open to +-inf);
- ``parzen_log_likelihood``: a Gaussian kernel density on samples (Breuleux et al. 2011), the estimate older
  GAN papers reported, whose flaw Theis et al. 2016 showed: it rates a memorised training set above models.
"""
from __future__ import annotations

import math
from collections.abc import Callable

import torch

from core.runtime.budget import check_budget

LOG_2PI = math.log(2 * math.pi)
IWAE_CHUNK = 250  # importance samples per decoder pass of one batch (memory bound)


def gaussian_log_prob(z: torch.Tensor, mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """``ln N(z; mu, diag exp(logvar))`` summed over the last dimension."""
    return -0.5 * (((z - mu) ** 2) * torch.exp(-logvar) + logvar + LOG_2PI).sum(-1)


@torch.no_grad()
def iwae_log_likelihood(encode: Callable, decoder_log_prob: Callable, x: torch.Tensor, k: int,
                        generator: torch.Generator | None = None) -> torch.Tensor:
    """The bound ``L_k`` ``(B,)`` in nats for ``x`` ``(B, ...)``, one draw of ``k`` samples per row.

    ``encode(x)`` -> ``(mu, logvar)`` ``(B, d)`` of ``q(z|x)``; ``decoder_log_prob(z, x)`` -> ``ln p(x|z)``
    ``(B,)`` for ``z`` ``(B, d)``; the prior is ``N(0, I)``. The ``k`` weights are folded into a running
    log-sum-exp ``IWAE_CHUNK`` at a time."""
    mu, logvar = encode(x)
    b, d = mu.shape
    total = torch.full((b,), -math.inf, dtype=torch.float64, device=mu.device)
    done = 0
    while done < k:
        check_budget()
        m = min(IWAE_CHUNK, k - done)
        dev = None if generator is None else generator.device
        eps = torch.randn((m, b, d), generator=generator, device=dev).to(mu.device, mu.dtype)
        z = mu + torch.exp(0.5 * logvar) * eps  # (m, B, d)
        zf = z.reshape(m * b, d)
        xr = x.unsqueeze(0).expand(m, *x.shape).reshape(m * b, *x.shape[1:])
        log_px = decoder_log_prob(zf, xr).reshape(m, b)
        log_w = log_px + gaussian_log_prob(z, torch.zeros_like(mu), torch.zeros_like(logvar)) \
            - gaussian_log_prob(z, mu, logvar)
        total = torch.logaddexp(total, torch.logsumexp(log_w.double(), 0))
        done += m
    return total - math.log(k)


def normal_cdf(x: torch.Tensor) -> torch.Tensor:
    return 0.5 * (1 + torch.erf(x / math.sqrt(2)))


def discretized_gaussian_log_prob(x0: torch.Tensor, mean: torch.Tensor, log_scale: torch.Tensor,
                                  half_width: float) -> torch.Tensor:
    """``ln P(x_0)`` per element of a Gaussian integrated over the bin ``[x_0 - h, x_0 + h]`` (Ho et al. Eq. 13),
    the bin of the lowest value (``x_0 <= -1``) open down to ``-inf`` and of the highest (``x_0 >= 1``) up to
    ``+inf``; ``x_0`` on the data grid in [-1, 1]."""
    inv = torch.exp(-log_scale)
    upper = torch.where(x0 >= 1 - 1e-6, torch.ones_like(x0), normal_cdf((x0 + half_width - mean) * inv))
    lower = torch.where(x0 <= -1 + 1e-6, torch.zeros_like(x0), normal_cdf((x0 - half_width - mean) * inv))
    return torch.log((upper - lower).clamp_min(1e-12))


class DiscreteSchedule:
    """The discrete DDPM schedule (float64): ``betas``, ``abar_t = prod_{s<=t} (1 - beta_s)``, the posterior
    ``q(x_{t-1} | x_t, x_0) = N(c0_t x_0 + ct_t x_t, tilde beta_t)``; index ``i = t - 1`` in ``0..N-1``."""

    def __init__(self, betas: torch.Tensor):
        self.betas = betas.double()
        self.alphas = 1 - self.betas
        self.abar = torch.cumprod(self.alphas, 0)
        abar_prev = torch.cat([torch.ones(1, dtype=torch.float64), self.abar[:-1]])
        self.post_var = self.betas * (1 - abar_prev) / (1 - self.abar)
        # ln tilde beta with its t = 1 value (0) replaced by t = 2's, as Ho et al.'s code does for the decoder
        self.post_log_var = torch.log(torch.cat([self.post_var[1:2], self.post_var[1:]]))
        self.c0 = self.betas * abar_prev.sqrt() / (1 - self.abar)
        self.ct = (1 - abar_prev) * self.alphas.sqrt() / (1 - self.abar)

    @classmethod
    def of_scheduler(cls, cfg: dict) -> DiscreteSchedule:
        if cfg.get("beta_schedule", "linear") != "linear":
            raise ValueError(f"only a linear beta schedule is supported; got {cfg.get('beta_schedule')!r}")
        n = int(cfg["num_train_timesteps"])
        return cls(torch.linspace(float(cfg["beta_start"]), float(cfg["beta_end"]), n, dtype=torch.float64))

    def __len__(self) -> int:
        return len(self.betas)


@torch.no_grad()
def ddpm_terms(eps_model: Callable, x0: torch.Tensor, sched: DiscreteSchedule, *, strata: int,
               half_width: float, generator: torch.Generator | None = None) -> dict[str, torch.Tensor]:
    """Every term of DDPM's bound for ``x0`` ``(B, *S)`` on the data grid, each ``(B,)`` in nats:
    ``prior`` ``L_T`` (closed form), ``decoder`` ``L_0`` (the discrete decoder at ``x_1 ~ q``), ``diffusion``
    ``sum_{t=2}^T L_{t-1}`` estimated without bias by one ``t`` drawn in each of ``strata`` equal strata of
    ``2..T`` (weighted by the stratum's size), and ``per_stratum`` ``(B, strata)`` the mean ``L_{t-1}`` of each
    (its curve over ``t``). ``eps_model(x_t, i)`` takes the integer timestep index ``i = t - 1`` ``(B,)``."""
    n = len(sched)
    b = x0.shape[0]
    dev = None if generator is None else generator.device
    x0d = x0.double()
    dims = tuple(range(1, x0.ndim))

    def noisy(i: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        noise = torch.randn(x0.shape, generator=generator, device=dev).to(x0.device).double()
        a = sched.abar[i].to(x0.device).reshape(-1, *[1] * (x0.ndim - 1))
        return a.sqrt() * x0d + (1 - a).sqrt() * noise, a

    def model_mean(x_t: torch.Tensor, i: torch.Tensor) -> torch.Tensor:
        eps = eps_model(x_t.to(x0.dtype), i).double()
        beta = sched.betas[i].to(x0.device).reshape(-1, *[1] * (x0.ndim - 1))
        a = sched.abar[i].to(x0.device).reshape(-1, *[1] * (x0.ndim - 1))
        return (x_t - beta / (1 - a).sqrt() * eps) / (1 - beta).sqrt()

    a_t = sched.abar[-1]
    prior = 0.5 * (a_t * x0d.pow(2) + (1 - a_t) - 1 - torch.log(1 - a_t)).sum(dims)
    i0 = torch.zeros(b, dtype=torch.long, device=x0.device)
    x1, _ = noisy(i0)
    log_scale = 0.5 * sched.post_log_var[0]
    decoder = -discretized_gaussian_log_prob(x0d, model_mean(x1, i0), log_scale, half_width).sum(dims)
    edges = torch.linspace(1, n, int(strata) + 1).round().long()  # strata of indices 1..n-1 (t = 2..T)
    per = []
    total = torch.zeros(b, dtype=torch.float64, device=x0.device)
    for s in range(int(strata)):
        check_budget()
        lo, hi = int(edges[s]), int(edges[s + 1])
        i = torch.randint(lo, hi, (b,), generator=generator, device=dev).to(x0.device)
        x_t, _ = noisy(i)
        shape = (-1, *[1] * (x0.ndim - 1))
        true_mean = sched.c0[i].reshape(shape) * x0d + sched.ct[i].reshape(shape) * x_t
        kl = (true_mean - model_mean(x_t, i)).pow(2).sum(dims) / (2 * sched.post_var[i])
        per.append(kl)
        total += (hi - lo) * kl
    return {"prior": prior, "decoder": decoder, "diffusion": total, "per_stratum": torch.stack(per, 1),
            "strata_edges": edges}


def parzen_log_likelihood(x: torch.Tensor, centres: torch.Tensor, sigma: float, chunk: int = 256) -> torch.Tensor:
    """``ln (1/M) sum_j N(x; c_j, sigma^2 I)`` ``(N,)`` of rows ``x`` ``(N, D)`` under ``M`` centres ``(M, D)``."""
    d = x.shape[1]
    out = []
    for xc in x.double().split(chunk):
        sq = torch.cdist(xc, centres.double()).pow(2)
        out.append(torch.logsumexp(-sq / (2 * sigma**2), 1) - math.log(len(centres))
                   - d * (math.log(sigma) + 0.5 * LOG_2PI))
    return torch.cat(out)


def parzen_bandwidth(validation: torch.Tensor, centres: torch.Tensor, sigmas) -> float:
    """The ``sigma`` among ``sigmas`` that maximises the mean Parzen log-likelihood of ``validation`` (the
    bandwidth chosen on held-out data, as Goodfellow et al. 2014 did)."""
    scores = [float(parzen_log_likelihood(validation, centres, float(s)).mean()) for s in sigmas]
    return float(sigmas[max(range(len(scores)), key=scores.__getitem__)])
