"""Adapters that turn models into the sampler's ``pred = model(x_t, t)`` callable.

Models never know about samplers. Every adapter is a ``ModelAdapter``: the one wrapper that counts
network evaluations (``nfe``) and applies classifier-free guidance (the one combine of
``core.sampling.guidance``; ``w = 1`` is plain conditioning). An adapter only says how one forward of a
batch is made (``forward``): it broadcasts ``t`` and fixes the class labels.
"""
from __future__ import annotations

from collections.abc import Callable

import torch

from core.nn.unet_digits import NULL_CLASS, placeholder_states
from core.sampling.guidance import split_guided


class ModelAdapter:
    """``pred(x_t, t)`` (eps, velocity, any prediction) counted in ``nfe`` and guided at scale ``w``.

    Unguided (``guided`` false), one call is one ``forward(x_t, t)`` of the ``B`` rows of ``x_t``. Guided,
    one call is one batched ``forward`` of ``2B`` rows ``[x_t; x_t]`` whose first half is conditional and
    second half unconditional (the subclass gives each half its labels), combined by ``split_guided``:
    ``pred = pred_null + w (pred_c - pred_null)`` (Ho & Salimans 2022). Either way ``nfe`` grows by one.
    """

    def __init__(self, guidance_scale: float = 1.0, guided: bool = False):
        self.w = float(guidance_scale)
        self.guided = bool(guided)
        self.nfe = 0

    def __call__(self, x_t: torch.Tensor, t) -> torch.Tensor:
        self.nfe += 1
        if not self.guided:
            return self.forward(x_t, t)
        return split_guided(self.forward(torch.cat([x_t, x_t]), t), self.w)

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        """One network forward of the batch ``x`` (``B`` rows, or ``2B`` rows ``[x_t; x_t]`` when guided)."""
        raise NotImplementedError


class Counted(ModelAdapter):
    """Any plain callable ``fn(x_t, t)`` (an exact oracle, a lambda) counted as a ``ModelAdapter``."""

    def __init__(self, fn: Callable[[torch.Tensor, torch.Tensor], torch.Tensor]):
        super().__init__()
        self.fn = fn

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        return self.fn(x, t)


def counted(model) -> ModelAdapter:
    """``model`` itself if it already counts its evaluations, else ``Counted(model)``."""
    return model if isinstance(model, ModelAdapter) else Counted(model)


class PointEps(ModelAdapter):
    """``eps(x_t, t)`` for a 2D model such as ``TimeMLP``."""

    def __init__(self, model: torch.nn.Module):
        super().__init__()
        self.model = model

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        return self.model(x, t)


class ClassEps(ModelAdapter):
    """``eps(x_t, t)`` for the class-conditional digits UNet, with classifier-free guidance.

    ``labels`` ``(B,)`` holds classes 0..9 or ``NULL_CLASS``. ``guidance_scale`` w: 1 uses the
    conditional prediction alone (one forward per step); any other w batches the conditional
    and unconditional passes together (one forward of 2B rows, labels ``[c; null]``). The forward's
    constant inputs (its labels and the placeholder encoder states) are built once, not at every step.

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
        w = float(guidance_scale)
        super().__init__(w, w != 1.0 and bool((self.labels != NULL_CLASS).any()))
        if self.guided:
            self.labels_in = torch.cat([self.labels, torch.full_like(self.labels, NULL_CLASS)])
        else:
            self.labels_in = self.labels
        self.states = placeholder_states(unet, len(self.labels_in), unet.device)

    def forward(self, x: torch.Tensor, t) -> torch.Tensor:
        if x.shape[0] != len(self.labels_in):
            raise ValueError(f"x_t has {x.shape[0]} rows; this adapter's labels are for {len(self.labels)}")
        t = torch.as_tensor(t, device=x.device).expand(x.shape[0])
        return self.unet(x, t, self.states, class_labels=self.labels_in).sample
