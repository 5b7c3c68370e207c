"""Images for the UI: digits upscaled by nearest neighbour to ``DIGIT_PX`` pixels, sent as PNG."""
from __future__ import annotations

from functools import lru_cache

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


FONTS = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",  # Chinese and Latin (Debian fonts-noto-cjk)
         "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Latin only


@lru_cache(maxsize=8)
def font(size: int):
    """A ``size``-pixel font for text drawn into images: Noto Sans CJK (Chinese and Latin) when installed,
    else DejaVu Sans, else Pillow's default."""
    from PIL import ImageFont

    for path in FONTS:
        try:
            return ImageFont.truetype(path, size, index=2) if path.endswith(".ttc") else ImageFont.truetype(path, size)
        except OSError:
            continue
    return ImageFont.load_default()


def label_grid(grid: np.ndarray, row_labels: list[str], col_labels: list[str], tile: int, gap: int = 4,
               size: int = 14, corner: str = "") -> np.ndarray:
    """``grid`` (from ``digit_grid`` with ``tile``-pixel tiles) with a label left of each row, above each
    column, and ``corner`` above the row labels, in ink on white (a CJK font when the system has one)."""
    from PIL import Image, ImageDraw

    face = font(size)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    left = 12 + max((probe.textlength(s, font=face) for s in [*row_labels, corner]), default=0)
    top = size * 2
    h, w = grid.shape[:2]
    canvas = Image.new("RGB", (int(left) + w, top + h), "white")
    canvas.paste(Image.fromarray(grid), (int(left), top))
    pen = ImageDraw.Draw(canvas)
    for r, text in enumerate(row_labels):
        pen.text((6, top + gap + r * (tile + gap) + tile / 2), text, fill="black", font=face, anchor="lm")
    pen.text((6, top - 4), corner, fill="black", font=face, anchor="ld")
    for c, text in enumerate(col_labels):
        pen.text((left + gap + c * (tile + gap) + tile / 2, top - 4), text, fill="black", font=face, anchor="md")
    return np.asarray(canvas)
