"""Adapters that turn models into the sampler's ``eps = model(x_t, t)`` callable.

Models never know about samplers; these wrappers broadcast ``t``, fix the class labels and
apply classifier-free guidance (``core.sampling.guidance``); ``w = 1`` is plain conditioning.
"""
from __future__ import annotations

import torch

from core.nn.unet_digits import NULL_CLASS, placeholder_states
from core.sampling.guidance import split_guided


class PointEps:
    """``eps(x_t, t)`` for a 2D model such as ``TimeMLP``; counts network evaluations in ``nfe``."""

    def __init__(self, model: torch.nn.Module):
        self.model = model
        self.nfe = 0

    def __call__(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        self.nfe += 1
        return self.model(x_t, t)


class ClassEps:
    """``eps(x_t, t)`` for the class-conditional digits UNet, with classifier-free guidance.

    ``labels`` ``(B,)`` holds classes 0..9 or ``NULL_CLASS``. ``guidance_scale`` w: 1 uses the
    conditional prediction alone (one forward per step); any other w batches the conditional
    and unconditional passes together (one forward of 2B). ``nfe`` counts forwards.
    """

    def __init__(self, unet, labels: torch.Tensor, guidance_scale: float = 1.0):
        self.unet = unet
        self.labels = labels.to(unet.device)
        self.w = float(guidance_scale)
        self.guided = self.w != 1.0 and bool((self.labels != NULL_CLASS).any())
        self.nfe = 0

    def __call__(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        self.nfe += 1
        if not self.guided:
            return self._eps(x_t, t, self.labels)
        null = torch.full_like(self.labels, NULL_CLASS)
        return split_guided(self._eps(torch.cat([x_t, x_t]), t, torch.cat([self.labels, null])), self.w)

    def _eps(self, x: torch.Tensor, t: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        t = torch.as_tensor(t, device=x.device).expand(x.shape[0])
        states = placeholder_states(self.unet, x.shape[0], x.device)
        return self.unet(x, t, states, class_labels=labels).sample
