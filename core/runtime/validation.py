"""Input validation shared by every tab and API endpoint.

The API can send anything (strings, NaN, huge numbers, ``None``), so every value a handler
passes to core goes through one of these checks first. A bad value raises ``InvalidInput``: its
message (English, the API's) names the parameter and its valid range, and its fields carry the
parameter's key (a name in ``PARAMETERS``), the rule it broke (``RULES``), the range or choices and
the value, so the UI translates from the fields (``demos.common.errors``). A request core cannot serve
for another reason raises a registered problem (``PROBLEMS``) with its fields.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
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


# Every parameter core validates, by the name its messages give it: the parameter's key (stable: clients
# match on the English sentence, and a UI translates by the key). A ``check_*`` call in core names one of
# these (``tests/test_error_keys.py`` reads every call site); add a new parameter here.
PARAMETERS = frozenset({
    "D steps per G step", "Euler steps", "NFE", "batch size", "beta", "class", "clipping bound", "codebook size K",
    "condition type", "conditioning value", "control scale", "corrector steps", "coupling", "critic learning rate",
    "critic updates", "dataset", "depth", "digit class", "direction", "downsampling factor", "eta", "example", "extent", "first digit",
    "first test digit", "frames", "generator learning rate", "gradient-penalty lambda", "grid side", "guess mode", "guidance scale",
    "hidden width", "interpolation steps", "iterations", "latent scale", "layer", "levels",
    "levels x steps per level", "log10 sigma", "log10 step size", "loss", "method", "mixture", "model", "mu",
    "noise dimension", "noise level t", "number of digits", "number of draws", "number of images",
    "number of layers", "number of points", "number of samples", "optimizer", "order", "pixel x", "pixel y",
    "predictor", "probes", "repeats", "sampler", "second digit", "second test digit", "second seed", "seed", "sigma",
    "snr", "source", "step", "steps", "steps per level", "steps x (1 + corrector steps)", "strength", "temperature",
    "test digit", "training updates", "visible pixels", "z1", "z2",
})

# What a value broke -> the English sentence. ``{name}`` is the parameter; ``{lo}``, ``{hi}``, ``{got}`` and
# ``{choices}`` are the range, the value and the choices as shown.
RULES = {
    "whole": "{name} must be a whole number from {lo} to {hi}; got {got}.",
    "number": "{name} must be a number from {lo} to {hi}; got {got}.",
    "finite": "{name} must be a finite number from {lo} to {hi}; got {got}.",
    "range": "{name} must be from {lo} to {hi}; got {got}.",
    "below": "{name} must be from {lo} to {hi}; got {got} (less than minimum value {lo}).",
    "above": "{name} must be from {lo} to {hi}; got {got} (greater than maximum value {hi}).",
    "choice": "{name} must be one of {choices}; got {got}.",
    "unlisted": "{name} must be one of {choices}; got {got} (not in the list of choices).",
    "flag": "{name} must be true or false; got {got}.",
    "evaluations": "{name} must be at most {hi} network evaluations; got {got}.",
    "length": "{name} must be at most {hi} characters; got {got}.",
}

IMAGE_KINDS = "PNG, JPEG, WebP, BMP or GIF"  # what an image upload may be

# A request core cannot serve for a reason other than one value's range -> the English sentence with its
# fields. ``InvalidInput(key, **fields)`` raises one; a UI translates it by its key and fields.
PROBLEMS = {
    "no_upload": f"No file was uploaded: choose an image ({IMAGE_KINDS}).",
    "upload_unreadable": "The upload could not be read: choose an image file.",
    "file_too_large": "The file is too large ({size} MB): at most {max_mb} MB.",
    "not_an_image": f"The file is not an image that can be read: upload a {IMAGE_KINDS}.",
    "image_too_large": "The image is too large ({width}x{height} pixels): at most {max_side} pixels a side.",
    "image_too_many_pixels": "The image is too large: at most {max_side} pixels a side.",
    "animated": "The image is animated (more than one frame): send a single-frame image.",
    "drawing_too_large": "The drawing is too large ({width}x{height} pixels): at most {max_side} pixels a side.",
    "drawing_array_too_large": "The drawing is too large: at most {max_side} pixels a side.",
    "drawing_shape": "The drawing must be an image of shape (H, W), (H, W, 3) or (H, W, 4).",
    "canvas_empty": "The canvas is empty: draw a shape first.",
    "canvas_empty_stroke": "The canvas is empty: draw a stroke first.",
    "budget_exceeded": "The request was stopped after {seconds} s, the limit for one request: use fewer steps, "
                       "points, images or iterations.",
    "shipped_run_missing": "The shipped run {run} is missing; create it with: python -m core.train {run}",
    "shipped_flows_dataset": "The shipped flows are trained on '{shipped}'; for '{dataset}' train one live and "
                             "choose source 'live'.",
    "no_shipped_pair": "No shipped flows for {source} -> {target} (shipped: {pairs}): train one live (model 'live').",
    "drawing_not_shipped": "Drawings have no shipped flows: train one live and pick model 'live'.",
    "no_live_flows": "No flow has been trained live yet: press 'Train live' first (or pick 'shipped').",
    "live_pair_changed": "The live flows go from '{source}' to '{target}' (or other drawings): pick those again, or "
                         "train on the new pair.",
    "live_model_other_data": "The live model was trained on '{trained}', not '{asked}' (or on another drawing): "
                             "train again, or switch the dataset back.",
    "live_flow_other_data": "The live flow was trained on '{trained}', not '{asked}' (or on another drawing): "
                            "train again, or switch the dataset back.",
    "no_live_model": "No model has been trained live on '{dataset}' yet: train one first (or pick a shipped "
                     "dataset).",
    "no_live_flow": "No flow has been trained live on '{dataset}' yet: train one first (or pick the shipped model "
                    "on 8gaussians).",
    "reflow_untrained": "Train the current flow first: reflow draws its pairs from it.",
    "reflow_limit": "The live tab stops at the {stages}-rectified flow: reset to start again.",
    "compare_ode_budget": "An ODE row scores at most {limit} digit-probes in one request (test digits x probes); got "
                          "{digits} x {probes}: use fewer digits or probes.",
    "ar_2d_shipped_dataset": "The shipped 2D autoregressive models are trained on '{shipped}'; for '{dataset}' "
                             "train one live (source 'live') or show the data itself (source 'data').",
}


def _rebuild(cls, args, state):
    error = cls.__new__(cls)
    ValueError.__init__(error, *args)
    error.__dict__.update(state)
    return error


class InvalidInput(ValueError):
    """A request value core cannot take, or a request it cannot serve. ``str(e)`` is the English sentence the
    API speaks; the fields let a UI say it in another language without reading the sentence:

    - ``key``: the parameter (a name in ``PARAMETERS``, e.g. ``"steps"``) or the problem (a key of
      ``problems``, e.g. ``"canvas_empty"``);
    - ``rule``: what the value broke (a key of ``RULES``: ``"whole"``, ``"range"``, ``"choice"``, ...), or
      ``"problem"``;
    - ``value``: the value received; ``lo``, ``hi``: its valid range; ``choices``: its valid choices
      (``None`` where the rule has none);
    - ``fields``: the sentence's fields as shown (``{"lo": "1", "hi": "1000", "got": "0"}``, or a problem's).

    ``InvalidInput(key, **fields)`` is the registered problem ``key`` (a key not in ``problems`` is a
    ``KeyError``); ``InvalidInput.of(name, rule, value, ...)`` a parameter's value that broke ``rule``.
    Until every raise site is converted, a whole English sentence is accepted as it is (``rule ==
    "sentence"``: no fields, so a UI shows it untranslated).
    """

    problems: dict[str, str] = PROBLEMS  # the registered problems (a subclass may add its own)

    def __init__(self, key: str, /, **fields: Any):
        self.rule, self.value, self.lo, self.hi, self.choices = "problem", None, None, None, None
        if key in self.problems:
            self.key, self.fields = key, {k: str(v) for k, v in fields.items()}
            super().__init__(self.problems[key].format(**self.fields))
        elif key.isidentifier() or fields:
            raise KeyError(f"{key!r} is not a registered problem of {type(self).__name__}: add it to its problems")
        else:
            self.key, self.rule, self.fields = None, "sentence", {}
            super().__init__(key)

    @classmethod
    def of(cls, name: str, rule: str, value: Any, *, lo: Any = None, hi: Any = None,
           choices: Iterable[Any] | None = None, shown: dict[str, str] | None = None) -> "InvalidInput":
        """Parameter ``name``'s ``value`` broke ``rule`` (a key of ``RULES``); ``shown`` overrides how a field
        is written (by default ``got`` is ``shown_value(value)``, ``lo``/``hi`` ``str``, ``choices`` their
        ``repr``s joined by commas)."""
        fields = {"got": shown_value(value)}
        if lo is not None:
            fields["lo"] = str(lo)
        if hi is not None:
            fields["hi"] = str(hi)
        if choices is not None:
            choices = tuple(choices)
            fields["choices"] = ", ".join(repr(c) for c in choices)
        fields.update(shown or {})
        error = cls.__new__(cls)
        ValueError.__init__(error, RULES[rule].format(name=name, **fields))
        error.key, error.rule, error.value, error.lo, error.hi, error.choices = name, rule, value, lo, hi, choices
        error.fields = fields
        return error

    def __reduce__(self):  # pickled whole (a ZeroGPU worker sends its exceptions back to the server)
        return _rebuild, (type(self), self.args, dict(self.__dict__))


class EmptyCanvas(InvalidInput):
    """A drawing with no ink: a tab may show nothing instead of an error while the canvas is blank."""


def check_int(name: str, value: Any, lo: int, hi: int) -> int:
    """Return ``value`` as an int in ``[lo, hi]``; whole-valued floats (``50.0``) are accepted. ``name``: a
    parameter of ``PARAMETERS`` (for core)."""
    def wrong() -> InvalidInput:
        return InvalidInput.of(name, "whole", value, lo=lo, hi=hi)

    if isinstance(value, bool) or value is None:
        raise wrong()
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise wrong() from None
    try:
        as_float = float(value)
    except (TypeError, ValueError, OverflowError):
        raise wrong() from None
    if not math.isfinite(as_float) or as_float != int(as_float):
        raise wrong()
    out = int(as_float)
    if not lo <= out <= hi:
        raise InvalidInput.of(name, "range", out, lo=lo, hi=hi, shown={"got": str(out)})
    return out


def check_float(name: str, value: Any, lo: float, hi: float) -> float:
    """Return ``value`` as a finite float in ``[lo, hi]``."""
    bounds = {"lo": f"{lo:g}", "hi": f"{hi:g}"}
    if isinstance(value, bool) or value is None:
        raise InvalidInput.of(name, "number", value, lo=lo, hi=hi, shown=bounds)
    try:
        out = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):
        raise InvalidInput.of(name, "number", value, lo=lo, hi=hi, shown=bounds) from None
    if not math.isfinite(out):
        raise InvalidInput.of(name, "finite", value, lo=lo, hi=hi, shown=bounds)
    if not lo <= out <= hi:
        raise InvalidInput.of(name, "range", out, lo=lo, hi=hi, shown={**bounds, "got": f"{out:g}"})
    return out


def check_choice(name: str, value: Any, choices: Iterable[Any]) -> Any:
    """Return ``value`` if it is one of ``choices``."""
    choices = list(choices)
    if value not in choices:
        raise InvalidInput.of(name, "choice", value, choices=choices)
    return value


@dataclass(frozen=True)
class Spec:
    """One number a request takes, written once: the range core accepts, the value a request (and its slider)
    starts from, and how the slider moves. ``check`` validates a value against it; a tab's slider reads it
    (``demos.common.widgets.slider``), so the page and core cannot disagree."""

    name: str  # the parameter's key (a name in PARAMETERS): what its errors call it
    lo: float  # smallest value accepted
    hi: float  # largest value accepted
    default: float  # the value a request and its slider start from
    step: float = 1  # the slider's step
    whole: bool = True  # a whole number (check_int) or any finite number (check_float)
    shown: tuple[float, float] | None = None  # the slider's (min, max) where narrower than what core accepts

    def check(self, value: Any) -> int | float:
        """``value`` as an int (``whole``) or float in ``[lo, hi]``, or ``InvalidInput`` naming the range."""
        check = check_int if self.whole else check_float
        return check(self.name, value, self.lo, self.hi)

    @property
    def visible(self) -> tuple[float, float]:
        """The slider's (min, max): ``shown``, or the whole range."""
        return self.shown or (self.lo, self.hi)


def number(name: str, lo: float, hi: float, default: float, step: float, **kw: Any) -> Spec:
    """A ``Spec`` of any finite number (``check_float``)."""
    return Spec(name, lo, hi, default, step, whole=False, **kw)


def check_steps(value: Any, lo: int = 1) -> int:
    """Sampler steps, ``lo`` to ``MAX_STEPS``."""
    return check_int("steps", value, lo, MAX_STEPS)


SEED = Spec("seed", 0, MAX_SEED, 0)  # every request's seed (the seed box)
ETA = number("eta", 0.0, 1.0, 0.0, 0.05)  # DDIM's eta: 0 deterministic, 1 DDPM-like variance


def check_seed(value: Any) -> int:
    """A seed, 0 to ``MAX_SEED``."""
    return SEED.check(value)


def check_eta(value: Any) -> float:
    """DDIM's eta, 0 (deterministic) to 1 (DDPM-like variance)."""
    return ETA.check(value)


def check_num_points(value: Any, lo: int = 1) -> int:
    """Number of 2D points, ``lo`` to ``MAX_POINTS``."""
    return check_int("number of points", value, lo, MAX_POINTS)


def check_num_images(value: Any, lo: int = 1) -> int:
    """Number of images, ``lo`` to ``MAX_IMAGES``."""
    return check_int("number of images", value, lo, MAX_IMAGES)


def check_image_file(path: str | os.PathLike, max_side: int, max_bytes: int) -> tuple[int, int]:
    """An image file's ``(width, height)``, read from its size and header only (nothing is decoded): it must
    be at most ``max_bytes`` long, an image PIL can identify, one frame (an animated GIF is not a drawing)
    and at most ``max_side`` pixels a side."""
    size = os.path.getsize(path)
    if size > max_bytes:
        raise InvalidInput("file_too_large", size=f"{size / 2**20:.1f}", max_mb=max_bytes // 2**20)
    try:
        with Image.open(path) as im:
            w, h = im.size
            check_still(im)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError) as e:
        if isinstance(e, InvalidInput):
            raise
        raise InvalidInput("not_an_image") from None
    if max(w, h) > max_side:
        raise InvalidInput("image_too_large", width=w, height=h, max_side=max_side)
    return w, h


def check_still(im: Image.Image) -> None:
    """An opened (not decoded) image must be a single frame: an animated GIF, PNG or WebP is refused before
    any of its frames is decoded (``is_animated`` looks no further than the second frame)."""
    if getattr(im, "is_animated", False):
        raise InvalidInput("animated")
