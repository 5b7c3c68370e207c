"""The autoregressive models on the 8x8 digits: data (17 levels or binary), the exact-NLL objective, training
runs, and the figures every checkpoint records: test bits per pixel (17 levels) or nats per image (binary)
with 95% intervals (the convention of ``core.metrics.likelihood``), per ordering and for MADE's ensemble, and
the shipped classifier's confidence in samples.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from core.autoregressive.sampling import generate_autoregressive
from core.data.digits import load_split
from core.data.pools import Pool
from core.metrics.likelihood import (LEVELS, binary_of, bits_per_pixel, heldout_levels, levels_to_images, pixel_levels,
                                     nats_per_image)
from core.runtime import device
from core.train.loop import TrainConfig, TrainRun

VALIDATION = 144  # train digits held out to choose settings (10% of the 1,437; the test digits are never used)
VALIDATION_SEED = 0  # seeds which train digits are held out
EVAL_BATCH = 64  # digits per pass when scoring (the gated PixelCNN's 360 test digits: 0.37 s CPU in chunks of 64, 0.43 in 128s)


def train_levels(binary: bool = False, validation: bool = False) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Train digits as levels ``(N, 64)`` (or binary): all 1,437, or (``validation``) the fit part and the
    ``VALIDATION`` held out for choosing settings."""
    x = pixel_levels(load_split().x_train)
    x = binary_of(x) if binary else x
    if not validation:
        return x, None
    perm = torch.randperm(len(x), generator=torch.Generator().manual_seed(VALIDATION_SEED))
    return x[perm[VALIDATION:]], x[perm[:VALIDATION]]


class ChainRuleNLL:
    """``-mean ln p(x) / n``, nats per position of the batch ``(B, n)``; for a model with several orderings (MADE)
    each update draws one ordering from the run's generator (order-agnostic training, Uria et al. 2014).

    Dropout's masks come from torch's global RNG, which ``nn.Dropout`` reads: each forward pass runs under
    ``device.seeded`` with a seed drawn from the objective's own generator (seeded from ``seed``), so a run is
    the same bit for bit whatever ran before it in the process, and the process's RNG is left as it was. The
    generator is separate from the run's so the batches and orderings drawn do not change."""

    def __init__(self, seed: int = 0):
        self.noise = torch.Generator().manual_seed(int(seed))  # seeds each update's dropout masks

    def __call__(self, model, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        orders = getattr(model, "num_orders", 1)
        order = int(torch.randint(orders, (1,), generator=gen)) if orders > 1 else 0
        with device.seeded(int(torch.randint(2 ** 62, (1,), generator=self.noise))):
            return -model.log_prob(batch[0], order).mean() / batch[0].shape[1]


def ar_run(model, data: torch.Tensor, cfg: TrainConfig) -> TrainRun:
    """A ``TrainRun`` of ``model`` on values ``data`` ``(N, n)`` by exact maximum likelihood (dropout seeded from
    ``cfg.seed``)."""
    return TrainRun(model, Pool(data), ChainRuleNLL(cfg.seed), cfg)


@torch.inference_mode()
def log_probs(model, x: torch.Tensor, order: int | str = 0) -> torch.Tensor:
    """``ln p(x)`` ``(N,)`` in nats of ``x`` ``(N, 64)``, ordering ``order`` or ``"ensemble"`` (MADE's mixture): one
    batched pass per ``EVAL_BATCH`` digits, in inference mode (no autograd bookkeeping)."""
    dev = next(model.parameters()).device
    parts = []
    for chunk in x.split(EVAL_BATCH):
        chunk = chunk.to(dev)
        parts.append((model.ensemble_log_prob(chunk) if order == "ensemble" else model.log_prob(chunk, order)).cpu())
    return torch.cat(parts).double()


def likelihood_figures(model, order: int | str = 0, x: torch.Tensor | None = None) -> dict[str, float]:
    """The test figure of ``model`` (under ``order``): bits per pixel with its interval for 17 levels, nats per
    image with its interval for binary digits; ``x`` other digits (default: the 360 test digits)."""
    binary = model.levels == 2
    x = heldout_levels(binary) if x is None else x
    lp = log_probs(model, x, order)
    return nats_per_image(lp) if binary else bits_per_pixel(lp)


def all_orders_figures(model) -> dict[str, dict[str, float]]:
    """``likelihood_figures`` under every ordering (``"order_0"``, ...) and, with several, the ``"ensemble"``."""
    out = {f"order_{s}": likelihood_figures(model, s) for s in range(model.num_orders)}
    if model.num_orders > 1:
        out["ensemble"] = likelihood_figures(model, "ensemble")
    return out


def sample_images(model, n: int, temperature: float = 1.0, seed: int = 0, order: int = 0) -> torch.Tensor:
    """``n`` samples as images ``(n, 1, 8, 8)`` in [-1, 1]."""
    return levels_to_images(generate_autoregressive(model, n, order=order, temperature=temperature, seed=seed).x,
                     model.levels)


def classifier_confidence(model, n: int = 200, temperature: float = 1.0, seed: int = 0) -> dict[str, float]:
    """The shipped digits classifier's mean top-class probability on ``n`` samples, with its 95% interval."""
    from core.metrics.classify import classifier_outputs, confidence_figures
    from core.runtime import checkpoints

    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), sample_images(model, n, temperature, seed))
    return confidence_figures(probs)


@dataclass(frozen=True)
class Setting:
    """One model to train: its class's keyword arguments and its training config."""

    kind: str  # a key of core.autoregressive.models.MODELS
    model: dict  # the model's constructor arguments
    train: TrainConfig  # the training run
    levels: int = LEVELS  # 17, or 2 for the binary digits
