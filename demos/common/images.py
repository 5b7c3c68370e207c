"""Images for the UI: digits upscaled by nearest neighbour to ``DIGIT_PX`` pixels, sent as PNG."""
from __future__ import annotations

import numpy as np

DIGIT_PX = 96  # on-screen size of one 8x8 digit, in pixels


def digit_grid(pixels: np.ndarray, cols: int = 8, px: int = DIGIT_PX, gap: int = 4) -> np.ndarray:
    """Tile uint8 digits ``(N, h, w)`` into one crisp RGB image, each digit ``px`` pixels wide, ink dark on white."""
    n, h, w = pixels.shape
    cols = max(1, min(cols, n))
    rows = -(-n // cols)
    scale = max(1, px // w)
    tile = np.kron(255 - pixels, np.ones((1, scale, scale), dtype=np.uint8))
    th, tw = tile.shape[1:]
    canvas = np.full((rows * (th + gap) + gap, cols * (tw + gap) + gap), 235, dtype=np.uint8)
    for i in range(n):
        r, c = divmod(i, cols)
        canvas[gap + r * (th + gap): gap + r * (th + gap) + th, gap + c * (tw + gap): gap + c * (tw + gap) + tw] = tile[i]
    return np.repeat(canvas[..., None], 3, axis=2)
