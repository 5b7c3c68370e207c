"""A user's drawing or uploaded file turned into the 8x8 control image the ControlNet sees.

Pipeline, the same for the Sketchpad and uploads: the ink map (alpha times darkness, or
lightness for light-on-dark pictures) is cropped to its bounding box and scaled, keeping its
aspect, so its height fills the 8 rows (width at most 7 columns) and it is centred like the
training digits (every training digit is 8 rows tall); its ink is widened to about the digits'
pen. Each pixel's ink coverage ``a`` becomes ``x = 2 a - 1``, which is how the digits were made
(UCI's 8x8 digits count the inked pixels of 4x4 blocks of a 32x32 bitmap). From that
digit-like image ``conditions.extract`` takes the condition exactly as it does from real digits.
Reading the drawing (and checking uploads before decoding) is ``core.data.drawings``' job.
"""
from __future__ import annotations

import hashlib
import json
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFilter

from core.controlnet.conditions import extract
from core.data.digits import SIDE
from core.data.drawings import ink_map
from core.runtime.validation import EmptyCanvas, InvalidInput

MIN_INK = 1e-3  # less total ink than this share of the image is an empty canvas
SUPERSAMPLE = 16  # pixels per grid cell when the drawing is rasterised to 8x8
MAX_WIDTH_CELLS = 7  # widest a drawing is scaled to, in grid columns
PEN_WIDTH = 9  # strokes are widened by this many supersampled pixels, towards the pen width of the digits

EXAMPLE_STROKES: dict[str, list[list[tuple[float, float]]]] = {
    # polylines in a unit box, x to the right, y down: hand-drawn-style sketches of each digit
    "0": [[(0.5 + 0.28 * np.sin(a), 0.5 - 0.45 * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 25)]],
    "1": [[(0.38, 0.22), (0.55, 0.05), (0.55, 0.95)]],
    "2": [[(0.25, 0.25), (0.35, 0.1), (0.5, 0.05), (0.65, 0.1), (0.72, 0.25), (0.65, 0.45), (0.25, 0.95),
           (0.78, 0.95)]],
    "3": [[(0.25, 0.1), (0.5, 0.05), (0.7, 0.15), (0.7, 0.35), (0.45, 0.5), (0.7, 0.62), (0.72, 0.82),
           (0.5, 0.95), (0.25, 0.9)]],
    "4": [[(0.6, 0.95), (0.6, 0.05), (0.2, 0.65), (0.8, 0.65)]],
    "5": [[(0.72, 0.05), (0.3, 0.05), (0.27, 0.45), (0.5, 0.4), (0.7, 0.5), (0.72, 0.75), (0.55, 0.95),
           (0.25, 0.9)]],
    "6": [[(0.65, 0.05), (0.4, 0.25), (0.28, 0.6), (0.32, 0.88), (0.5, 0.95), (0.68, 0.85), (0.7, 0.65),
           (0.5, 0.52), (0.3, 0.62)]],
    "7": [[(0.25, 0.05), (0.75, 0.05), (0.45, 0.95)]],
    "8": [[(0.5 + 0.2 * np.sin(a), 0.27 - 0.22 * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 19)],
          [(0.5 + 0.24 * np.sin(a), 0.73 + 0.22 * np.cos(a)) for a in np.linspace(0, 2 * np.pi, 19)]],
    "9": [[(0.7, 0.3), (0.5, 0.45), (0.3, 0.32), (0.35, 0.1), (0.55, 0.05), (0.7, 0.2), (0.7, 0.55),
           (0.62, 0.95)]],
}


def render_example(name: str, size: int = 400, width: int = 18) -> np.ndarray:
    """Example sketch ``name`` as an RGBA canvas ``(size, size, 4)``: black strokes on white paper."""
    if name not in EXAMPLE_STROKES:
        raise InvalidInput.of("example", "choice", name, choices=EXAMPLE_STROKES,
                              shown={"choices": ", ".join(EXAMPLE_STROKES)})
    im = Image.new("RGBA", (size, size), (255, 255, 255, 255))
    pen = ImageDraw.Draw(im)
    margin = 0.12 * size
    for line in EXAMPLE_STROKES[name]:
        pts = [(margin + x * (size - 2 * margin), margin + y * (size - 2 * margin)) for x, y in line]
        pen.line(pts, fill=(0, 0, 0, 255), width=width, joint="curve")
    return np.asarray(im)


@lru_cache(maxsize=4)
def example_files(size: int = 400, width: int = 18) -> tuple[str, ...]:
    """Every example sketch as a PNG (``render_example``), in ``EXAMPLE_STROKES`` order. UIs list
    examples by path: Gradio compares in-memory arrays by serialising them, which cost ~2 s of
    start-up for these 10 canvases. The files live in one folder of the system's temporary
    directory named by a digest of the strokes and sizes, written once and reused by every later
    start (a start never leaves a new folder behind)."""
    digest = hashlib.sha1(json.dumps([EXAMPLE_STROKES, size, width], default=float).encode()).hexdigest()[:12]
    folder = Path(tempfile.gettempdir()) / f"genlab-examples-{digest}"
    folder.mkdir(exist_ok=True)
    paths = []
    for name in EXAMPLE_STROKES:
        path = folder / f"{name}.png"
        if not path.is_file():
            tmp = folder / f".{name}.{id(paths)}.png"
            Image.fromarray(render_example(name, size, width)).save(tmp)
            tmp.replace(path)  # atomic: a concurrent start sees the whole file or none
        paths.append(str(path))
    return tuple(paths)


def digit_from_drawing(drawing: Any) -> torch.Tensor:
    """The drawing as a digit-like image ``(1, 1, 8, 8)`` in [-1, 1], framed like the training digits."""
    ink = ink_map(drawing)
    if ink.sum() < MIN_INK * ink.size or (ink > 0.25).sum() == 0:
        raise EmptyCanvas("canvas_empty_stroke")
    rows, cols = np.nonzero(ink > 0.25)
    crop = ink[rows.min(): rows.max() + 1, cols.min(): cols.max() + 1]
    h, w = crop.shape
    cells = min(SIDE / h, MAX_WIDTH_CELLS / w)  # grid cells per drawing pixel
    th, tw = max(1, round(h * cells * SUPERSAMPLE)), max(1, round(w * cells * SUPERSAMPLE))
    scaled = np.asarray(Image.fromarray(crop).resize((tw, th), Image.BOX), dtype=np.float32)
    big = np.zeros((SIDE * SUPERSAMPLE, SIDE * SUPERSAMPLE), np.uint8)
    top, left = (big.shape[0] - th) // 2, (big.shape[1] - tw) // 2
    big[top: top + th, left: left + tw] = np.where(scaled > 0.25, 255, 0)
    big = np.asarray(Image.fromarray(big).filter(ImageFilter.MaxFilter(PEN_WIDTH)), dtype=np.float32) / 255.0
    coverage = big.reshape(SIDE, SUPERSAMPLE, SIDE, SUPERSAMPLE).mean(axis=(1, 3))
    x = coverage * 2.0 - 1.0
    return torch.from_numpy(x.astype(np.float32))[None, None]


def condition_from_drawing(condition_type: str, drawing: Any) -> torch.Tensor:
    """The ``condition_type`` control image ``(1, 1, side, side)`` of a Sketchpad value, image array or file
    (``conditions.CONDITION_SIDE``: 32 for strokes, 8 for low resolution)."""
    return extract(condition_type, digit_from_drawing(drawing))
