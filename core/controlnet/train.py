"""Training a ControlNet on (digit, condition) pairs against the frozen digits UNet.

Same objective as the base model (Ho et al. 2020): ``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 -
alpha_bar_t) eps`` and ``|| eps - UNet(x_t, t, y; ControlNet(x_t, t, y, c)) ||^2``, but only
the ControlNet's weights (the encoder copy, the condition encoder and the zero convolutions)
receive updates; the UNet is frozen, so at step 0 the prediction equals the base model's.
Class labels are dropped to the null class with probability ``p_uncond`` (ControlNet drops
50% of prompts), which teaches the ControlNet to carry the shape alone (no class, guess mode).
Runs on the base loop (``core.train.loop``); the EMA ControlNet is what is saved.
"""
from __future__ import annotations

import torch
from diffusers import ControlNetModel, DDPMScheduler

from core.data.pools import Pool
from core.diffusion.objective import DiffusionTrainConfig, diffusion_run
from core.nn.unet_digits import NULL_CLASS, placeholder_states
from core.train.loop import TrainRun

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


def controlnet_run(unet, controlnet: ControlNetModel, images: torch.Tensor, conditions: torch.Tensor,
                   labels: torch.Tensor, scheduler: DDPMScheduler, cfg: DiffusionTrainConfig = CONTROLNET_TRAIN) -> TrainRun:
    """A ``TrainRun`` of ``controlnet`` on ``images`` ``(N, 1, 8, 8)``, ``conditions`` ``(N, 1, s, s)`` and
    ``labels`` ``(N,)`` on the base loop; only the ControlNet's parameters are in the optimizer, so ``unet``
    (a shipped model, loaded frozen by ``core.runtime.checkpoints``) stays as it is."""

    def predict(model, x_t, t, y, cond):
        return controlled_eps(unet, model, x_t, t, y, cond)

    return diffusion_run(controlnet, Pool(images, labels, conditions), scheduler, cfg, predict)
