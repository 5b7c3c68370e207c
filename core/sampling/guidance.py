"""Classifier-free guidance (Ho & Salimans 2022), written once for every model that uses it.

``eps = eps(x_t, null) + w * (eps(x_t, c) - eps(x_t, null))``. Convention: ``w`` is diffusers'
``guidance_scale``; ``w = 1`` is plain conditioning, ``w = 1 + w'`` is Ho & Salimans' ``w'``.
Both predictions come from one batched forward of ``[x_t; x_t]`` with labels ``[c; null]``; every adapter
applies it through ``core.sampling.adapters.ModelAdapter``.
"""
from __future__ import annotations

import torch


def guided(eps_cond: torch.Tensor, eps_uncond: torch.Tensor, w: float) -> torch.Tensor:
    """``eps_uncond + w (eps_cond - eps_uncond)``."""
    return eps_uncond + w * (eps_cond - eps_uncond)


def split_guided(eps_both: torch.Tensor, w: float) -> torch.Tensor:
    """The guided prediction from one batched forward whose first half is conditional, second half unconditional."""
    eps_cond, eps_uncond = eps_both.chunk(2)
    return guided(eps_cond, eps_uncond, w)
