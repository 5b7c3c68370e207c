"""Rectified flow on the 8x8 digits: a class-conditional flow-matching UNet and its reflowed version.

The network is the digits UNet family (``core.nn.unet_digits``) at a smaller width, ``(16, 32, 32)``
channels (0.24M parameters): measured on this 2-core CPU at batch 128, one update costs ~0.6 s
against ~1.1 s for the diffusion tab's ``(32, 64, 64)``, so each digits flow trains in about 8
minutes. Labels are dropped to the null class (10) 10% of the time, as for the diffusion digits model.

- ``rf-digits-1``: flow matching with independent coupling (``x_1 ~ N(0, I)``), the 1-rectified flow.
- ``rf-digits-2``: reflow (Liu et al. 2022, Alg. 1): ``PAIRS`` pairs ``(z_0, z_1)`` with ``z_1 ~ N(0, I)`` and
  ``z_0`` the 1-rectified flow's sample of a given class in ``PAIR_STEPS`` scheduler steps; the
  2-rectified flow starts from the 1-rectified weights and is trained on those pairs.

Sampling goes through ``FlowMatchEulerDiscreteScheduler`` (``core.rectified_flow.sampling``).
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, replace

import torch

from core.data.digits import load_split
from core.data.pools import Pool
from core.metrics.classify import digits_quality
from core.nn.unet_digits import build_digits_unet
from core.rectified_flow.objective import FlowMatchingObjective, FlowTrainConfig, independent, predict_class_unet
from core.rectified_flow.sampling import generate_flow_digits
from core.runtime import checkpoints, device
from core.train.loop import TrainRun

UNET_OVERRIDES = {"block_out_channels": (16, 32, 32)}  # the smaller member of the digits UNet family
FLOW_DIGITS_CONFIG = FlowTrainConfig(steps=800, batch_size=128, lr=2e-3, warmup=50, ema_decay=0.995,
                                     p_uncond=0.1, seed=0, log_every=50)
REFLOW_DIGITS_CONFIG = replace(FLOW_DIGITS_CONFIG, coupling="paired", steps=600, lr=1e-3, p_uncond=0.0, seed=1)


@dataclass(frozen=True)
class ReflowConfig:
    pairs: int = 3000  # (z_0, z_1) pairs drawn from the previous flow (class-balanced)
    steps: int = 20  # scheduler steps per pair (the previous flow's ODE, solved with Euler)
    guidance_scale: float = 1.0  # classifier-free guidance of the previous flow when drawing pairs
    seed: int = 7  # seeds the pairs' noise z_1
    batch: int = 500  # pairs drawn per forward batch


REFLOW_DIGITS = ReflowConfig()
EVAL_STEPS = (1, 2, 4, 8)  # scheduler steps at which the shipped digits flows are measured
EVAL_SAMPLES = 500  # class-balanced samples per measurement


def digits_flow_run(unet, pool_draw, cfg: FlowTrainConfig) -> TrainRun:
    """A ``TrainRun`` of the digits UNet on flow matching (``cfg.coupling``), labels dropped with ``cfg.p_uncond``."""
    return TrainRun(unet, pool_draw, FlowMatchingObjective(predict_class_unet, cfg.coupling, cfg.p_uncond,
                                                           cfg.null_class), cfg)


def new_digits_run(cfg: FlowTrainConfig = FLOW_DIGITS_CONFIG) -> TrainRun:
    """The 1-rectified digits flow: a fresh small UNet (initialised from ``cfg.seed``) on the train split."""
    split = load_split()
    with device.seeded(cfg.seed):
        unet = build_digits_unet(**UNET_OVERRIDES)
    return digits_flow_run(unet, independent(Pool(split.x_train, split.y_train)), cfg)


def reflow_pairs(unet, cfg: ReflowConfig = REFLOW_DIGITS) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """``(z_0, labels, z_1)``: class-balanced pairs drawn by the flow ``unet`` (``cfg.steps`` scheduler steps)."""
    labels = torch.arange(cfg.pairs) % 10
    z0, z1 = [], []
    for k, chunk in enumerate(labels.split(cfg.batch)):
        out = generate_flow_digits(unet, chunk, cfg.steps, cfg.guidance_scale, seed=cfg.seed * 1000 + k)
        z1.append(torch.randn((len(chunk), 1, 8, 8), generator=device.generator(cfg.seed * 1000 + k),
                              device=device.device()).cpu())
        z0.append(out.x)
    return torch.cat(z0), labels, torch.cat(z1)


def reflow_run(unet, pairs: tuple, cfg: FlowTrainConfig = REFLOW_DIGITS_CONFIG) -> TrainRun:
    """The next rectified flow: a copy of ``unet`` (warm start) trained on coupled ``pairs`` ``(z_0, labels, z_1)``."""
    model = copy.deepcopy(unet).train().requires_grad_(True)
    return digits_flow_run(model, Pool(*pairs), cfg)


def digits_flow_quality(unet, steps: int, n: int = EVAL_SAMPLES, guidance_scale: float = 1.0, seed: int = 0) -> dict:
    """Fréchet distance (with floor) and class accuracy of ``n`` class-balanced samples in ``steps`` steps."""
    split, clf = load_split(), checkpoints.load_model("digits-classifier")
    labels = torch.arange(n) % 10
    out = generate_flow_digits(unet, labels, steps, guidance_scale, seed=seed)
    return {**digits_quality(clf, out.x, labels, split.x_test), "nfe": out.nfe}


def digits_flow_figures(unet) -> dict:
    """The figures recorded with a digits flow checkpoint: quality at ``EVAL_STEPS`` scheduler steps."""
    return {f"euler{s}": digits_flow_quality(unet, s) for s in EVAL_STEPS}

