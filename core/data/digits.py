"""scikit-learn's bundled handwritten digits (1,797 real 8x8 images), split and scaled.

Resolution: native 8x8. Upsampling to 16x16 adds no information (the source is 8x8) and, for
the same UNet widths, costs 2.2-3.6x more per forward on this 2-core CPU (measured: 64 ms vs
149-234 ms per batch-32 forward of a (64, 128) UNet), which would break the 3 s budget for 16
digits by DDIM in 50 steps. Images are ``float32`` tensors of shape ``(N, 1, 8, 8)`` in
``[-1, 1]``; pixel values 0..16 map linearly to -1..1.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import torch

from core.runtime.validation import check_choice

SIDE = 8  # image side in pixels
NUM_CLASSES = 10  # digit classes 0..9
SPLIT_SEED = 0  # fixed seed of the stratified train/test split
TEST_FRACTION = 0.2  # share of the 1,797 images held out (360 test, 1,437 train)
NUM_TEST = 360  # test digits of the split (indices 0..359; tests/test_defaults.py checks it against load_split)
ANY_DIGIT = "any"  # the choice of no particular class: what it samples is ``digit_labels``' ``null_class`` argument
DIGIT_CLASSES = (ANY_DIGIT,) + tuple(str(c) for c in range(NUM_CLASSES))  # a tab's digit choices: "any", "0".."9"


@dataclass(frozen=True)
class DigitsSplit:
    """Images ``(N, 1, 8, 8)`` in [-1, 1] and integer labels ``(N,)``."""

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor


def to_unit_range(pixels_0_16: np.ndarray) -> np.ndarray:
    """Map raw pixel values 0..16 to [-1, 1]."""
    return pixels_0_16.astype(np.float32) / 8.0 - 1.0


def to_pixels(x: torch.Tensor) -> np.ndarray:
    """Map images in [-1, 1] of shape ``(N, 1, H, W)`` to uint8 ``(N, H, W)`` in 0..255, clipped."""
    x = x.detach().float().clamp(-1, 1).cpu().numpy()[:, 0]
    return np.round((x + 1) * 127.5).astype(np.uint8)


@lru_cache(maxsize=1)
def load_split() -> DigitsSplit:
    """The fixed stratified split; the same on every machine and call."""
    from sklearn.datasets import load_digits  # here: importing core needs no scikit-learn
    from sklearn.model_selection import train_test_split

    data = load_digits()
    images = to_unit_range(data.images)[:, None]
    x_tr, x_te, y_tr, y_te = train_test_split(
        images, data.target, test_size=TEST_FRACTION, random_state=SPLIT_SEED, stratify=data.target
    )
    as_t = torch.from_numpy
    return DigitsSplit(as_t(x_tr), as_t(y_tr).long(), as_t(x_te), as_t(y_te).long())


def digit_labels(choice: Any, n: int, null_class: int | None = None) -> torch.Tensor:
    """Class labels ``(n,)`` for a digit choice of ``DIGIT_CLASSES`` (validated: ``InvalidInput`` names them).

    A class "0".."9" gives ``n`` of that class. ``ANY_DIGIT`` gives ``n`` times ``null_class`` when one is given
    (unconditional sampling, as the diffusion tab's classifier-free UNet does), else class-balanced labels
    ``0, 1, ..., 9, 0, 1, ...`` (a class-conditional model asked for every class, as the rectified-flow tab does).
    """
    choice = check_choice("digit class", str(choice), DIGIT_CLASSES)
    if choice != ANY_DIGIT:
        return torch.full((n,), int(choice), dtype=torch.long)
    if null_class is not None:
        return torch.full((n,), int(null_class), dtype=torch.long)
    return torch.arange(n) % NUM_CLASSES
