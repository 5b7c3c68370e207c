"""A user's drawing, the one parser every tab uses: Sketchpad values, image arrays, PIL images and
uploaded files, read into an ink map.

- ``as_rgba``: any accepted drawing as float RGBA ``(H, W, 4)`` in 0..255, checked to be at most
  ``MAX_SIDE`` pixels a side (files and bytes: at most ``MAX_UPLOAD_BYTES``, and the size read from
  the header before anything is decoded). Only the composite of a Sketchpad value is read; its
  background and layers are never decoded.
- ``ink_map``: ink in [0, 1] per pixel, opacity times darkness, or lightness for light strokes on
  dark paper; ``ink_mask`` is ``ink_map > 0.5``.
- ``points_from_drawing``: a 2D point distribution, every inked pixel a mode of equal mass, mapped
  to the square ``[-EXTENT, EXTENT]^2`` with y pointing up (the range of the toy data).
- ``fit_on_canvas``: an upload shrunk and centred on white paper, so the user can draw on it.

The digits tabs turn the ink map into a digit-like image (``core.controlnet.drawing``).
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, UnidentifiedImageError

from core.runtime.validation import EmptyCanvas, InvalidInput, check_still

EXTENT = 4.0  # half-width of the square a drawing is mapped onto for 2D points
MIN_INK_PIXELS = 3  # fewer inked pixels than this is an empty canvas
MAX_SIDE = 4096  # largest accepted canvas or image side, in pixels
MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # largest accepted uploaded file, in bytes


def load_upload(file: Any) -> np.ndarray:
    """Read an uploaded image (a path, a gradio FileData-like object, or the file's bytes) as RGBA
    ``(H, W, 4)`` uint8, rejecting non-images and oversized files. The file's size and the image's
    size in its header are checked before any pixel is decoded (``PIL.Image.open`` reads only the
    header), so a small file that would decode to gigabytes is refused at the cost of its header."""
    if file is None:
        raise InvalidInput("no_upload")
    if isinstance(file, (bytes, bytearray, memoryview)):
        size, source = len(file), io.BytesIO(file)
    else:
        if not isinstance(file, (str, os.PathLike)):  # a gradio FileData-like object
            file = getattr(file, "path", None) or getattr(file, "name", None) or str(file)
        source = Path(file)
        if not source.is_file():
            raise InvalidInput("upload_unreadable")
        size = source.stat().st_size
    if size > MAX_UPLOAD_BYTES:
        raise InvalidInput("file_too_large", size=f"{size / 2**20:.1f}", max_mb=MAX_UPLOAD_BYTES // 2**20)
    try:
        with Image.open(source) as im:
            w, h = im.size  # from the header: nothing is decoded yet
            check_still(im)  # an animated image is refused before any frame is decoded
            if max(w, h) > MAX_SIDE:
                raise InvalidInput("image_too_large", width=w, height=h, max_side=MAX_SIDE)
            return np.asarray(im.convert("RGBA"))
    except Image.DecompressionBombError:  # PIL's own pixel limit (``Image.MAX_IMAGE_PIXELS``) hit first
        raise InvalidInput("image_too_many_pixels", max_side=MAX_SIDE) from None
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as e:
        if isinstance(e, InvalidInput):
            raise
        raise InvalidInput("not_an_image") from None


def as_rgba(drawing: Any) -> np.ndarray:
    """A Sketchpad value (``{"composite": ...}``), an image array, a PIL image or a file path as float32
    RGBA ``(H, W, 4)`` in 0..255; ``EmptyCanvas`` when there is no image at all."""
    if isinstance(drawing, dict):
        drawing = drawing.get("composite")
    if drawing is None:
        raise EmptyCanvas("canvas_empty")
    if isinstance(drawing, (str, os.PathLike, bytes, bytearray, memoryview)):
        drawing = load_upload(drawing)
    if isinstance(drawing, Image.Image):
        w, h = drawing.size
        if max(w, h) > MAX_SIDE:
            raise InvalidInput("drawing_too_large", width=w, height=h, max_side=MAX_SIDE)
        drawing = np.asarray(drawing.convert("RGBA"))
    image = np.asarray(drawing)
    if image.ndim not in (2, 3) or image.size == 0 or (image.ndim == 3 and image.shape[2] not in (1, 3, 4)):
        raise InvalidInput("drawing_shape")
    if max(image.shape[:2]) > MAX_SIDE:
        raise InvalidInput("drawing_array_too_large", max_side=MAX_SIDE)
    image = image.astype(np.float32)
    if image.ndim == 2:
        image = image[..., None]
    if image.shape[2] == 1:
        image = np.repeat(image, 3, axis=2)
    if image.shape[2] == 3:
        image = np.concatenate([image, np.full(image.shape[:2] + (1,), 255.0, np.float32)], axis=2)
    return image


def ink_map(drawing: Any) -> np.ndarray:
    """Ink in [0, 1], ``(H, W)``: opacity times darkness, or lightness for light strokes on dark paper."""
    rgba = as_rgba(drawing) / 255.0
    gray, alpha = rgba[..., :3].mean(axis=2), rgba[..., 3]
    opaque = alpha > 0.5
    dark_paper = opaque.mean() > 0.5 and np.median(gray[opaque]) < 0.5
    return alpha * (gray if dark_paper else 1.0 - gray)


def ink_mask(drawing: Any) -> np.ndarray:
    """Boolean ``(H, W)`` mask of the inked pixels (``ink_map > 0.5``)."""
    return ink_map(drawing) > 0.5


def points_from_drawing(drawing: Any, n: int, seed: int | np.random.Generator = 0) -> np.ndarray:
    """Sample ``n`` points, float32 ``(n, 2)``, uniformly over the inked area of ``drawing``."""
    mask = ink_mask(drawing)
    rows, cols = np.nonzero(mask)
    if len(rows) < MIN_INK_PIXELS:
        raise EmptyCanvas("canvas_empty")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    height, width = mask.shape
    scale = max(height, width)
    pick = rng.integers(0, len(rows), int(n))
    u = (cols[pick] + rng.random(int(n)) - width / 2) / scale
    v = (height / 2 - rows[pick] - rng.random(int(n))) / scale
    return (np.stack([u, v], axis=1) * 2 * EXTENT).astype(np.float32)


def fit_on_canvas(image: np.ndarray, side: int) -> np.ndarray:
    """An RGBA image ``(H, W, 4)`` shrunk to fit and centred on white paper, ``(side, side, 4)`` uint8:
    an upload made into a canvas value the user can keep drawing on."""
    im = Image.fromarray(np.asarray(image, dtype=np.uint8)).convert("RGBA")
    im.thumbnail((side, side))
    canvas = Image.new("RGBA", (side, side), (255, 255, 255, 255))
    canvas.alpha_composite(im, ((side - im.width) // 2, (side - im.height) // 2))
    return np.asarray(canvas)
