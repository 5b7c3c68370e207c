"""A VAE on 2D points trained live for the VAE tab, on the shared ``LiveSession``.

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
from core.runtime.validation import check_float, check_int, check_seed
from core.train.live import LiveSession
from core.train.loop import TrainConfig, TrainRun
from core.vae.models import MLPVAE
from core.vae.objective import ElboObjective, reparameterize

LIVE_CONFIG = TrainConfig(steps=3000, batch_size=256, lr=3e-3, warmup=100, ema_decay=0.99, log_every=50)
MIN_LIVE_STEPS, MAX_LIVE_STEPS = 100, 20_000  # range of training updates a live run accepts
MIN_BETA, MAX_BETA = 0.05, 10.0  # range of the live run's KL weight
STEP_UPDATES = 50  # updates one press of "step" makes
LIVE_POOL = 20_000  # real points drawn once per live run
PREVIEW_POINTS = 1000  # points in each live panel


@dataclass(frozen=True)
class PointVAEConfig:
    hidden: int = 64  # MLP width
    depth: int = 3  # hidden layers of encoder and decoder


@dataclass(frozen=True)
class Preview:
    """The live panels' points, each ``(PREVIEW_POINTS, 2)``: data, decoder means and noisy samples
    ``mean(z) + sigma eps`` for ``z ~ N(0, I)``, posterior samples of the data and prior samples."""

    data: np.ndarray
    means: np.ndarray
    samples: np.ndarray
    posterior: np.ndarray
    prior: np.ndarray
    sigma: tuple[float, float]


class LiveVAE:
    """One user's live 2D VAE on ``target`` for ``total`` updates with KL weight ``beta``, seeded by ``seed``."""

    def __init__(self, target: Target, total: int, seed: int, beta: float = 1.0):
        self.target, self.total, self.seed, self.beta = target, total, seed, beta
        cfg = replace(LIVE_CONFIG, steps=total, seed=seed)
        with device.seeded(seed):
            model = MLPVAE(data_dim=2, latent_dim=2, likelihood="gaussian", **PointVAEConfig().__dict__)
        self.run = TrainRun(model, target.pool(seed, LIVE_POOL), ElboObjective(beta), cfg)
        self.session = LiveSession(self.run)
        self.real = torch.from_numpy(target.reference(PREVIEW_POINTS, 1))
        self.model = self.run.snapshot()
        self.steps: list[int] = []  # the loss curve: update index ...
        self.losses: list[float] = []  # ... and mean negative ELBO since the previous point

    @classmethod
    def continue_or_create(cls, live: Any, dataset: Any, drawing: Any, total: Any, beta: Any, seed: Any) -> LiveVAE:
        """``live`` if it trains on the same data with the same seed and beta and has updates left, else a fresh run."""
        total = check_int("training updates", total, MIN_LIVE_STEPS, MAX_LIVE_STEPS)
        beta = check_float("beta", beta, MIN_BETA, MAX_BETA)
        seed = check_seed(seed)
        target = make_target(dataset, drawing, POINT_DATASETS)
        if (isinstance(live, cls) and live.target.key == target.key and live.seed == seed and live.beta == beta
                and live.run.iteration < total):
            live.total = total
            return live
        return cls(target, total, seed, beta)

    def record(self, iteration: int, loss: float) -> None:
        """Take a snapshot of the EMA model and add a point to the loss curve."""
        self.model = self.run.snapshot()
        if loss == loss:  # not NaN
            self.steps.append(iteration)
            self.losses.append(loss)

    @torch.no_grad()
    def preview(self) -> Preview:
        """The panels of the last snapshot, drawn from the run's seed (same seed, same picture)."""
        gen = device.generator(self.seed)
        m = self.model
        z = torch.randn((PREVIEW_POINTS, 2), generator=gen)
        means = m.decode(z)
        sigma = m.log_sigma.exp()
        samples = means + sigma * torch.randn(means.shape, generator=gen)
        mu, logvar = m.encode(self.real)
        post = reparameterize(mu, logvar, gen)
        prior = torch.randn((PREVIEW_POINTS, 2), generator=gen)
        return Preview(self.real.numpy(), means.numpy(), samples.numpy(), post.numpy(), prior.numpy(),
                       (float(sigma[0]), float(sigma[1])))
