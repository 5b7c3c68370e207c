"""Exact likelihoods of the 8x8 digits as discrete data: the one convention and its two baselines.

The convention (every tab and test reads it from here). A digit is ``x in {0..16}^64``: 17 pixel levels
(scikit-learn's digits hold the integers 0..16), 64 pixels. A discrete model gives ``p(x)``, and

    bits per pixel = -log2 p(x) / 64 = -ln p(x) / (64 ln 2),

averaged over the 360 held-out test digits of ``core.data.digits.load_split``, with the 95% Student-t
interval of that mean over the test digits (``core.metrics.intervals.per_item``). No dequantization: a
model over the 17 levels is scored on the 17 levels. The binary versions of the digits (a pixel is 1 when
its level is at least ``BINARY_THRESHOLD``) are scored in nats per image, ``-ln p(x)``, with the same
interval.

Baselines: ``uniform`` over 17 levels scores ``log2 17 = 4.087`` bits per pixel; ``independent`` pixels
(one categorical per pixel fitted on the train split, Laplace-smoothed: ``(count + 1) / (N + 17)``) score
about 2.4. Any model worth showing beats the second.

Continuous models (flows, diffusion and rectified flow through their ODE) put a density ``p`` on real
vectors, not a probability on levels. They are scored on uniformly dequantized data (Theis et al. 2016):
a level ``k`` becomes ``x = a + w (k + u)``, ``u ~ U[0, 1)^64``, the bin of width ``w`` in the model's own
units (``dequantize``). Since ``P(k) = ∫ p(x) dx`` over the bin ``= w^64 E_u p(x) >= w^64 exp E_u ln p(x)``,

    bits per pixel <= -E_u log2 p(x) / 64 - log2 w        (``dequantized_bits_per_pixel``),

the second term the Jacobian of the scaling ``v = k + u -> x``. On data in [-1, 1] cut into 17 equal bins
(``w = 2/17``, ``a = -1``) it reads ``-E log2 p(x)/64 + log2 17 - 1``: a density uniform on [-1, 1]^64
(``2^-64``) scores exactly ``log2 17``, the uniform baseline. The lab's diffusion and rectified-flow
models were trained on ``x = k/8 - 1``, so their bins are ``w = 1/8`` centred on those points
(``a = -1 - 1/16``, the term ``+3``); the digits flow models ``v = k + u`` itself (``w = 1``, no term).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import torch

from core.metrics.intervals import per_item

LEVELS = 17  # pixel levels 0..16 of the 8x8 digits
PIXELS = 64  # pixels of one 8x8 digit
BINARY_THRESHOLD = 8  # the binary digits: level >= 8 is 1, else 0
LAPLACE = 1.0  # pseudo-count of every level in the independent-pixel baseline
UNIFORM_BITS = math.log2(LEVELS)  # bits per pixel of the uniform model over 17 levels (4.087)


def pixel_levels(images: torch.Tensor) -> torch.Tensor:
    """Images ``(N, 1, 8, 8)`` in [-1, 1] (``core.data.digits``) to pixel levels ``(N, 64)``, ``long`` in 0..16."""
    return torch.round((images.reshape(len(images), -1) + 1) * 8).clamp(0, LEVELS - 1).long()


def binary_of(levels: torch.Tensor) -> torch.Tensor:
    """Pixel levels ``(N, 64)`` to the binary digits ``(N, 64)``, ``long`` in {0, 1} (level >= 8)."""
    return (levels >= BINARY_THRESHOLD).long()


def levels_to_images(levels: torch.Tensor, num_levels: int = LEVELS) -> torch.Tensor:
    """Levels ``(N, 64)`` in ``0..num_levels-1`` back to images ``(N, 1, 8, 8)`` in [-1, 1]."""
    x = levels.float() / (num_levels - 1) * 2 - 1
    return x.reshape(len(levels), 1, 8, 8)


def dequantize(levels: torch.Tensor, u: torch.Tensor, low: float = -1.0, width: float = 2.0 / LEVELS) -> torch.Tensor:
    """Levels ``(N, 64)`` and uniform noise ``u`` ``(N, 64)`` in [0, 1) to ``x = low + width (k + u)``: the
    level's bin of ``width`` in the model's units (default: 17 equal bins filling [-1, 1])."""
    return low + width * (levels.to(u.dtype) + u)


def dequantized_bits_per_pixel(log_density_nats, width: float = 2.0 / LEVELS) -> np.ndarray:
    """Each image's upper bound on bits per pixel, ``-ln p(x) / (64 ln 2) - log2 width``, from the log density
    ``ln p(x)`` ``(N,)`` (nats; average over dequantization draws first) of dequantized data in bins of
    ``width`` (the scaling's Jacobian: ``p_v(k + u) = width^64 p(x)``)."""
    return bits_of(log_density_nats) - math.log2(width)


def bits_of(log_prob_nats: torch.Tensor | np.ndarray) -> np.ndarray:
    """Each image's bits per pixel ``-ln p(x) / (64 ln 2)`` from its ``ln p(x)`` ``(N,)``."""
    lp = np.asarray(torch.as_tensor(log_prob_nats).detach().double().cpu())
    return -lp / (PIXELS * math.log(2))


def bits_per_pixel(log_prob_nats_per_image) -> dict[str, float]:
    """``{"bits_per_pixel": mean, "bits_per_pixel_lo": .., "bits_per_pixel_hi": ..}`` over the images whose
    ``ln p(x)`` (nats, one per image, ``(N,)``) is given: the mean and its 95% t interval."""
    return per_item("bits_per_pixel", bits_of(log_prob_nats_per_image))


def nats_per_image(log_prob_nats_per_image) -> dict[str, float]:
    """``{"nats_per_image": mean of -ln p(x), ..._lo, ..._hi}``: the binary digits' figure, with its 95% interval."""
    lp = np.asarray(torch.as_tensor(log_prob_nats_per_image).detach().double().cpu())
    return per_item("nats_per_image", -lp)


@lru_cache(maxsize=2)
def _independent_log_probs(num_levels: int) -> torch.Tensor:
    from core.data.digits import load_split

    x = pixel_levels(load_split().x_train)
    if num_levels == 2:
        x = binary_of(x)
    counts = torch.nn.functional.one_hot(x, num_levels).sum(0).double() + LAPLACE  # (64, K)
    return torch.log(counts / counts.sum(-1, keepdim=True))


def independent_log_prob(x: torch.Tensor, num_levels: int = LEVELS) -> torch.Tensor:
    """``ln p(x)`` ``(N,)`` of the independent-pixel baseline, ``p(x) = prod_i p_i(x_i)`` with one categorical
    per pixel fitted on the train split (Laplace-smoothed); ``x`` ``(N, 64)`` in ``0..num_levels-1``
    (``num_levels`` 17, or 2 for the binary digits)."""
    table = _independent_log_probs(int(num_levels))
    return table.gather(1, x.long().cpu().T).sum(0)


def heldout_levels(binary: bool = False) -> torch.Tensor:
    """The 360 held-out test digits as levels ``(360, 64)`` (or their binary version)."""
    from core.data.digits import load_split

    x = pixel_levels(load_split().x_test)
    return binary_of(x) if binary else x


def baselines() -> dict[str, dict[str, float]]:
    """The two reference figures on the test digits: ``independent`` (bits per pixel with its interval, and
    nats per image of the binary digits) and ``uniform`` (``log2 17`` bits per pixel; ``64 ln 2`` nats per
    binary image)."""
    return {
        "independent": {**bits_per_pixel(independent_log_prob(heldout_levels())),
                        **nats_per_image(independent_log_prob(heldout_levels(True), 2))},
        "uniform": {"bits_per_pixel": UNIFORM_BITS, "nats_per_image": PIXELS * math.log(2)},
    }
