"""Gradient estimators for E_{z ~ q_theta}[f(z)], as small pure functions.

Toy problem: ``q_theta = N(mu, sigma^2)``, ``f(z) = (z - c)^2``, gradient with respect to ``mu``
(exactly ``2 (mu - c)``). With ``n`` samples ``z_i = mu + sigma eps_i``:

- reparameterization (Kingma & Welling 2014): ``g = 1/n sum_i f'(z_i)``;
- score function / REINFORCE (Williams 1992): ``g = 1/n sum_i f(z_i) d/dmu log q(z_i) =
  1/n sum_i f(z_i) (z_i - mu) / sigma^2``;
- REINFORCE with a baseline: ``f(z_i) - b_i`` in place of ``f(z_i)``, ``b_i`` the mean of ``f`` over the
  other ``n - 1`` samples (leave-one-out: unbiased, as in Kool et al. 2019); with ``n = 1`` there is
  no other sample and ``b = 0``.

Categorical relaxations: Gumbel-softmax / Concrete (Jang et al. 2017; Maddison et al. 2017),
``y = softmax((log pi + g) / tau)`` with ``g ~ Gumbel(0, 1)``, and its straight-through variant, whose
forward value is the one-hot ``argmax`` (an exact categorical sample) and whose backward pass is the
relaxed sample's gradient.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

ESTIMATORS = ("reparameterization", "reinforce", "reinforce + baseline")  # the compared estimators
SAMPLE_COUNTS = (1, 2, 4, 8, 16, 32, 64, 128, 256)  # samples per gradient estimate shown in the plot
TARGET_C = 2.0  # c in f(z) = (z - c)^2


def f_toy(z: torch.Tensor, c: float = TARGET_C) -> torch.Tensor:
    """``f(z) = (z - c)^2``."""
    return (z - c).pow(2)


def true_gradient(mu: float, c: float = TARGET_C) -> float:
    """``d/dmu E[(z - c)^2] = 2 (mu - c)`` for ``z ~ N(mu, sigma^2)``."""
    return 2.0 * (mu - c)


def reparam_grad(eps: torch.Tensor, mu: float, sigma: float, c: float = TARGET_C) -> torch.Tensor:
    """Reparameterization estimates from noise ``eps`` ``(R, n)``: ``(R,)``, by autograd through ``z = mu + sigma eps``."""
    m = torch.full((eps.shape[0], 1), float(mu), dtype=eps.dtype, requires_grad=True)  # one mu per estimate
    z = m + sigma * eps
    return torch.autograd.grad(f_toy(z, c).mean(1).sum(), m)[0][:, 0]


def reinforce_grad(eps: torch.Tensor, mu: float, sigma: float, baseline: bool = False,
                   c: float = TARGET_C) -> torch.Tensor:
    """Score-function estimates from noise ``eps`` ``(R, n)``: ``(R,)``; ``baseline`` subtracts the
    leave-one-out mean of ``f`` (none when ``n = 1``)."""
    z = mu + sigma * eps
    fz = f_toy(z, c)
    n = eps.shape[1]
    if baseline and n > 1:
        fz = fz - (fz.sum(1, keepdim=True) - fz) / (n - 1)
    score = (z - mu) / sigma**2  # d/dmu log N(z; mu, sigma^2)
    return (fz * score).mean(1)


@dataclass(frozen=True)
class VarianceCurves:
    """Empirical variance (over ``repeats`` estimates) and mean of each estimator at each sample count."""

    counts: tuple[int, ...]
    variance: dict[str, list[float]]
    mean: dict[str, list[float]]
    true: float


def variance_curves(mu: float, sigma: float, repeats: int, seed: int,
                    counts: tuple[int, ...] = SAMPLE_COUNTS) -> VarianceCurves:
    """Variance of each estimator of ``d/dmu E[f(z)]`` against the number of samples ``n``; every
    estimator sees the same noise ``eps`` ``(repeats, n)`` at each ``n``."""
    gen = torch.Generator().manual_seed(int(seed))
    var: dict[str, list[float]] = {k: [] for k in ESTIMATORS}
    mean: dict[str, list[float]] = {k: [] for k in ESTIMATORS}
    for n in counts:
        eps = torch.randn((repeats, n), generator=gen, dtype=torch.float64)
        est = {"reparameterization": reparam_grad(eps, mu, sigma),
               "reinforce": reinforce_grad(eps, mu, sigma),
               "reinforce + baseline": reinforce_grad(eps, mu, sigma, baseline=True)}
        for k, g in est.items():
            var[k].append(float(g.var()))
            mean[k].append(float(g.mean()))
    return VarianceCurves(tuple(counts), var, mean, true_gradient(mu))


def sample_gumbel(shape: tuple[int, ...], generator: torch.Generator) -> torch.Tensor:
    """Standard Gumbel noise ``-log(-log U)``."""
    u = torch.rand(shape, generator=generator, dtype=torch.float64).clamp(1e-12, 1 - 1e-12)
    return -torch.log(-torch.log(u))


def gumbel_softmax(logits: torch.Tensor, tau: float, gumbel: torch.Tensor) -> torch.Tensor:
    """Relaxed one-hot samples ``softmax((logits + g) / tau)``, ``(n, K)`` for Gumbel noise ``g`` ``(n, K)``."""
    return torch.softmax((logits + gumbel) / tau, dim=-1)


def straight_through(y_soft: torch.Tensor) -> torch.Tensor:
    """Straight-through Gumbel-softmax: forward one-hot ``argmax``, backward the gradient of ``y_soft``."""
    hard = torch.nn.functional.one_hot(y_soft.argmax(-1), y_soft.shape[-1]).to(y_soft.dtype)
    return hard - y_soft.detach() + y_soft


@dataclass(frozen=True)
class GumbelDraws:
    """``n`` draws at temperature ``tau`` from ``probs``: relaxed ``soft`` and straight-through ``hard`` ``(n, K)``."""

    probs: torch.Tensor
    tau: float
    soft: torch.Tensor
    hard: torch.Tensor

    @property
    def soft_mean(self) -> torch.Tensor:
        return self.soft.mean(0)

    @property
    def hard_freq(self) -> torch.Tensor:
        return self.hard.mean(0)

    @property
    def max_weight(self) -> float:
        """Mean largest component of the relaxed samples: 1 for one-hot, 1/K for uniform."""
        return float(self.soft.max(-1).values.mean())


def gumbel_draws(probs: torch.Tensor, tau: float, n: int, seed: int) -> GumbelDraws:
    """``n`` relaxed and straight-through samples of the categorical ``probs`` ``(K,)`` at temperature ``tau``."""
    probs = probs.to(torch.float64) / probs.sum()
    g = sample_gumbel((n, len(probs)), torch.Generator().manual_seed(int(seed)))
    soft = gumbel_softmax(probs.log(), tau, g)
    return GumbelDraws(probs, float(tau), soft, straight_through(soft).detach())
