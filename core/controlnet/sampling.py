"""Sampling digits under a ControlNet, with the tab's default settings.

``generate_controlled`` seeds one generator, draws ``x_T`` from it and runs the shared DDIM/DDPM
sampler (``core.sampling.scheduler_loop``) on ``ControlledClassEps``, so the same seed gives the same digits
in the UI, through the API and in the metrics.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch

from core.controlnet.adapter import ControlledClassEps
from core.controlnet.conditions import CONDITION_TYPES
from core.runtime import checkpoints, device
from core.sampling.contract import Callback
from core.sampling.generate import Generated, run_sampler

BASE_MODEL = "digits-unet"  # the frozen base model every ControlNet was trained on
MAX_CONTROL_SCALE = 2.0  # largest control scale accepted
MAX_GUIDANCE = 10.0  # largest classifier-free guidance scale accepted
MAX_SAMPLES = 16  # digits per request


@dataclass(frozen=True)
class ControlSettings:
    samples: int = 4  # digits generated per request
    steps: int = 30  # DDIM steps
    method: str = "ddim"  # sampler
    control_scale: float = 1.0  # multiplier s of every ControlNet residual
    guidance_scale: float = 1.5  # classifier-free guidance w (1 = conditional only); the base degrades from w ~ 2
    seed: int = 0  # seed of the initial noise


DEFAULTS = ControlSettings()


def checkpoint_name(condition_type: str) -> str:
    """``controlnet-<type>``: each condition type ships as its own checkpoint."""
    if condition_type not in CONDITION_TYPES:
        raise ValueError(f"unknown condition type {condition_type!r}; choose from {CONDITION_TYPES}")
    return f"controlnet-{condition_type}"


def load(condition_type: str):
    """``(unet, controlnet, scheduler_config)`` for ``condition_type``, from the shipped checkpoints."""
    return (checkpoints.load_model(BASE_MODEL), checkpoints.load_model(checkpoint_name(condition_type)),
            checkpoints.scheduler_config(BASE_MODEL))


@dataclass
class ControlledGenerated(Generated):
    """``Generated`` plus the per-block RMS of the residuals the ControlNet injected."""

    residual_rms: list[float] | None = None


def generate_controlled(unet, controlnet, sched_cfg, *, cond: torch.Tensor, labels: torch.Tensor, steps: int,
                        control_scale: float = 1.0, guidance_scale: float = 1.0, guess_mode: bool = False,
                        method: str = "ddim", eta: float = 0.0, seed: int = 0,
                        callback: Callback | None = None) -> ControlledGenerated:
    """One digit per row of ``cond`` ``(N, 1, 8, 8)`` and ``labels`` ``(N,)`` (0..9 or 10 = no class), from the
    models (positional) and the keyword-only settings: ``steps`` of ``method`` (``eta`` for DDIM), the control
    scale, the guidance scale, guess mode (no class, see ``ControlledClassEps``) and the seed."""
    eps_model = ControlledClassEps(unet, controlnet, cond.to(device.device()), labels.to(device.device()),
                                   control_scale, guidance_scale, guess_mode)
    out = run_sampler(eps_model, (len(labels), 1, 8, 8), steps=steps, scheduler_config=sched_cfg, method=method,
                      eta=eta, seed=seed, callback=callback)
    return ControlledGenerated(out.x, out.nfe, out.seconds, eps_model.residual_rms())


def block_names(controlnet) -> list[str]:
    """A label per injected residual, in ``residual_rms`` order: ``"down1.res0 64ch 4x4"``, ..., ``"mid 64ch 2x2"``."""
    cfg = controlnet.config
    side = int(cfg.get("sample_size") or 8) if hasattr(cfg, "get") else 8
    chans = list(cfg.block_out_channels)
    names = [f"conv_in {chans[0]}ch {side}x{side}"]
    for i, ch in enumerate(chans):
        for j in range(cfg.layers_per_block):
            names.append(f"down{i}.res{j} {ch}ch {side}x{side}")
        if i < len(chans) - 1:
            side //= 2
            names.append(f"down{i}.downsample {ch}ch {side}x{side}")
    names.append(f"mid {chans[-1]}ch {side}x{side}")
    return names
