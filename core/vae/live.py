"""A VAE on 2D points trained live for the VAE tab: a ``core.train.live.LiveRun``.

The model is an ``MLPVAE`` with a 2D latent and a Gaussian decoder ``p(x|z) = N(mean(z), diag sigma^2)``
(one learned sigma per coordinate). What the tab shows after each slice of training:

- the decoder means ``mean(z)`` for ``z ~ N(0, I)`` against the data: a VAE with a Gaussian decoder
  puts its mass on a blurred version of the data, and ``x = mean(z) + sigma eps`` blurs it more;
- the aggregate posterior ``q(z) = 1/N sum_i q(z|x_i)`` (one ``z`` per data point) against ``N(0, I)``:
  the KL term pulls it toward the prior, the reconstruction term pulls it apart.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import torch

from core.data.targets import POINT_DATASETS, Target, make_target
from core.runtime import device
from core.runtime.validation import check_int, check_seed, number
from core.train.live import LIVE, LiveRun
from core.train.loop import TrainConfig, TrainRun
from core.vae.models import MLPVAE
from core.vae.objective import ElboObjective, reparameterize

LIVE_CONFIG = TrainConfig(steps=3000, batch_size=256, lr=3e-3, warmup=100, ema_decay=0.99, log_every=50)
MIN_BETA, MAX_BETA = 0.05, 10.0  # range of the live run's KL weight
BETA = number("beta", MIN_BETA, MAX_BETA, 1.0, 0.05)  # the live run's KL weight: its range and default


@dataclass(frozen=True)
class PointVAEConfig:
    hidden: int = 64  # MLP width
    depth: int = 3  # hidden layers of encoder and decoder


@dataclass(frozen=True)
class Preview:
    """The live panels' points, each ``(preview_points, 2)``: data, decoder means and noisy samples
    ``mean(z) + sigma eps`` for ``z ~ N(0, I)``, posterior samples of the data and prior samples."""

    data: np.ndarray
    means: np.ndarray
    samples: np.ndarray
    posterior: np.ndarray
    prior: np.ndarray
    sigma: tuple[float, float]


class LiveVAE(LiveRun):
    """One user's live 2D VAE on ``target`` for ``total`` updates with KL weight ``beta``, seeded by ``seed``."""

    config = replace(LIVE, pool=20_000)

    def __init__(self, target: Target, total: int, seed: int, beta: float = BETA.default):
        self.target, self.total, self.seed, self.beta = target, total, seed, beta
        cfg = replace(LIVE_CONFIG, steps=total, seed=seed)
        with device.seeded(seed):
            model = MLPVAE(data_dim=2, latent_dim=2, likelihood="gaussian", **PointVAEConfig().__dict__)
        run = TrainRun(model, target.pool(seed, self.config.pool), ElboObjective(beta), cfg)
        self.real = torch.from_numpy(target.reference(self.config.preview_points, 1)).to(device.device())
        self.start(run, self.key_of(target=target, seed=seed, beta=beta))

    @classmethod
    def check(cls, dataset: Any, drawing: Any, total: Any, beta: Any, seed: Any) -> dict[str, Any]:
        total = check_int("training updates", total, LIVE.min_updates, LIVE.max_updates)
        beta = BETA.check(beta)
        seed = check_seed(seed)
        return dict(target=make_target(dataset, drawing, POINT_DATASETS), total=total, seed=seed, beta=beta)

    @torch.no_grad()
    def preview(self) -> Preview:
        """The panels of the last snapshot, drawn from the run's seed (same seed, same picture); every tensor on
        the process device."""
        dev, n = device.device(), self.config.preview_points
        gen = device.generator(self.seed)
        m = self.model
        z = torch.randn((n, 2), generator=gen, device=dev)
        means = m.decode(z)
        sigma = m.log_sigma.exp()
        samples = means + sigma * torch.randn(means.shape, generator=gen, device=dev)
        mu, logvar = m.encode(self.real)
        post = reparameterize(mu, logvar, gen)
        prior = torch.randn((n, 2), generator=gen, device=dev)
        data, means, samples, post, prior = (t.cpu().numpy() for t in (self.real, means, samples, post, prior))
        return Preview(data, means, samples, post, prior, (float(sigma[0]), float(sigma[1])))
