"""Recipes of the latent diffusion checkpoints (``python -m core.train ld-f2``): ``ld-f1``, ``ld-f2``, ``ld-f4``.

Each recipe, from its configs' seeds: (1) trains an ``AutoencoderKL`` on the digits' train split with
``|| D(z) - x ||^2 + beta KL(q(z | x) || N(0, I))`` (``z`` drawn by reparameterisation; a small ``beta`` as Stable
Diffusion's autoencoder); (2) measures the scale factor ``s = 1 / std(z)`` over posterior draws of the train
digits and writes it into the autoencoder's config (``scaling_factor``); (3) trains the latent UNet and the class
tokens on ``s z`` with the denoising objective (``core.diffusion.objective.EpsObjective``, null class 10% of the
time); (4) saves ``checkpoints/ld-fF/{vae,unet,class_tokens,scheduler}`` and ``quality.json`` with the
reconstruction and sample figures. Each trains in a few minutes on one thread.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

import torch

from core.data.digits import load_split
from core.data.pools import Pool
from core.diffusion.objective import DiffusionTrainConfig, diffusion_run
from core.latent_diffusion import quality
from core.latent_diffusion.models import (
    FACTORS,
    NULL_CLASS,
    SHAPES,
    ClassTokens,
    LatentDenoiser,
    build_unet,
    build_vae,
    latent_schedule,
)
from core.latent_diffusion.sampling import LatentModel
from core.runtime import checkpoints, device
from core.train.loop import TrainConfig, TrainRun, fit


@dataclass(frozen=True)
class AutoencoderTrainConfig(TrainConfig):
    kl_weight: float = 1e-4  # beta: weight of the KL term per latent element against the squared error per pixel
    draws: int = 8  # posterior draws per train digit in the latent pool the UNet trains on


VAE_CONFIG = AutoencoderTrainConfig(steps=400, batch_size=128, lr=2e-3, warmup=50, ema_decay=0.99, seed=0, log_every=50)
UNET_CONFIG = DiffusionTrainConfig(steps=1500, batch_size=256, lr=3e-3, warmup=100, ema_decay=0.995, p_uncond=0.1,
                                   null_class=NULL_CLASS, seed=0, log_every=200)
# Latent UNet updates per factor: the shipped default f = 2 gets the full run; f = 1 (8x8 latents, the slowest
# per update) and f = 4 get shorter ones, sized to this shared 2-core machine, so their sample figures are upper
# bounds of what longer training reaches (their reconstruction and speed figures do not depend on it).
UNET_STEPS = {1: 400, 2: UNET_CONFIG.steps, 4: 600}


class KLAutoencoderObjective:
    """``mean (D(z) - x)^2 + beta mean KL(N(mu, sigma^2) || N(0, 1))`` with ``z = mu + sigma eps`` (Kingma &
    Welling 2014; Rombach et al. 2022's KL-reg autoencoder without its perceptual and adversarial terms)."""

    def __init__(self, kl_weight: float):
        self.kl_weight = float(kl_weight)

    def __call__(self, vae, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        x = batch[0]
        post = vae.encode(x).latent_dist
        z = post.mean + post.std * torch.randn(post.mean.shape, generator=gen).to(x.device)
        rec = torch.nn.functional.mse_loss(vae.decode(z).sample, x)
        kl = 0.5 * (post.mean ** 2 + post.var - 1.0 - post.logvar).mean()
        return rec + self.kl_weight * kl


@torch.no_grad()
def latent_pool(vae, x: torch.Tensor, y: torch.Tensor, draws: int, seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``draws`` posterior draws ``z ~ q(z | x)`` of every image (unscaled) and their labels repeated."""
    gen = torch.Generator().manual_seed(int(seed))
    post = vae.encode(x).latent_dist
    z = torch.cat([post.mean + post.std * torch.randn(post.mean.shape, generator=gen) for _ in range(draws)])
    return z, y.repeat(draws)


def predict_latent(model: LatentDenoiser, z_t, t, labels):
    """``eps`` of the latent denoiser (UNet + class tokens)."""
    return model(z_t, t, labels)


def recipe(f: int, vae_cfg: AutoencoderTrainConfig = VAE_CONFIG, unet_cfg: DiffusionTrainConfig | None = None) -> dict:
    """Train, measure and save ``ld-f{f}``; returns its quality figures."""
    unet_cfg = unet_cfg or replace(UNET_CONFIG, steps=UNET_STEPS[f])
    shape, name, split = SHAPES[f], quality.model_name(f), load_split()
    with device.seeded(vae_cfg.seed):
        vae = build_vae(shape)
    vae_run = TrainRun(vae, Pool(split.x_train), KLAutoencoderObjective(vae_cfg.kl_weight), vae_cfg)
    vae_ev = fit(vae_run, f"{name} autoencoder")
    vae = vae_run.snapshot()
    z, y = latent_pool(vae, split.x_train, split.y_train, vae_cfg.draws, vae_cfg.seed)
    scale = float(1.0 / z.std())
    vae.register_to_config(scaling_factor=scale)
    with device.seeded(unet_cfg.seed):
        denoiser = LatentDenoiser(build_unet(shape), ClassTokens(dim=shape.cross_dim))
    sched = latent_schedule()
    run = diffusion_run(denoiser, Pool(z * scale, y), sched, unet_cfg, predict=predict_latent)
    unet_ev = fit(run, f"{name} latent UNet")
    ld = LatentModel(f, vae, run.ema.unet, run.ema.tokens, dict(sched.config))
    q = {"f": f, "latent_shape": list(ld.latent_shape), "scaling_factor": scale, "latent_std": float(z.std()),
         "reconstruction": quality.reconstruction(vae), "samples": quality.samples(ld),
         "train": {"autoencoder": {**asdict(vae_cfg), "seconds": vae_ev.seconds},
                   "unet": {**asdict(unet_cfg), "seconds": unet_ev.seconds}}}
    checkpoints.save(f"{name}/vae", vae)
    checkpoints.save(f"{name}/unet", run.ema.unet)
    checkpoints.save(f"{name}/class_tokens", run.ema.tokens)
    sched.save_pretrained(checkpoints.path(name) / "scheduler")
    (checkpoints.path(name) / "quality.json").write_text(json.dumps(q, indent=2, sort_keys=True) + "\n")
    checkpoints.scheduler_config.cache_clear()
    quality.load.cache_clear()
    return q


RECIPES: dict[str, Callable[[], dict]] = {quality.model_name(f): (lambda f=f: recipe(f)) for f in FACTORS}
