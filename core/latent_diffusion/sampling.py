"""Sampling the latent diffusion model on the project's one loop (``core.sampling.scheduler_loop.sample``).

Text-to-image as Stable Diffusion runs it, with a class for the prompt: ``z_T ~ N(0, I)`` of the latent's
shape, DDIM over the latent UNet under classifier-free guidance
``eps = eps(z_t, null) + w (eps(z_t, c) - eps(z_t, null))`` (the one combine, through ``ModelAdapter``),
then the decoder: ``x_hat = D(z_0 / s)`` with ``s`` the autoencoder's measured ``scaling_factor``.

- ``img2img`` (SDEdit, Meng et al. 2022): ``z_0 = s E(x)``, noised to the strength's time
  ``z_t = sqrt(alpha_bar_t) z_0 + sqrt(1 - alpha_bar_t) eps`` and denoised from there (diffusers'
  img2img convention: ``int(steps * strength)`` of the ``steps`` steps are run).
- ``interpolate``: the initial noises of two seeds mixed by spherical interpolation (slerp), which keeps the
  norm of a Gaussian draw, then sampled deterministically (DDIM, eta 0) and decoded.
- ``signal_to_noise``: ``SNR(t) = alpha_bar_t var(z) / (1 - alpha_bar_t)`` of the forward process on data of
  variance ``var(z)``: unscaled latents of small variance are drowned by noise early in the schedule.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch

from core.runtime import device
from core.sampling.adapters import ModelAdapter
from core.sampling.contract import Callback
from core.sampling.generate import Generated, run_seeded, run_timed
from core.sampling.scheduler_loop import make_scheduler, sample


@dataclass(frozen=True)
class LatentModel:
    """One downsampling factor's pipeline: its frozen shared components and noise-schedule config."""

    f: int  # downsampling factor
    vae: torch.nn.Module  # AutoencoderKL (config.scaling_factor: the measured s)
    unet: torch.nn.Module  # latent UNet2DConditionModel
    tokens: torch.nn.Module  # ClassTokens
    scheduler: dict  # the noise schedule's config

    @property
    def latent_shape(self) -> tuple[int, int, int]:
        """``(c, side, side)`` of one latent."""
        c = self.unet.config.in_channels
        return c, self.unet.config.sample_size, self.unet.config.sample_size

    @property
    def scale(self) -> float:
        """The latent scale factor s = 1 / std(z), measured at training."""
        return float(self.vae.config.scaling_factor)


class LatentClassEps(ModelAdapter):
    """``eps(z_t, t)`` of the latent UNet for classes ``labels`` ``(B,)`` at guidance scale ``w``.

    The class enters only as ``ClassTokens(labels)`` through cross-attention (``encoder_hidden_states``);
    guided, one batched forward of ``[z_t; z_t]`` with tokens of ``[c; null]`` (``ModelAdapter``)."""

    def __init__(self, unet, tokens, labels: torch.Tensor, guidance_scale: float = 1.0):
        from core.latent_diffusion.models import NULL_CLASS

        w = float(guidance_scale)
        labels = labels.to(unet.device)
        super().__init__(w, w != 1.0 and bool((labels != NULL_CLASS).any()))
        labels_in = torch.cat([labels, torch.full_like(labels, NULL_CLASS)]) if self.guided else labels
        with torch.no_grad():
            self.states = tokens(labels_in)
        self.unet = unet

    def forward(self, z: torch.Tensor, t) -> torch.Tensor:
        t = torch.as_tensor(t, device=z.device).expand(z.shape[0])
        return self.unet(z, t, self.states).sample


@torch.no_grad()
def encode(vae, x: torch.Tensor) -> torch.Tensor:
    """``s E(x)``: the scaled posterior mean ``(B, c, 8/f, 8/f)`` of images ``x`` ``(B, 1, 8, 8)`` in [-1, 1]."""
    return vae.encode(x.to(vae.device, vae.dtype)).latent_dist.mean * vae.config.scaling_factor


@torch.no_grad()
def decode(vae, z: torch.Tensor) -> torch.Tensor:
    """``D(z / s)``: images ``(B, 1, 8, 8)`` clipped to [-1, 1] from scaled latents ``z``."""
    return vae.decode(z / vae.config.scaling_factor).sample.clamp(-1, 1)


def generate(ld: LatentModel, labels: torch.Tensor, w: float, steps: int, seed: int,
             callback: Callback | None = None) -> tuple[Generated, torch.Tensor]:
    """One decoded digit per label (DDIM, eta 0, guidance ``w``) and the final scaled latents; the time covers
    the noise, every UNet step and the decoder."""
    eps = LatentClassEps(ld.unet, ld.tokens, labels, w)
    final: list[torch.Tensor] = []

    def run(noise: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        z = sample(eps, noise, steps=steps, scheduler_config=ld.scheduler, method="ddim", eta=0.0, generator=gen,
                   callback=callback)
        final.append(z.cpu())
        return decode(ld.vae, z)

    g = run_seeded(run, eps, (len(labels), *ld.latent_shape), seed)
    return g, final[0]


def start_index(steps: int, strength: float) -> int:
    """The first step SDEdit runs of a ``steps``-step grid at ``strength`` (diffusers' img2img rule)."""
    return int(steps) - min(int(int(steps) * float(strength)), int(steps))


def img2img(ld: LatentModel, images: torch.Tensor, label: int, strength: float, w: float, steps: int,
            seed: int) -> Generated:
    """SDEdit: each image ``(B, 1, 8, 8)`` encoded, noised to the strength's time with the seed's noise and
    denoised under class ``label``; strength 0 returns the autoencoder's reconstruction, 1 starts from noise."""
    labels = torch.full((len(images),), int(label), dtype=torch.long)
    eps = LatentClassEps(ld.unet, ld.tokens, labels, w)
    z0 = encode(ld.vae, images.to(device.device()))
    first = start_index(steps, strength)
    sched = make_scheduler("ddim", ld.scheduler)
    sched.set_timesteps(int(steps), device=z0.device)

    def run(noise: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
        if first >= steps:
            return decode(ld.vae, z0)
        z_t = sched.add_noise(z0, noise, sched.timesteps[first:first + 1])
        z = sample(eps, z_t, steps=steps, scheduler_config=ld.scheduler, method="ddim", eta=0.0, generator=gen,
                   start=first)
        return decode(ld.vae, z)

    return run_seeded(run, eps, tuple(z0.shape), seed)


def slerp(a: torch.Tensor, b: torch.Tensor, alpha: float) -> torch.Tensor:
    """Spherical interpolation of two flattened draws: ``sin((1-a) theta) / sin theta a + sin(a theta) / sin theta b``
    (linear where they are parallel)."""
    fa, fb = a.flatten(), b.flatten()
    cos = torch.clamp(fa @ fb / (fa.norm() * fb.norm()), -1.0, 1.0)
    theta = torch.arccos(cos)
    if float(theta) < 1e-4:
        return (1 - alpha) * a + alpha * b
    return (torch.sin((1 - alpha) * theta) * a + torch.sin(alpha * theta) * b) / torch.sin(theta)


def interpolate(ld: LatentModel, label: int, seed_a: int, seed_b: int, frames: int, w: float,
                steps: int) -> Generated:
    """``frames`` digits of class ``label`` decoded from the slerp of seeds ``seed_a`` and ``seed_b``'s noise."""
    shape = (1, *ld.latent_shape)
    ends = [torch.randn(shape, generator=device.generator(s), device=device.device(), dtype=device.dtype())
            for s in (seed_a, seed_b)]
    noise = torch.cat([slerp(ends[0], ends[1], float(a)) for a in np.linspace(0.0, 1.0, frames)])
    labels = torch.full((frames,), int(label), dtype=torch.long)
    eps = LatentClassEps(ld.unet, ld.tokens, labels, w)
    start = time.perf_counter()
    return run_timed(lambda: decode(ld.vae, sample(eps, noise, steps=steps, scheduler_config=ld.scheduler,
                                                   method="ddim", eta=0.0)), eps, start)


def signal_to_noise(alphas_cumprod: torch.Tensor, variance: float) -> np.ndarray:
    """``SNR(t) = alpha_bar_t variance / (1 - alpha_bar_t)`` ``(T,)`` of the forward process on data of that
    per-element variance."""
    a = alphas_cumprod.double().numpy()
    return a * float(variance) / (1.0 - a)
