"""Recipes of the shipped VAE checkpoints: ``NAME -> train, measure, save``.

- ``vae-z2-beta{0.25,1,2,4}``: ``ConvVAE`` with a 2D latent plane on digits, one per beta, the KL weight
  warmed up over 1000 updates. The MLP encoder generalised poorly from 1,437 training digits (test
  reconstructions classified correctly 83.3% at beta = 1, train 91.6%); the convolutional one reaches
  91.7% [88.9, 94.4] with test ELBO -23.83 (MLP: -24.08), and the warm-up keeps beta = 2 from collapsing;
- ``vae-z16``: a 16-d latent ``MLPVAE`` (beta = 1) for sample quality;
- ``vqvae-k{16,64,256}``: ``VQVAE`` with a 4x4 code map and K codes (codebook initialised from
  encoder outputs, as k-means initialisation does);
- ``vqvae-k64-prior``: the prior over ``vqvae-k64``'s 4x4 code maps (two-stage sampling): the autoregressive tab's
  gated PixelCNN (``core.autoregressive``'s model class, objective and sampler) over the grid of codes, a
  categorical over the K = 64 codes at each position, each code read through a learned embedding. It replaced a
  small causal transformer (2 layers, width 64), whose 200 two-stage samples (T = 1, seed 0) the classifier read
  with confidence 0.893 [0.871, 0.915] and whose test code maps cost 3.61 [3.56, 3.66] nats per code. Settings
  were chosen on the code maps of ``VALIDATION`` train digits held out of the fit, never on the test digits
  (nats per code): 32 channels, dropout 0.25 reached 3.256 at 500 of 1,500 updates, then overfitted (3.744 at
  1,500); 600 updates ended at 3.283 (chosen); dropout 0.5 for 1,000 updates at 3.303; 48 channels, dropout
  0.5, for 500 updates at 3.280; 64 channels (embedding 32) for 1,500 updates at 8.59 (memorised).

Each recipe is deterministic given its seed, so ``python -m core.train NAME`` reproduces it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import torch

from core.autoregressive.digits import Setting, ar_run
from core.autoregressive.recipes import build
from core.data.digits import load_split
from core.data.pools import Pool
from core.runtime import checkpoints, device
from core.train.loop import TrainConfig, TrainRun, fit
from core.vae.models import MLPVAE, VQVAE, ConvVAE
from core.vae.objective import ElboObjective, VQObjective
from core.vae.quality import code_maps, prior_figures, vae_figures, vq_figures

BETAS = (0.25, 1.0, 2.0, 4.0)  # the shipped beta-VAEs with a 2D latent (at 4 the posterior collapses)
CODEBOOK_SIZES = (16, 64, 256)  # the shipped VQ-VAEs' K
PRIOR_K = 64  # the VQ-VAE the code prior is trained on
VAE_CONFIG = TrainConfig(steps=3000, batch_size=128, lr=2e-3, warmup=200, weight_decay=1e-4, ema_decay=0.999,
                         log_every=250)
VQ_CONFIG = TrainConfig(steps=1500, batch_size=64, lr=2e-3, warmup=200, ema_decay=0.0, log_every=250)
PRIOR = Setting("gated", {"channels": 32, "embed": 16, "dilations": (1, 1, 1), "dropout": 0.25, "side": 4},
                TrainConfig(steps=600, batch_size=64, lr=2e-3, warmup=100, weight_decay=0.01, ema_decay=0.995,
                            seed=0, log_every=100), levels=PRIOR_K)  # the code prior: a gated PixelCNN on the 4x4 map


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


def train_prior(setting: Setting = PRIOR) -> dict:
    """The code prior of ``vqvae-k{setting.levels}``: exact maximum likelihood on its train code maps."""
    k = setting.levels
    vq = checkpoints.load_model(vq_name(k))
    if setting.model["side"] != vq.map_side:
        raise ValueError(f"the prior's side {setting.model['side']} is not the code map's {vq.map_side}")
    run = ar_run(build(setting), code_maps(vq, load_split().x_train), setting.train)
    ev = fit(run, prior_name(k))
    prior = run.ema.eval()
    q = {**prior_figures(vq, prior), "train_nats_per_code": run.mean_loss(100), "kind": setting.kind,
         "parameters": sum(p.numel() for p in prior.parameters()),
         "train": {**asdict(setting.train), "seconds": ev.seconds}}
    checkpoints.save(prior_name(k), prior, None, q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {vae_name(b): (lambda b=b: train_vae(vae_name(b), VAEModelConfig(beta=b, conv=True, kl_warmup=1000)))
                                          for b in BETAS}
RECIPES["vae-z16"] = lambda: train_vae("vae-z16", VAEModelConfig(latent_dim=16))
RECIPES.update({vq_name(k): (lambda k=k: train_vq(k)) for k in CODEBOOK_SIZES})
RECIPES[prior_name()] = train_prior
