"""Recipe of the comparison's own checkpoint: ``vae-digits-logistic``, a ``LevelsVAE`` (16-d latent, the
width and depth of ``vae-z16``) trained on the negative ELBO with its discretized-logistic decoder, so the VAE
row of the digits table is a bound in bits per pixel of the 17-level digits."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass

import torch

from core.compare.models import LevelsVAE, levels_of_batch
from core.data.digits import load_split
from core.data.pools import Pool
from core.runtime import checkpoints, device
from core.train.loop import TrainConfig, TrainRun, fit
from core.vae.objective import kl_per_dim, reparameterize

NAME = "vae-digits-logistic"  # the checkpoint
CONFIG = TrainConfig(steps=3000, batch_size=128, lr=2e-3, warmup=200, weight_decay=1e-4, ema_decay=0.999,
                     log_every=250)


@dataclass(frozen=True)
class LevelsVAEConfig:
    latent_dim: int = 16  # latent dimensions (vae-z16's)
    hidden: int = 256  # MLP width
    depth: int = 2  # hidden layers of encoder and decoder
    kl_warmup: int = 500  # updates over which the KL weight rises linearly to 1


class LevelsElbo:
    """Mean negative ELBO ``E_q[-ln p(x|z)] + w KL`` (nats per digit) of a batch ``(images, labels)``, the KL
    weight ``w`` warmed up linearly over ``kl_warmup`` calls (Bowman et al. 2016)."""

    def __init__(self, kl_warmup: int = 0):
        self.kl_warmup, self.calls = int(kl_warmup), 0

    def __call__(self, model, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        x = batch[0]
        mu, logvar = model.encode(x)
        recon = -model.log_prob_given(reparameterize(mu, logvar, gen), levels_of_batch(x))
        w = min(1.0, (self.calls + 1) / self.kl_warmup) if self.kl_warmup else 1.0
        self.calls += 1
        return (recon + w * kl_per_dim(mu, logvar).sum(1)).mean()


def train_levels_vae(mcfg: LevelsVAEConfig = LevelsVAEConfig(), cfg: TrainConfig = CONFIG) -> dict:
    from core.compare.digits import vae_row  # the figures the table shows

    split = load_split()
    with device.seeded(cfg.seed):
        model = LevelsVAE(latent_dim=mcfg.latent_dim, hidden=mcfg.hidden, depth=mcfg.depth)
    run = TrainRun(model, Pool(split.x_train, split.y_train), LevelsElbo(mcfg.kl_warmup), cfg)
    ev = fit(run, NAME)
    q = {"train": {**asdict(cfg), **asdict(mcfg), "seconds": ev.seconds}}
    checkpoints.save(NAME, run.ema, None, q)
    q.update(vae_row(run.ema, ks=(1, 10, 100)))
    checkpoints.save(NAME, run.ema, None, q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {NAME: train_levels_vae}
