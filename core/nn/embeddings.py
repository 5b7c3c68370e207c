"""Sinusoidal embeddings of the diffusion time step (Vaswani et al. 2017; Ho et al. 2020)."""
from __future__ import annotations

import math

import torch


def timestep_embedding(t: torch.Tensor, dim: int, max_period: float = 10_000.0) -> torch.Tensor:
    """Embed times ``t`` of shape ``(B,)`` as ``(B, dim)``: ``[cos(t w_k), sin(t w_k)]``, ``w_k = max_period^(-k/half)``."""
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, device=t.device, dtype=torch.float32) / half)
    args = t.float()[:, None] * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)
