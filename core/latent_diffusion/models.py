"""The latent diffusion model's components: autoencoder, class tokens and latent UNet (Rombach et al. 2022).

- ``AutoencoderKL`` (diffusers, KL-regularised as Stable Diffusion's): ``x (B, 1, 8, 8) -> z (B, c, 8/f, 8/f)``
  and back, at downsampling factor ``f`` (1, 2 or 4: one encoder block per halving plus one). The latent scale
  factor ``s`` (Stable Diffusion's 0.18215) is measured as ``1 / std(z)`` over the training digits and stored
  in the autoencoder's own config (``scaling_factor``), so the diffusion runs on ``s z`` of unit variance.
- ``ClassTokens``: a learned embedding of each class (0..9, and ``NULL_CLASS`` for classifier-free guidance) as
  ``TOKENS`` tokens of width ``cross_attention_dim``: the place where Stable Diffusion puts the text encoder's
  output. The latent UNet reads them through cross-attention (``encoder_hidden_states``), nowhere else.
- ``UNet2DConditionModel`` (diffusers) predicting ``eps`` of ``z_t = sqrt(alpha_bar_t) s z + sqrt(1 - alpha_bar_t)
  eps``; its cross-attention sits in the mid block (``UNetMidBlock2DCrossAttn``), which is cheap at 2x2 to 4x4.

Each shipped model is one folder per component in ``save_pretrained`` layout (``vae/``, ``unet/``,
``class_tokens/``, ``scheduler/``), as a diffusers pipeline saves itself.
"""
from __future__ import annotations

from dataclasses import dataclass

import torch
from diffusers import AutoencoderKL, DDPMScheduler, UNet2DConditionModel
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin

from core.data.digits import NUM_CLASSES

NULL_CLASS = NUM_CLASSES  # class index meaning "no class" (classifier-free guidance)
TOKENS = 4  # class tokens the UNet cross-attends to
FACTORS = (1, 2, 4)  # downsampling factors shipped


@dataclass(frozen=True)
class LatentShape:
    """The sizes of one downsampling factor's autoencoder and latent UNet."""

    f: int  # downsampling factor: latents are (8 / f) x (8 / f)
    channels: int  # latent channels c
    vae_blocks: tuple[int, ...]  # the autoencoder's block widths (one block per halving, plus one)
    unet_blocks: tuple[int, ...]  # the latent UNet's block widths (one block per halving, plus one)
    cross_dim: int = 32  # width of the class tokens (the UNet's cross_attention_dim)

    @property
    def side(self) -> int:
        """The latent's side in pixels."""
        return 8 // self.f


SHAPES = {
    1: LatentShape(1, 4, (16,), (32, 64)),
    2: LatentShape(2, 4, (16, 32), (32, 64)),
    4: LatentShape(4, 4, (16, 32, 32), (64,)),
}


class ClassTokens(ModelMixin, ConfigMixin):
    """``labels (B,) -> (B, tokens, dim)``: a learned embedding per class, the conditioning sequence the latent
    UNet's cross-attention reads (Stable Diffusion's text-encoder output, here one short "prompt" per class)."""

    @register_to_config
    def __init__(self, num_classes: int = NUM_CLASSES + 1, tokens: int = TOKENS, dim: int = 32):
        super().__init__()
        self.embed = torch.nn.Embedding(num_classes, tokens * dim)
        torch.nn.init.normal_(self.embed.weight, std=1.0)

    def forward(self, labels: torch.Tensor) -> torch.Tensor:
        return self.embed(labels).view(len(labels), self.config.tokens, self.config.dim)


class LatentDenoiser(torch.nn.Module):
    """The two trained parts of the denoiser, ``eps(z_t, t, c) = unet(z_t, t, tokens(c))``, held as one module
    for training (one optimizer, one EMA); they are saved and loaded as separate components."""

    def __init__(self, unet: UNet2DConditionModel, tokens: ClassTokens):
        super().__init__()
        self.unet, self.tokens = unet, tokens

    def forward(self, z_t: torch.Tensor, t: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
        return self.unet(z_t, t, self.tokens(labels)).sample


def build_vae(shape: LatentShape) -> AutoencoderKL:
    """A fresh ``AutoencoderKL`` for 8x8 one-channel digits at ``shape.f`` (global torch RNG: seed around it)."""
    n = len(shape.vae_blocks)
    return AutoencoderKL(in_channels=1, out_channels=1, down_block_types=("DownEncoderBlock2D",) * n,
                         up_block_types=("UpDecoderBlock2D",) * n, block_out_channels=shape.vae_blocks,
                         latent_channels=shape.channels, layers_per_block=1, norm_num_groups=8, sample_size=8,
                         mid_block_add_attention=False)


def build_unet(shape: LatentShape) -> UNet2DConditionModel:
    """A fresh latent ``UNet2DConditionModel``: plain ResNet blocks, class tokens through the mid block's
    cross-attention (global torch RNG: seed around it)."""
    n = len(shape.unet_blocks)
    return UNet2DConditionModel(sample_size=shape.side, in_channels=shape.channels, out_channels=shape.channels,
                                block_out_channels=shape.unet_blocks, down_block_types=("DownBlock2D",) * n,
                                up_block_types=("UpBlock2D",) * n, mid_block_type="UNetMidBlock2DCrossAttn",
                                layers_per_block=1, norm_num_groups=8, cross_attention_dim=shape.cross_dim,
                                attention_head_dim=8)


def latent_schedule() -> DDPMScheduler:
    """The pixel digits' schedule (linear betas, T = 1000, trailing spacing) without clipping: scaled latents
    have unit variance, not the range [-1, 1]."""
    return DDPMScheduler(num_train_timesteps=1000, beta_schedule="linear", clip_sample=False,
                         timestep_spacing="trailing", prediction_type="epsilon")
