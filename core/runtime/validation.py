"""Input validation shared by every tab and API endpoint.

The API can send anything (strings, NaN, huge numbers, ``None``), so every value a handler
passes to core goes through one of these checks first. A bad value raises ``InvalidInput``
whose message names the parameter and its valid range; the UI turns it into ``gr.Error``.
"""
from __future__ import annotations

import math
import os
from typing import Any, Iterable

from PIL import Image, UnidentifiedImageError

MAX_STEPS = 1000  # sampler steps per request
MAX_POINTS = 20_000  # 2D points per request
MAX_IMAGES = 64  # images per request
MAX_SEED = 2**31 - 1  # largest seed accepted


MAX_SHOWN = 60  # characters of a rejected value echoed back in an error message


def shown_value(value: Any) -> str:
    """``repr(value)`` cut to ``MAX_SHOWN`` characters: an error never echoes a huge input back."""
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…" + f" ({len(text):,} characters)"


class InvalidInput(ValueError):
    """A request value is outside its valid range or of the wrong type."""


class EmptyCanvas(InvalidInput):
    """A drawing with no ink: a tab may show nothing instead of an error while the canvas is blank."""


def check_int(name: str, value: Any, lo: int, hi: int) -> int:
    """Return ``value`` as an int in ``[lo, hi]``; whole-valued floats (``50.0``) are accepted."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"{name} must be a whole number from {lo} to {hi}; got {shown_value(value)}.")
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InvalidInput(f"{name} must be a whole number from {lo} to {hi}; got {shown_value(value)}.") from None
    try:
        as_float = float(value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"{name} must be a whole number from {lo} to {hi}; got {shown_value(value)}.") from None
    if not math.isfinite(as_float) or as_float != int(as_float):
        raise InvalidInput(f"{name} must be a whole number from {lo} to {hi}; got {shown_value(value)}.")
    out = int(as_float)
    if not lo <= out <= hi:
        raise InvalidInput(f"{name} must be from {lo} to {hi}; got {out}.")
    return out


def check_float(name: str, value: Any, lo: float, hi: float) -> float:
    """Return ``value`` as a finite float in ``[lo, hi]``."""
    if isinstance(value, bool) or value is None:
        raise InvalidInput(f"{name} must be a number from {lo:g} to {hi:g}; got {shown_value(value)}.")
    try:
        out = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput(f"{name} must be a number from {lo:g} to {hi:g}; got {shown_value(value)}.") from None
    if not math.isfinite(out):
        raise InvalidInput(f"{name} must be a finite number from {lo:g} to {hi:g}; got {shown_value(value)}.")
    if not lo <= out <= hi:
        raise InvalidInput(f"{name} must be from {lo:g} to {hi:g}; got {out:g}.")
    return out


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``."""
    choices = list(choices)
    if value not in choices:
        shown = ", ".join(repr(c) for c in choices)
        raise InvalidInput(f"{name} must be one of {shown}; got {shown_value(value)}.")
    return value


def check_steps(value: Any, lo: int = 1) -> int:
    """Sampler steps, ``lo`` to ``MAX_STEPS``."""
    return check_int("steps", value, lo, MAX_STEPS)


def check_seed(value: Any) -> int:
    """A seed, 0 to ``MAX_SEED``."""
    return check_int("seed", value, 0, MAX_SEED)


def check_eta(value: Any) -> float:
    """DDIM's eta, 0 (deterministic) to 1 (DDPM-like variance)."""
    return check_float("eta", value, 0.0, 1.0)


def check_num_points(value: Any, lo: int = 1) -> int:
    """Number of 2D points, ``lo`` to ``MAX_POINTS``."""
    return check_int("number of points", value, lo, MAX_POINTS)


def check_num_images(value: Any, lo: int = 1) -> int:
    """Number of images, ``lo`` to ``MAX_IMAGES``."""
    return check_int("number of images", value, lo, MAX_IMAGES)


IMAGE_KINDS = "PNG, JPEG, WebP, BMP or GIF"  # what an image upload may be
NOT_AN_IMAGE = f"The file is not an image that can be read: upload a {IMAGE_KINDS}."


def check_image_file(path: str | os.PathLike, max_side: int, max_bytes: int) -> tuple[int, int]:
    """An image file's ``(width, height)``, read from its size and header only (nothing is decoded): it must
    be at most ``max_bytes`` long, an image PIL can identify, one frame (an animated GIF is not a drawing)
    and at most ``max_side`` pixels a side."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise InvalidInput(f"The file is too large ({size / 2**20:.1f} MB): at most {max_bytes // 2**20} MB.")
    try:
        with Image.open(path) as im:
            w, h = im.size
            check_still(im)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as e:
        if isinstance(e, InvalidInput):
            raise
        raise InvalidInput(NOT_AN_IMAGE) from None
    if max(w, h) > max_side:
        raise InvalidInput(f"The image is too large ({w}x{h} pixels): at most {max_side} pixels a side.")
    return w, h


def check_still(im: Image.Image) -> None:
    """An opened (not decoded) image must be a single frame: an animated GIF, PNG or WebP is refused before
    any of its frames is decoded (``is_animated`` looks no further than the second frame)."""
    if getattr(im, "is_animated", False):
        raise InvalidInput("The image is animated (more than one frame): send a single-frame image.")
