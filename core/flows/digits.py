"""A RealNVP on 8x8 digits: uniform dequantization, bits per dimension, samples at a temperature and
a latent interpolation strip.

Pixels are levels ``k`` in ``0..16`` (``core.data.digits``: 17 levels); the flow models ``v = k + u``,
``u ~ U[0, 1)^64`` (its first layer is the logit preprocessing, ``core.flows.layers.LogitTransform``).
Since ``P(k) = ∫ p(k + u) du >= exp E_u[log p(k + u)]`` (Theis et al. 2016), the test-set
``bits/dim = -E log p(k + u) / (64 ln 2)`` is an upper bound on the discrete code length; a uniform
model of 17 levels scores ``log2 17 = 4.09``.
"""
from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np
import torch

from core.data.digits import SIDE, load_split
from core.flows.models import FlowModel
from core.flows.objective import flow_run
from core.metrics.classify import classifier_outputs
from core.metrics.intervals import mean_interval, per_item, with_interval
from core.runtime import checkpoints, device
from core.train.loop import TrainConfig, TrainRun

LEVELS = 17  # pixel levels 0..16 of sklearn's digits
DIM = SIDE * SIDE  # 64 dimensions
DIGITS_CONFIG = TrainConfig(steps=1500, batch_size=128, lr=1e-3, warmup=100, weight_decay=1e-4, ema_decay=0.999,
                            seed=0, log_every=250)
BPD_DRAWS = 4  # dequantization draws averaged in the test bits/dim
QUALITY_TEMPERATURE = 0.7  # temperature of the samples the classifier judges
QUALITY_SAMPLES = 500  # samples the classifier judges
QUALITY_SEED = 0  # their seed


@dataclass(frozen=True)
class DigitsFlowConfig:
    num_layers: int = 8  # affine couplings (checkerboard, complement, top half, bottom half, ...)
    hidden: int = 128  # hidden width of each coupling network
    depth: int = 2  # hidden layers of each coupling network
    scale_bound: float = 2.0  # |s| <= bound in the couplings
    logit_alpha: float = 0.05  # the logit preprocessing's margin


def levels_of(images: torch.Tensor) -> torch.Tensor:
    """Images ``(N, 1, 8, 8)`` in [-1, 1] to pixel levels ``(N, 64)`` in ``0..16`` (float)."""
    return torch.round((images.reshape(len(images), -1) + 1) * 8)


def images_of(v: torch.Tensor) -> torch.Tensor:
    """Dequantized values ``v`` ``(N, 64)`` back to images ``(N, 1, 8, 8)`` in [-1, 1]: level ``floor(v)``."""
    k = torch.floor(v).clamp(0, LEVELS - 1)
    return (k / 8 - 1).reshape(len(v), 1, SIDE, SIDE)


def digits_flow(cfg: DigitsFlowConfig = DigitsFlowConfig(), seed: int = 0) -> FlowModel:
    with device.seeded(seed):
        return FlowModel(kind="realnvp", dim=DIM, image_side=SIDE, levels=LEVELS, **asdict(cfg))


def digits_run(cfg: TrainConfig = DIGITS_CONFIG, model_cfg: DigitsFlowConfig = DigitsFlowConfig()) -> TrainRun:
    """A fresh digits RealNVP training on the train split's pixel levels (dequantized each update)."""
    return flow_run(digits_flow(model_cfg, cfg.seed), levels_of(load_split().x_train), cfg, dequantize=True)


@torch.no_grad()
def image_bits_per_dim(model: FlowModel, levels: torch.Tensor, draws: int = BPD_DRAWS, seed: int = 0) -> np.ndarray:
    """Each image's ``bits/dim = -E_u log p(k + u) / (D ln 2)`` over ``draws`` dequantization draws of
    ``levels`` ``(N, D)``: ``(N,)``."""
    gen = torch.Generator().manual_seed(seed)  # the dequantization noise is drawn on the CPU, then moved
    total = torch.zeros(len(levels), dtype=torch.float64)
    for _ in range(draws):
        v = levels + torch.rand(levels.shape, generator=gen)
        total += -model.log_prob(v.to(device.device())).double().cpu()
    return (total / draws / (levels.shape[1] * math.log(2))).numpy()


def bits_per_dim(model: FlowModel, levels: torch.Tensor, draws: int = BPD_DRAWS, seed: int = 0) -> float:
    """Mean bits/dim of ``levels`` ``(N, D)`` (``image_bits_per_dim``)."""
    return float(image_bits_per_dim(model, levels, draws, seed).mean())


@torch.no_grad()
def sample_images(model: FlowModel, n: int, temperature: float, seed: int) -> torch.Tensor:
    """``n`` digits ``(n, 1, 8, 8)`` in [-1, 1] sampled at ``temperature`` from ``seed``."""
    return images_of(model.sample(n, device.generator(seed), temperature).cpu())


@torch.no_grad()
def confidence(images: torch.Tensor) -> float:
    """Mean top-class probability of the shipped ``digits-classifier`` on ``images``."""
    return confidence_interval(images)[0]


@torch.no_grad()
def confidence_interval(images: torch.Tensor) -> tuple[float, float, float]:
    """Mean top-class probability on ``images`` and its 95% t interval over the images."""
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), images)
    return mean_interval(probs.max(-1).values.double().numpy())


@torch.no_grad()
def interpolate(model: FlowModel, a: torch.Tensor, b: torch.Tensor, steps: int) -> torch.Tensor:
    """Images ``(steps, 1, 8, 8)`` decoded from ``z = (1 - t) f(a) + t f(b)``, ``t`` from 0 to 1, where ``a``
    and ``b`` are images ``(1, 8, 8)`` encoded at the centre of their pixel bins (``u = 1/2``)."""
    v = levels_of(torch.stack([a, b])).to(device.device()) + 0.5
    z, _ = model(v)
    t = torch.linspace(0, 1, int(steps), device=z.device)[:, None]
    return images_of(model.inverse((1 - t) * z[0] + t * z[1])).cpu()


def bits_per_dim_and_confidence(model: FlowModel) -> dict:
    """Test bits/dim (and train, to show over-fitting), the 17-level uniform reference, and the classifier's
    confidence in ``QUALITY_SAMPLES`` samples at temperature 0.7 and 1.0; each with its 95% t interval over
    the images."""
    split = load_split()
    out = {**per_item("test_bpd", image_bits_per_dim(model, levels_of(split.x_test))),
           **per_item("train_bpd", image_bits_per_dim(model, levels_of(split.x_train))),
           "uniform_bpd": math.log2(LEVELS)}
    for temp in (QUALITY_TEMPERATURE, 1.0):
        out.update(with_interval(f"confidence_t{temp:g}",
                                 *confidence_interval(sample_images(model, QUALITY_SAMPLES, temp, QUALITY_SEED))))
    out.update(with_interval("real_test_confidence", *confidence_interval(split.x_test)))
    return out


def strip_pixels(images: torch.Tensor) -> np.ndarray:
    """Images in [-1, 1] to uint8 ``(N, 8, 8)`` for ``demos.common.images.digit_grid``."""
    from core.data.digits import to_pixels

    return to_pixels(images)
