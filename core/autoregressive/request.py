"""The autoregressive tab's digits endpoints, one validated function each (the shipped checkpoints of
``core.autoregressive.recipes``; results shared between identical requests through ``core.runtime.memo``).

- ``digits_table``: the four shipped models side by side: parameters, the test figure with its 95% interval
  (bits per pixel of the 17-level digits; nats per image for the binary FVSBN and NADE), the median wall time
  of sampling 16 digits, and the two baselines (``core.metrics.likelihood``). Computed once per process from
  the weights;
- ``samples_request``: 16 samples of one model at a temperature and seed, with the shipped classifier's
  confidence in them;
- ``pixel_run`` / ``pixel_frame``: one sample drawn pixel by pixel, every step's conditional recorded once per
  (model, order, temperature, seed), and the picture of step ``k`` sliced out of it;
- ``masks_request``: MADE's masks and connectivity numbers ``m(k)`` under one ordering;
- ``receptive_fields``: which input pixels a PixelCNN's output at one pixel depends on, by the gradient
  ``|d logits(y, x) / d image|``: the plain stacked PixelCNN (untrained, made under ``PLAIN_SEED``: the field
  is the architecture's, not the training's) misses a wedge up and to the right (the blind spot), the shipped
  gated one does not;
- ``orderings_request``: MADE's test bits per pixel under each ordering and for the ensemble;
- ``completion_request``: a test digit (or a drawing) with the pixels after position ``visible`` of the
  order hidden, completed ``n`` times by the chain rule (``generate_autoregressive(prefix=..., fixed=...)``).
"""
from __future__ import annotations

import statistics
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import torch

from core.autoregressive.digits import likelihood_figures, all_orders_figures
from core.autoregressive.models import PIXELS, SIDE, PixelCNN
from core.autoregressive.recipes import BEST, QUALITY_SAMPLES, SETTINGS
from core.autoregressive.request2d import TEMPERATURE
from core.autoregressive.sampling import ARSamples, generate_autoregressive
from core.data.digits import NUM_TEST
from core.metrics.likelihood import baselines, heldout_levels, levels_to_images, pixel_levels
from core.runtime import checkpoints, device
from core.runtime.memo import cached
from core.runtime.validation import SEED, Spec, check_choice, check_int, check_seed

MODELS = tuple(SETTINGS)  # the shipped digits models, in the table's order (FVSBN, NADE, MADE, gated PixelCNN)
COMPLETERS = ("ar-pixelcnn", "ar-made")  # the 17-level models that complete a digit
SOURCES = ("test digit", "drawing")  # what a completion starts from
ENSEMBLE = "ensemble"  # MADE's mixture over its orderings
TABLE_SAMPLES = 16  # digits sampled for the table's timing and the samples grid
TIMING_REPEATS = 1  # timed runs of the table's sampling (the median; one keeps the first page load short on 2 cores)
MADE_ORDERS = SETTINGS["ar-made"].model["num_orders"]  # orderings of the shipped MADE
MASK_UNITS = 32  # hidden units of each MADE layer drawn in the mask view (the first ones, sorted by m(k))
FIELD_BATCH = 8  # random images whose gradients are summed for a receptive field (one may zero a ReLU path)
FIELD_SEED = 0  # their seed
PLAIN_SEED = 0  # seeds the untrained plain PixelCNN of the receptive-field view
PLAIN = {"levels": 17, "channels": 32, "layers": 4, "first_kernel": 3}  # its architecture: 3x3 A then four 3x3 B


@dataclass(frozen=True)
class ARDigitsDefaults:
    """What the digits views open with."""

    model: str = BEST  # MODELS: the model sampled
    temperature: float = 1.0  # the sampling temperature (softmax of logits / T)
    seed: int = SEED.default  # the samples' seed
    order: int = 0  # the ordering (MADE has MADE_ORDERS, the others one)
    step: int = 28  # pixel by pixel: the step shown, 1..64 (mid-digit: the strokes are being drawn)
    pixel_x: int = 3  # receptive field: the pixel's column (left of centre: the blind spot's wedge is wide)
    pixel_y: int = 5  # its row
    test_index: int = 0  # completion: the test digit
    visible: int = 32  # completion: the first pixels of the order kept (raster: the top half)
    n_completions: int = 8  # completion: completions drawn
    completer: str = BEST  # COMPLETERS: the model that completes
    source: str = SOURCES[0]  # SOURCES: a test digit or a drawing


DEFAULTS = ARDigitsDefaults()
ORDER = Spec("order", 0, MADE_ORDERS - 1, DEFAULTS.order)
STEP = Spec("step", 1, PIXELS, DEFAULTS.step)
PIXEL_X = Spec("pixel x", 0, SIDE - 1, DEFAULTS.pixel_x)
PIXEL_Y = Spec("pixel y", 0, SIDE - 1, DEFAULTS.pixel_y)
TEST_INDEX = Spec("test digit", 0, NUM_TEST - 1, DEFAULTS.test_index)
VISIBLE = Spec("visible pixels", 0, PIXELS - 1, DEFAULTS.visible)
N_COMPLETIONS = Spec("number of samples", 1, 16, DEFAULTS.n_completions)


def _model(name: Any, choices: tuple[str, ...] = MODELS):
    return checkpoints.load_model(check_choice("model", name, choices))


def _order(model, order: Any) -> int:
    """``order`` as one of ``model``'s orderings (0 for all but MADE)."""
    ORDER.check(order)
    return check_int("order", order, 0, model.num_orders - 1)


# ---- the table ------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ModelRow:
    """One shipped model's line of the table."""

    name: str  # the checkpoint
    kind: str  # fvsbn, nade, made, gated
    levels: int  # 17, or 2 for the binary digits
    parameters: int  # trainable numbers
    unit: str  # "bits_per_pixel" (17 levels) or "nats_per_image" (binary)
    value: float  # the test figure (MADE: its ensemble over orderings)
    lo: float  # its 95% interval
    hi: float
    seconds: float  # median wall time of sampling TABLE_SAMPLES digits
    nfe: int  # network evaluations of that sampling (one per pixel)


@dataclass(frozen=True)
class DigitsTable:
    rows: tuple[ModelRow, ...]
    baselines: dict  # core.metrics.likelihood.baselines()


def _row(name: str) -> ModelRow:
    model = checkpoints.load_model(name)
    order = ENSEMBLE if model.num_orders > 1 else 0
    fig = likelihood_figures(model, order)
    unit = "nats_per_image" if model.levels == 2 else "bits_per_pixel"
    runs = [generate_autoregressive(model, TABLE_SAMPLES, seed=DEFAULTS.seed) for _ in range(TIMING_REPEATS)]
    return ModelRow(name, SETTINGS[name].kind, model.levels, sum(p.numel() for p in model.parameters()), unit,
                    fig[unit], fig[f"{unit}_lo"], fig[f"{unit}_hi"], statistics.median(r.seconds for r in runs),
                    runs[0].nfe)


@lru_cache(maxsize=1)
def digits_table() -> DigitsTable:
    """The table (module docstring), computed from the weights once per process."""
    return cached("ar_digits_table", (), MODELS,
                  lambda: DigitsTable(tuple(_row(name) for name in MODELS), baselines()))


# ---- samples --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ARDigitSamples:
    name: str
    images: torch.Tensor  # (16, 1, 8, 8) in [-1, 1]
    confidence: dict  # core.metrics.classify.confidence_figures of the samples
    seconds: float
    nfe: int
    shipped_confidence: dict | None  # the recorded confidence on QUALITY_SAMPLES samples at T = 1 (the best model's)


def samples_request(model: Any, temperature: Any, seed: Any) -> ARDigitSamples:
    """``TABLE_SAMPLES`` digits of shipped ``model`` at ``temperature`` from ``seed``."""
    net, temperature, seed = _model(model), TEMPERATURE.check(temperature), check_seed(seed)
    return cached("ar_digits_samples", (model, temperature, seed), (model,),
                  lambda: _samples(model, net, temperature, seed))


def _samples(name: str, model, temperature: float, seed: int) -> ARDigitSamples:
    from core.metrics.classify import classifier_outputs, confidence_figures

    out = generate_autoregressive(model, TABLE_SAMPLES, temperature=temperature, seed=seed)
    images = levels_to_images(out.x, model.levels)
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), images)
    return ARDigitSamples(name, images, confidence_figures(probs), out.seconds, out.nfe,
                        checkpoints.quality(name).get("samples"))


# ---- pixel by pixel -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PixelFrame:
    """Step ``step`` (1..64) of one sample drawn pixel by pixel."""

    step: int
    pixel: int  # the raster index drawn at this step
    value: int  # the level it got
    probs: np.ndarray  # (levels,) the conditional it was drawn from (sums to 1)
    image: np.ndarray  # (64,) levels so far, -1 where not drawn yet
    final: np.ndarray  # (64,) the finished sample
    ordering: np.ndarray  # (64,) pixel indices in the order
    levels: int
    log_prob: float  # ln p of the whole sample (nats): the sum of the conditionals' log-probabilities
    seconds: float  # wall time of the 64 steps


def pixel_run(model: Any, order: Any, temperature: Any, seed: Any) -> ARSamples:
    """One sample of ``model`` under ``order`` with every step's conditional, computed once per settings."""
    net = _model(model)
    order, temperature, seed = _order(net, order), TEMPERATURE.check(temperature), check_seed(seed)
    return cached("ar_pixel_run", (model, order, temperature, seed), (model,),
                  lambda: generate_autoregressive(net, 1, order=order, temperature=temperature, seed=seed))


def pixel_frame(model: Any, order: Any, temperature: Any, seed: Any, step: Any) -> PixelFrame:
    """Step ``step`` of ``pixel_run``'s sample: sliced from the recorded run, nothing recomputed."""
    step = STEP.check(step)
    run = pixel_run(model, order, temperature, seed)
    ordering = run.ordering.numpy()
    final = run.x[0].numpy()
    image = np.full(PIXELS, -1, dtype=np.int64)
    image[ordering[:step]] = final[ordering[:step]]
    pixel = int(ordering[step - 1])
    return PixelFrame(step, pixel, int(final[pixel]), run.probs[0, step - 1].numpy().astype(np.float64), image,
                      final, ordering, run.probs.shape[-1], float(run.log_probs[0]), run.seconds)


# ---- masks and receptive fields -------------------------------------------------------------------------------

@dataclass(frozen=True)
class MaskView:
    """MADE's masks under one ordering, for ``MASK_UNITS`` units of each hidden layer sorted by ``m(k)``;
    inputs and outputs sorted by their position in the order (so every mask is a staircase)."""

    order: int
    ordering: np.ndarray  # (64,) pixel indices in the order
    degrees: list  # [inputs (64,), hidden shown (MASK_UNITS,) per layer ..., outputs (64,)], sorted
    masks: list  # the masks (out, in) between consecutive rows of ``degrees``
    reach: np.ndarray  # (64, 64) 1 where output (row, in the order) is connected to input (column): strictly lower
    hidden: int  # units per hidden layer of the model


def masks_request(order: Any) -> MaskView:
    """MADE's masks and connectivity numbers under ordering ``order``."""
    model = checkpoints.load_model("ar-made")
    order = _order(model, order)
    return cached("ar_masks", (order,), ("ar-made",), lambda: _masks(model, order))


def _masks(model, order: int) -> MaskView:
    ordering = model.ordering(order)
    degrees, masks = model.degrees(order), model.masks(order)
    picks = [ordering]  # rows of the input layer: the pixels in the order (m = 1..64)
    for m in degrees[1:-1]:
        first = torch.arange(MASK_UNITS)
        picks.append(first[torch.argsort(m[:MASK_UNITS], stable=True)])
    picks.append(ordering)  # outputs: the pixels in the order
    shown_deg = [degrees[i][p].numpy() for i, p in enumerate(picks)]
    shown_masks = [masks[i][picks[i + 1]][:, picks[i]].numpy() for i in range(len(masks))]
    path = masks[0]
    for m in masks[1:]:
        path = (m @ path).clamp(max=1)  # inputs reachable through all hidden units (out, 64), raster order
    reach = path[ordering][:, ordering].numpy()
    return MaskView(order, ordering.numpy(), shown_deg, shown_masks, reach, int(model.config.hidden))


@dataclass(frozen=True)
class ReceptiveFields:
    """``|d logits(y, x) / d image|`` summed over ``FIELD_BATCH`` random images, each ``(8, 8)`` scaled to max 1."""

    pixel_y: int
    pixel_x: int
    plain: np.ndarray  # the plain stacked PixelCNN's
    gated: np.ndarray  # the shipped gated PixelCNN's
    before: np.ndarray  # (8, 8) bool: the pixels before (y, x) in raster order (what it may see)
    plain_blind: int  # pixels before (y, x) the plain one does not see
    gated_blind: int
    plain_after: int  # pixels at or after (y, x) it does see (0: the autoregressive property)
    gated_after: int


def plain_pixelcnn() -> PixelCNN:
    """The untrained plain PixelCNN of the receptive-field view, made under ``PLAIN_SEED`` (not shipped)."""
    with device.seeded(PLAIN_SEED):
        return device.place(PixelCNN(**PLAIN)).eval().requires_grad_(False)


def field_of(model, y: int, x: int) -> np.ndarray:
    """``sum |d (sum of logits at (y, x)) / d image|`` ``(8, 8)`` over ``FIELD_BATCH`` random images."""
    gen = device.generator(FIELD_SEED)
    image = torch.rand((FIELD_BATCH, 1, SIDE, SIDE), generator=gen, device=gen.device).requires_grad_(True)
    with torch.enable_grad():
        out = model.logit_map(image)[:, :, y, x].sum()
        grad, = torch.autograd.grad(out, image)
    g = grad.abs().sum(0)[0].double().cpu().numpy()
    return g / g.max() if g.max() > 0 else g


def receptive_fields(pixel_y: Any, pixel_x: Any) -> ReceptiveFields:
    """Both PixelCNNs' receptive fields at pixel ``(pixel_y, pixel_x)``."""
    y, x = PIXEL_Y.check(pixel_y), PIXEL_X.check(pixel_x)
    gated = checkpoints.load_model(BEST)
    return cached("ar_receptive_fields", (y, x), (BEST,), lambda: _fields(gated, y, x))


def _fields(gated, y: int, x: int) -> ReceptiveFields:
    plain = field_of(_plain(), y, x)
    g = field_of(gated, y, x)
    before = (np.arange(PIXELS) < y * SIDE + x).reshape(SIDE, SIDE)
    return ReceptiveFields(y, x, plain, g, before, int((before & (plain == 0)).sum()),
                           int((before & (g == 0)).sum()), int((~before & (plain > 0)).sum()),
                           int((~before & (g > 0)).sum()))


@lru_cache(maxsize=1)
def _plain() -> PixelCNN:
    return plain_pixelcnn()


# ---- orderings ------------------------------------------------------------------------------------------------

def orderings_request() -> dict[str, dict[str, float]]:
    """MADE's test bits per pixel (with intervals) under each ordering (``order_0``..) and the ``ensemble``."""
    model = checkpoints.load_model("ar-made")
    return cached("ar_orderings", (), ("ar-made",), lambda: all_orders_figures(model))


# ---- completion -----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Completion:
    original: np.ndarray  # (64,) the digit's levels
    shown: np.ndarray  # (64,) bool: the pixels kept (the first ``visible`` of the order)
    samples: np.ndarray  # (n, 64) completions (the kept pixels unchanged)
    ordering: np.ndarray  # (64,)
    name: str
    visible: int
    seconds: float


def digit_levels(source: Any, test_index: Any, drawing: Any) -> np.ndarray:
    """The digit a completion starts from, levels ``(64,)``: test digit ``test_index`` or the drawing made
    8x8 like the training digits (``core.controlnet.drawing.digit_from_drawing``)."""
    source = check_choice("source", source, SOURCES)
    if source == "drawing":
        from core.controlnet.drawing import digit_from_drawing

        return pixel_levels(digit_from_drawing(drawing))[0].numpy()
    return heldout_levels()[TEST_INDEX.check(test_index)].numpy()


def completion_request(source: Any, test_index: Any, drawing: Any, model: Any, order: Any, visible: Any,
                       n: Any, temperature: Any, seed: Any) -> Completion:
    """``n`` completions by ``model`` (``COMPLETERS``) of the digit's first ``visible`` pixels of ``order``."""
    digit = digit_levels(source, test_index, drawing)
    net = _model(model, COMPLETERS)
    order, visible, n = _order(net, order), VISIBLE.check(visible), N_COMPLETIONS.check(n)
    temperature, seed = TEMPERATURE.check(temperature), check_seed(seed)
    key = (tuple(int(v) for v in digit), model, order, visible, n, temperature, seed)
    return cached("ar_completion", key, (model,), lambda: _complete(digit, model, net, order, visible, n,
                                                                    temperature, seed))


def _complete(digit: np.ndarray, name: str, model, order: int, visible: int, n: int, temperature: float,
              seed: int) -> Completion:
    prefix = torch.from_numpy(digit).long().expand(n, PIXELS)
    out = generate_autoregressive(model, n, order=order, temperature=temperature, seed=seed, prefix=prefix,
                                  fixed=visible)
    ordering = out.ordering.numpy()
    shown = np.zeros(PIXELS, dtype=bool)
    shown[ordering[:visible]] = True
    return Completion(digit, shown, out.x.numpy(), ordering, name, visible, out.seconds)
