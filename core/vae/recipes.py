"""Recipes of the shipped VAE checkpoints: ``NAME -> train, measure, save``.

- ``vae-z2-beta{0.25,1,2,4}``: ``ConvVAE`` with a 2D latent plane on digits, one per beta, the KL weight
  warmed up over 1000 updates. The MLP encoder generalised poorly from 1,437 training digits (test
  reconstructions classified correctly 83.3% at beta = 1, train 91.6%); the convolutional one reaches
  91.7% [88.9, 94.4] with test ELBO -23.83 (MLP: -24.08), and the warm-up keeps beta = 2 from collapsing;
- ``vae-z16``: a 16-d latent ``MLPVAE`` (beta = 1) for sample quality;
- ``vqvae-k{16,64,256}``: ``VQVAE`` with a 4x4 code map and K codes (codebook initialised from
  encoder outputs, as k-means initialisation does);
- ``vqvae-k64-prior``: ``CodePrior`` over ``vqvae-k64``'s train code maps (two-stage sampling).

Each recipe is deterministic given its seed, so ``python -m core.train NAME`` reproduces it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import torch

from core.data.digits import load_split
from core.data.pools import Pool
from core.runtime import checkpoints, device
from core.train.loop import TrainConfig, TrainRun, fit
from core.vae.models import MLPVAE, VQVAE, CodePrior, ConvVAE
from core.vae.objective import ElboObjective, PriorObjective, VQObjective
from core.vae.quality import prior_figures, vae_figures, vq_figures

BETAS = (0.25, 1.0, 2.0, 4.0)  # the shipped beta-VAEs with a 2D latent (at 4 the posterior collapses)
CODEBOOK_SIZES = (16, 64, 256)  # the shipped VQ-VAEs' K
PRIOR_K = 64  # the VQ-VAE the code prior is trained on
VAE_CONFIG = TrainConfig(steps=3000, batch_size=128, lr=2e-3, warmup=200, weight_decay=1e-4, ema_decay=0.999,
                         log_every=250)
VQ_CONFIG = TrainConfig(steps=1500, batch_size=64, lr=2e-3, warmup=200, ema_decay=0.0, log_every=250)
PRIOR_CONFIG = TrainConfig(steps=1000, batch_size=64, lr=2e-3, warmup=100, weight_decay=0.01, ema_decay=0.995,
                           log_every=250)


@dataclass(frozen=True)
class VAEModelConfig:
    latent_dim: int = 2  # latent dimensions
    hidden: int = 256  # MLP width
    depth: int = 2  # hidden layers of encoder and decoder (the MLP VAE's)
    beta: float = 1.0  # weight of the KL term
    conv: bool = False  # a ConvVAE (convolutional encoder and decoder, ``channels`` wide) instead of the MLPVAE
    channels: int = 32  # the ConvVAE's first convolution's channels (then twice that)
    kl_warmup: int = 0  # updates over which the KL weight rises linearly to beta (0: none)


def vae_name(beta: float) -> str:
    return f"vae-z2-beta{beta:g}"


def train_vae(name: str, mcfg: VAEModelConfig, cfg: TrainConfig = VAE_CONFIG) -> dict:
    split = load_split()
    with device.seeded(cfg.seed):
        if mcfg.conv:
            model = ConvVAE(latent_dim=mcfg.latent_dim, channels=mcfg.channels, hidden=mcfg.hidden)
        else:
            model = MLPVAE(data_dim=64, latent_dim=mcfg.latent_dim, hidden=mcfg.hidden, depth=mcfg.depth)
    run = TrainRun(model, Pool(split.x_train, split.y_train), ElboObjective(mcfg.beta, mcfg.kl_warmup), cfg)
    ev = fit(run, name)
    q = {**vae_figures(run.ema), "beta": mcfg.beta, "train": {**asdict(cfg), **asdict(mcfg), "seconds": ev.seconds}}
    checkpoints.save(name, run.ema, None, q)
    return q


def vq_name(k: int) -> str:
    return f"vqvae-k{k}"


@torch.no_grad()
def init_codebook(model: VQVAE, x: torch.Tensor, gen: torch.Generator) -> None:
    """Set the codebook to K encoder outputs at random positions of ``x`` (no code starts dead)."""
    z = model.encode(x).permute(0, 2, 3, 1).reshape(-1, model.config.code_dim)
    model.codebook.weight.copy_(z[torch.randperm(len(z), generator=gen)[: model.config.num_codes]])


def train_vq(k: int, cfg: TrainConfig = VQ_CONFIG, beta: float = 0.25) -> dict:
    split = load_split()
    with device.seeded(cfg.seed):
        model = VQVAE(num_codes=k)
    init_codebook(model, split.x_train, torch.Generator().manual_seed(cfg.seed))
    run = TrainRun(model, Pool(split.x_train, split.y_train), VQObjective(beta), cfg)
    ev = fit(run, vq_name(k))
    trained = run.accelerator.unwrap_model(run.model).eval()
    q = {**vq_figures(trained), "train": {**asdict(cfg), "commitment_beta": beta, "seconds": ev.seconds}}
    checkpoints.save(vq_name(k), trained, None, q)
    return q


def prior_name(k: int = PRIOR_K) -> str:
    return f"vqvae-k{k}-prior"


def train_prior(k: int = PRIOR_K, cfg: TrainConfig = PRIOR_CONFIG) -> dict:
    vq = checkpoints.load_model(vq_name(k))
    with torch.no_grad():
        codes = vq.quantize(vq.encode(load_split().x_train)).flatten(1).cpu()
    with device.seeded(cfg.seed):
        prior = CodePrior(num_codes=k, length=codes.shape[1])
    run = TrainRun(prior, Pool(codes), PriorObjective(), cfg)
    ev = fit(run, prior_name(k))
    q = {**prior_figures(vq, run.ema), "train_nats_per_code": run.mean_loss(100),
         "train": {**asdict(cfg), "seconds": ev.seconds}}
    checkpoints.save(prior_name(k), run.ema, None, q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {vae_name(b): (lambda b=b: train_vae(vae_name(b), VAEModelConfig(beta=b, conv=True, kl_warmup=1000)))
                                          for b in BETAS}
RECIPES["vae-z16"] = lambda: train_vae("vae-z16", VAEModelConfig(latent_dim=16))
RECIPES.update({vq_name(k): (lambda k=k: train_vq(k)) for k in CODEBOOK_SIZES})
RECIPES[prior_name()] = train_prior
