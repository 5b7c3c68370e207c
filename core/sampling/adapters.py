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
    and unconditional passes together (one forward of 2B rows, labels ``[c; null]``). ``nfe`` counts
    forwards. The forward's constant inputs (its labels and the placeholder encoder states) are built
    once, not at every step.

    Cost (``benchmarks/bench_guidance.py``, one thread): at B = 1 the batched forward of 2 rows is about
    1.3x faster than two forwards of 1 row, not 2x. The time goes to the convolutions' arithmetic per row
    (30 MFLOP per row), which the two halves cannot share (the label enters through the time embedding
    before the first ResNet block's second convolution), and PyTorch runs a 1-row forward of these 8x8
    maps with its native convolution but a 2-row one with oneDNN, which costs more per call on maps this
    small.
    """

    def __init__(self, unet, labels: torch.Tensor, guidance_scale: float = 1.0):
        self.unet = unet
        self.labels = labels.to(unet.device)
        self.w = float(guidance_scale)
        self.guided = self.w != 1.0 and bool((self.labels != NULL_CLASS).any())
        if self.guided:
            self.labels_in = torch.cat([self.labels, torch.full_like(self.labels, NULL_CLASS)])
        else:
            self.labels_in = self.labels
        self.states = placeholder_states(unet, len(self.labels_in), unet.device)
        self.nfe = 0

    def __call__(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        self.nfe += 1
        if not self.guided:
            return self._eps(x_t, t)
        return split_guided(self._eps(torch.cat([x_t, x_t]), t), self.w)

    def _eps(self, x: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        if x.shape[0] != len(self.labels_in):
            raise ValueError(f"x_t has {x.shape[0]} rows; this adapter's labels are for {len(self.labels)}")
        t = torch.as_tensor(t, device=x.device).expand(x.shape[0])
        return self.unet(x, t, self.states, class_labels=self.labels_in).sample
