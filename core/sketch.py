"""A user's drawing turned into a 2D point distribution.

The drawing is an RGBA or RGB image (Gradio's Sketchpad gives ``{"composite": array, ...}``).
Every inked pixel is a mode of equal mass; points are drawn uniformly inside the chosen pixels
and mapped to the square ``[-EXTENT, EXTENT]^2`` with y pointing up, the range of the toy data.
"""
from __future__ import annotations

from typing import Any

import numpy as np

from core.validation import EmptyCanvas, InvalidInput

EXTENT = 4.0  # half-width of the square the drawing is mapped onto
MIN_INK_PIXELS = 3  # fewer inked pixels than this is treated as an empty canvas
MAX_SIDE = 4096  # largest accepted canvas side, in pixels


def _as_image(drawing: Any) -> np.ndarray:
    if isinstance(drawing, dict):
        drawing = drawing.get("composite")
    if drawing is None:
        raise EmptyCanvas("The canvas is empty: draw a shape first.")
    if hasattr(drawing, "convert"):  # a PIL image
        drawing = np.asarray(drawing.convert("RGBA"))
    image = np.asarray(drawing)
    if image.ndim not in (2, 3) or image.size == 0:
        raise InvalidInput("The drawing must be a 2D image (H, W) or (H, W, channels).")
    if max(image.shape[:2]) > MAX_SIDE:
        raise InvalidInput(f"The drawing is too large: at most {MAX_SIDE} pixels a side.")
    return image


def ink_mask(drawing: Any) -> np.ndarray:
    """Boolean ``(H, W)`` mask of drawn pixels: opaque where there is alpha, else darker than the paper."""
    image = _as_image(drawing).astype(np.float32)
    if image.ndim == 3 and image.shape[2] == 4 and image[..., 3].min() < 255:
        return image[..., 3] > 127
    gray = image if image.ndim == 2 else image[..., :3].mean(axis=2)
    return gray < 128


def points_from_drawing(drawing: Any, n: int, seed: int | np.random.Generator = 0) -> np.ndarray:
    """Sample ``n`` points, float32 ``(n, 2)``, uniformly over the inked area of ``drawing``."""
    mask = ink_mask(drawing)
    rows, cols = np.nonzero(mask)
    if len(rows) < MIN_INK_PIXELS:
        raise EmptyCanvas("The canvas is empty: draw a shape first.")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    height, width = mask.shape
    scale = max(height, width)
    pick = rng.integers(0, len(rows), int(n))
    u = (cols[pick] + rng.random(int(n)) - width / 2) / scale
    v = (height / 2 - rows[pick] - rng.random(int(n))) / scale
    return (np.stack([u, v], axis=1) * 2 * EXTENT).astype(np.float32)
