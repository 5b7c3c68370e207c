"""Training a ControlNet on (digit, condition) pairs against the frozen digits UNet.

Same objective as the base model (Ho et al. 2020): ``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 -
alpha_bar_t) eps`` and ``|| eps - UNet(x_t, t, y; ControlNet(x_t, t, y, c)) ||^2``, but only
the ControlNet's weights (the encoder copy, the condition encoder and the zero convolutions)
receive updates; the UNet is frozen, so at step 0 the prediction equals the base model's.
Class labels are dropped to the null class with probability ``p_uncond`` (ControlNet drops
50% of prompts), which teaches the ControlNet to carry the shape alone (no class, guess mode).
Yields ``core.train.loop.TrainEvent`` like the base loop; the EMA ControlNet is what is saved.
"""
from __future__ import annotations

import copy
import time
from typing import Iterator

import torch
from accelerate import Accelerator
from diffusers import ControlNetModel, DDPMScheduler

from core.models.unet_digits import NULL_CLASS, placeholder_states
from core.train.loop import DiffusionTrainConfig, TrainEvent, _ema_update, _lr_lambda

CONTROLNET_TRAIN = DiffusionTrainConfig(steps=1200, batch_size=64, lr=1e-3, warmup=50, ema_decay=0.995,
                                        p_uncond=0.5, null_class=NULL_CLASS, seed=0, log_every=50)


def controlnet_from_unet(unet, control_side: int = 8) -> ControlNetModel:
    """A ControlNet copied from ``unet`` for 1-channel control images ``control_side`` pixels wide.

    The condition encoder halves the control image with each stride-2 convolution down to the
    UNet's 8x8 (channels 16, 32, 64 as in ControlNet's 16, 32, 96, 256): ``(16,)`` for 8x8
    controls, ``(16, 32, 64)`` for 32x32. The global RNG seeds it; every zero convolution starts at zero.
    """
    halvings = max(0, int(control_side).bit_length() - int(unet.config.sample_size).bit_length())
    channels = tuple(16 * 2**i for i in range(halvings + 1))
    return ControlNetModel.from_unet(unet, conditioning_embedding_out_channels=channels, conditioning_channels=1)


def controlled_eps(unet, controlnet, x_t, t, labels, cond) -> torch.Tensor:
    """``eps`` of the UNet with the ControlNet's residuals added at scale 1."""
    states = placeholder_states(unet, len(x_t), x_t.device)
    down, mid = controlnet(x_t, t, states, cond, class_labels=labels, return_dict=False)
    return unet(x_t, t, states, class_labels=labels, down_block_additional_residuals=list(down),
                mid_block_additional_residual=mid).sample


def train_controlnet(unet, controlnet: ControlNetModel, images: torch.Tensor, conditions: torch.Tensor,
                     labels: torch.Tensor, scheduler: DDPMScheduler,
                     cfg: DiffusionTrainConfig = CONTROLNET_TRAIN) -> Iterator[TrainEvent]:
    """Train ``controlnet`` on ``images`` ``(N, 1, 8, 8)``, ``conditions`` ``(N, 1, s, s)`` and ``labels`` ``(N,)``.

    Yields a ``TrainEvent`` every ``cfg.log_every`` updates; stop iterating to cancel.
    """
    accelerator = Accelerator()
    gen = torch.Generator().manual_seed(cfg.seed + accelerator.process_index)
    unet = unet.to(accelerator.device).eval().requires_grad_(False)
    ema = copy.deepcopy(controlnet).eval().requires_grad_(False)
    opt = torch.optim.AdamW(controlnet.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    lr_sched = torch.optim.lr_scheduler.LambdaLR(opt, _lr_lambda(cfg))
    controlnet, opt, lr_sched = accelerator.prepare(controlnet, opt, lr_sched)
    ema.to(accelerator.device)
    alphas = scheduler.alphas_cumprod.to(accelerator.device)
    T = scheduler.config.num_train_timesteps
    controlnet.train()
    start, running, count = time.perf_counter(), 0.0, 0
    for step in range(1, cfg.steps + 1):
        idx = torch.randint(0, len(images), (cfg.batch_size,), generator=gen)
        x0, cond, y = (v[idx].to(accelerator.device) for v in (images, conditions, labels))
        drop = (torch.rand(y.shape, generator=gen) < cfg.p_uncond).to(y.device)
        y = torch.where(drop, torch.full_like(y, cfg.null_class), y)
        t = torch.randint(0, T, (x0.shape[0],), generator=gen).to(accelerator.device)
        eps = torch.randn(x0.shape, generator=gen).to(accelerator.device)
        a = alphas[t].view(-1, 1, 1, 1)
        x_t = a.sqrt() * x0 + (1 - a).sqrt() * eps
        loss = torch.nn.functional.mse_loss(controlled_eps(unet, controlnet, x_t, t, y, cond), eps)
        opt.zero_grad(set_to_none=True)
        accelerator.backward(loss)
        accelerator.clip_grad_norm_(controlnet.parameters(), 1.0)
        opt.step()
        lr_sched.step()
        _ema_update(ema, accelerator.unwrap_model(controlnet), min(cfg.ema_decay, (1 + step) / (10 + step)))
        running += loss.item()
        count += 1
        if step % cfg.log_every == 0 or step == cfg.steps:
            yield TrainEvent(step, cfg.steps, running / count, ema, time.perf_counter() - start, step == cfg.steps)
            running, count = 0.0, 0
    controlnet.eval()
