"""Invertible layers of NICE, RealNVP and Glow, for vectors ``x`` ``(B, D)``.

Every layer maps ``forward(x) -> (z, logdet)`` with ``logdet`` ``(B,)`` = ``log|det dz/dx|`` and
``inverse(z) -> x``. The tests check each ``logdet`` against autograd's Jacobian and each round trip
``inverse(forward(x))`` to 1e-4 in float32.

- ``AdditiveCoupling`` (NICE, Dinh et al. 2015, eq. 5): ``z = x_a ⊕ (x_b + m(x_a))``, ``logdet = 0``;
- ``Scaling`` (NICE, section 3.3): ``z = x ⊙ exp(s)``, ``logdet = sum(s)``;
- ``AffineCoupling`` (RealNVP, Dinh et al. 2017, eq. 7): ``z_b = x_b ⊙ exp(s(x_a)) + t(x_a)``,
  ``logdet = sum(s)``, with the scale soft-clamped ``s = bound * tanh(s_raw / bound)`` for stability;
- ``ActNorm`` (Glow, Kingma & Dhariwal 2018, section 3.1): ``z = (x + b) ⊙ exp(log_s)``, initialised
  from data so the first minibatch comes out with zero mean and unit variance;
- ``InvertibleLinear`` (Glow's invertible 1x1 convolution, section 3.2, with its LU parameterisation):
  ``z = W x`` with ``W = P L (U + diag(sign ⊙ exp(log_s)))``, ``logdet = sum(log_s)`` exactly; for 2D points
  ``W`` is a 2x2 matrix.
- ``LogitTransform`` (RealNVP, section 4.1): dequantized pixels ``v`` in ``[0, levels)`` to
  ``logit(alpha + (1 - 2 alpha) v / levels)``, its log-determinant counted in the likelihood.

``x_a`` are the coordinates where ``mask == 1`` (kept); ``x_b`` those where it is 0 (transformed).
"""
from __future__ import annotations

import math

import torch
from torch import nn


def mlp(dim: int, hidden: int, depth: int, out: int) -> nn.Sequential:
    """``dim -> hidden (x depth, SiLU) -> out``; the last layer starts at zero, so a coupling starts as the identity."""
    layers: list[nn.Module] = [nn.Linear(dim, hidden), nn.SiLU()]
    for _ in range(depth - 1):
        layers += [nn.Linear(hidden, hidden), nn.SiLU()]
    last = nn.Linear(hidden, out)
    nn.init.zeros_(last.weight)
    nn.init.zeros_(last.bias)
    return nn.Sequential(*layers, last)


class AdditiveCoupling(nn.Module):
    """NICE's additive coupling: ``z = x_a ⊕ (x_b + m(x_a))``; volume preserving (``logdet = 0``)."""

    def __init__(self, mask: torch.Tensor, hidden: int, depth: int):
        super().__init__()
        self.register_buffer("mask", mask.float())
        self.net = mlp(len(mask), hidden, depth, len(mask))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        shift = self.net(x * self.mask) * (1 - self.mask)
        return x + shift, x.new_zeros(x.shape[0])

    def inverse(self, z: torch.Tensor) -> torch.Tensor:
        return z - self.net(z * self.mask) * (1 - self.mask)


class AffineCoupling(nn.Module):
    """RealNVP's affine coupling: ``z_b = x_b ⊙ exp(s(x_a)) + t(x_a)``, ``logdet = sum_b s(x_a)``."""

    def __init__(self, mask: torch.Tensor, hidden: int, depth: int, bound: float = 3.0):
        super().__init__()
        self.register_buffer("mask", mask.float())
        self.bound = float(bound)
        self.net = mlp(len(mask), hidden, depth, 2 * len(mask))

    def _scale_shift(self, x_a: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        s_raw, t = self.net(x_a).chunk(2, dim=-1)
        keep = 1 - self.mask
        return self.bound * torch.tanh(s_raw / self.bound) * keep, t * keep

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        s, t = self._scale_shift(x * self.mask)
        return x * torch.exp(s) + t, s.sum(-1)

    def inverse(self, z: torch.Tensor) -> torch.Tensor:
        s, t = self._scale_shift(z * self.mask)
        return (z - t) * torch.exp(-s)


class Scaling(nn.Module):
    """NICE's diagonal scaling layer: ``z = x ⊙ exp(s)``, ``logdet = sum(s)`` (the only volume change in NICE)."""

    def __init__(self, dim: int):
        super().__init__()
        self.log_scale = nn.Parameter(torch.zeros(dim))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x * torch.exp(self.log_scale), self.log_scale.sum().expand(x.shape[0])

    def inverse(self, z: torch.Tensor) -> torch.Tensor:
        return z * torch.exp(-self.log_scale)


class ActNorm(nn.Module):
    """Glow's activation normalisation: ``z = (x + bias) ⊙ exp(log_scale)``, per coordinate.

    ``initialize(x)`` sets ``bias = -mean(x)`` and ``log_scale = -log std(x)`` (data-dependent
    initialisation, done once on the first minibatch before training)."""

    def __init__(self, dim: int):
        super().__init__()
        self.bias = nn.Parameter(torch.zeros(dim))
        self.log_scale = nn.Parameter(torch.zeros(dim))

    @torch.no_grad()
    def initialize(self, x: torch.Tensor) -> None:
        self.bias.copy_(-x.mean(0))
        self.log_scale.copy_(-torch.log(x.std(0) + 1e-6))

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return (x + self.bias) * torch.exp(self.log_scale), self.log_scale.sum().expand(x.shape[0])

    def inverse(self, z: torch.Tensor) -> torch.Tensor:
        return z * torch.exp(-self.log_scale) - self.bias


class InvertibleLinear(nn.Module):
    """Glow's invertible 1x1 convolution as a ``D x D`` matrix in LU form (a 2x2 mixing for 2D points):
    ``W = P L (U + diag(sign ⊙ exp(log_s)))`` with ``P`` a fixed permutation, ``L`` unit lower- and ``U``
    strictly upper-triangular, so ``log|det W| = sum(log_s)`` exactly. Initialised from a random rotation
    (draws from torch's global RNG: build it under ``core.runtime.device.seeded``)."""

    def __init__(self, dim: int):
        super().__init__()
        q, _ = torch.linalg.qr(torch.randn(dim, dim, dtype=torch.float64))
        p, lower, upper = torch.linalg.lu(q)
        diag = torch.diagonal(upper)
        self.register_buffer("perm", p.float())
        self.register_buffer("sign", torch.sign(diag).float())
        self.register_buffer("lower_mask", torch.tril(torch.ones(dim, dim), -1))
        self.lower = nn.Parameter(lower.float())
        self.upper = nn.Parameter(torch.triu(upper, 1).float())
        self.log_s = nn.Parameter(torch.log(diag.abs()).float())

    def weight(self) -> torch.Tensor:
        eye = torch.eye(len(self.log_s), device=self.log_s.device)
        lower = self.lower * self.lower_mask + eye
        upper = self.upper * self.lower_mask.T + torch.diag(self.sign * torch.exp(self.log_s))
        return self.perm @ lower @ upper

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        return x @ self.weight().T, self.log_s.sum().expand(x.shape[0])

    def inverse(self, z: torch.Tensor) -> torch.Tensor:
        w = self.weight().double()
        return torch.linalg.solve(w, z.double().T).T.to(z.dtype)


class LogitTransform(nn.Module):
    """Dequantized pixel values ``v`` in ``[0, levels)`` to ``x = logit(alpha + (1 - 2 alpha) v / levels)``
    (RealNVP's preprocessing), with ``logdet = sum log((1 - 2 alpha) / levels) - log(s (1 - s))``, so the
    flow's ``log_prob`` is the density of ``v`` itself."""

    def __init__(self, levels: int, alpha: float):
        super().__init__()
        self.levels, self.alpha = int(levels), float(alpha)

    def forward(self, v: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        scale = (1 - 2 * self.alpha) / self.levels
        s = self.alpha + scale * v
        x = torch.log(s) - torch.log1p(-s)
        logdet = (math.log(scale) - torch.log(s) - torch.log1p(-s)).sum(-1)
        return x, logdet

    def inverse(self, x: torch.Tensor) -> torch.Tensor:
        return (torch.sigmoid(x) - self.alpha) * self.levels / (1 - 2 * self.alpha)
