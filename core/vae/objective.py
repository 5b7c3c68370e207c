"""Losses of the VAE tab as objects for ``core.train.loop.TrainRun``, and the test-set terms in nats.

Negative ELBO (Kingma & Welling 2014; beta-VAE, Higgins et al. 2017), per example, in nats:

    -ELBO_beta(x) = E_{q(z|x)}[-log p(x|z)] + beta * KL(q(z|x) || N(0, I)),
    KL = 1/2 sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2),

with ``z = mu + sigma * eps`` (the reparameterization trick). Decoder likelihoods:

- digits: Bernoulli on pixels mapped to [0, 1], ``-log p(x|z) = sum_pixels BCE(logit, (x + 1) / 2)``
  (grey levels as soft targets, as Kingma & Welling did on MNIST: a cross-entropy in nats per image,
  whose minimum is the targets' own entropy, not 0);
- 2D points: Gaussian ``N(mean(z), diag sigma^2)`` with one learned sigma per coordinate.

VQ-VAE (van den Oord et al. 2017): ``-log p(x|z_q) + ||sg[z_e] - e||^2 + beta ||z_e - sg[e]||^2`` with the
straight-through estimator ``z_q = z_e + sg[e - z_e]`` (the decoder's gradient is copied to the encoder).
The code prior is trained by ``core.autoregressive.digits.ChainRuleNLL`` (``core.vae.recipes``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import torch
import torch.nn.functional as F

LOG_2PI = math.log(2 * math.pi)


def to_unit(x: torch.Tensor) -> torch.Tensor:
    """Pixels in [-1, 1] -> Bernoulli targets in [0, 1]."""
    return ((x + 1) / 2).clamp(0, 1)


def bernoulli_nll(logits: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """``-log p(x|z)`` per example ``(B,)`` in nats: Bernoulli logits vs pixels in [-1, 1]."""
    return F.binary_cross_entropy_with_logits(logits, to_unit(x), reduction="none").flatten(1).sum(1)


def gaussian_nll(mean: torch.Tensor, log_sigma: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """``-log N(x; mean, diag exp(2 log_sigma))`` per example ``(B,)`` in nats."""
    z = (x - mean) * torch.exp(-log_sigma)
    return (0.5 * z.pow(2) + log_sigma + 0.5 * LOG_2PI).flatten(1).sum(1)


def kl_per_dim(mu: torch.Tensor, logvar: torch.Tensor) -> torch.Tensor:
    """``KL(N(mu, e^logvar) || N(0, 1))`` for every example and latent dimension ``(B, d)``, in nats."""
    return 0.5 * (mu.pow(2) + logvar.exp() - 1 - logvar)


def reparameterize(mu: torch.Tensor, logvar: torch.Tensor, generator: torch.Generator | None) -> torch.Tensor:
    """``z = mu + sigma * eps``, ``eps ~ N(0, I)`` drawn from ``generator``."""
    eps = torch.randn(mu.shape, generator=generator, device=None if generator is None else generator.device)
    eps = eps.to(mu.device)
    return mu + (0.5 * logvar).exp() * eps


def decoder_nll(model, z: torch.Tensor, x: torch.Tensor) -> torch.Tensor:
    """``-log p_theta(x|z)`` per example for an ``MLPVAE`` of either likelihood."""
    out = model.decode(z)
    if model.config.likelihood == "bernoulli":
        return bernoulli_nll(out, x)
    return gaussian_nll(out, model.log_sigma, x)


def elbo_terms(model, x: torch.Tensor, generator: torch.Generator | None) -> tuple[torch.Tensor, torch.Tensor]:
    """Per-example reconstruction ``-log p(x|z)`` (one reparameterized sample) and KL ``(B, d)``."""
    mu, logvar = model.encode(x)
    return decoder_nll(model, reparameterize(mu, logvar, generator), x), kl_per_dim(mu, logvar)


class ElboObjective:
    """Mean over the batch of ``recon + beta * KL`` (the negative beta-ELBO) for a batch ``(x, labels or None)``.

    With ``kl_warmup`` > 0 the KL weight rises linearly from ``beta / kl_warmup`` to ``beta`` over the first
    ``kl_warmup`` calls (one per update), KL annealing as in Bowman et al. 2016 and Sønderby et al. 2016:
    the decoder learns to use ``z`` before the KL term pulls the posteriors onto the prior."""

    def __init__(self, beta: float = 1.0, kl_warmup: int = 0):
        self.beta, self.kl_warmup = float(beta), int(kl_warmup)
        self.calls = 0

    def weight(self) -> float:
        """The KL weight of the next call."""
        return self.beta * min(1.0, (self.calls + 1) / self.kl_warmup) if self.kl_warmup else self.beta

    def __call__(self, model, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        recon, kl = elbo_terms(model, batch[0], gen)
        loss = (recon + self.weight() * kl.sum(1)).mean()
        self.calls += 1
        return loss


@torch.no_grad()
def heldout_terms(model, x: torch.Tensor, seed: int = 0, samples: int = 8) -> dict:
    """The ELBO's terms on ``x`` in nats per example (mean over ``samples`` draws of ``z`` per example):
    ``recon`` = E_q[-log p(x|z)], ``kl``, ``elbo`` = -(recon + kl) (beta = 1: the true bound on log p(x)),
    ``kl_per_dim`` and the mean squared error of the decoded posterior mean, in pixel units of [-1, 1]."""
    gen = torch.Generator().manual_seed(seed)
    mu, logvar = model.encode(x)
    recon = torch.stack([decoder_nll(model, reparameterize(mu, logvar, gen), x) for _ in range(samples)]).mean(0)
    kl = kl_per_dim(mu, logvar)
    mean_out = model.decode(mu)
    recon_x = torch.tanh(mean_out / 2) if model.config.likelihood == "bernoulli" else mean_out  # 2 sigmoid - 1
    return {"recon": float(recon.mean()), "kl": float(kl.sum(1).mean()), "elbo": float(-(recon + kl.sum(1)).mean()),
            "kl_per_dim": [float(v) for v in kl.mean(0)], "mse": float((recon_x - x).pow(2).mean())}


def vq_losses(model, x: torch.Tensor, beta: float) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """VQ-VAE terms, batch means: reconstruction nats, codebook ``||sg[z_e] - e||^2``, commitment
    ``||z_e - sg[e]||^2`` (summed over code dimensions and positions). ``beta`` is not applied here."""
    z_e = model.encode(x)
    e = model.embed(model.quantize(z_e))
    z_q = z_e + (e - z_e).detach()  # straight-through: forward e, backward identity
    recon = bernoulli_nll(model.decode(z_q), x).mean()
    codebook = (z_e.detach() - e).pow(2).flatten(1).sum(1).mean()
    commit = (z_e - e.detach()).pow(2).flatten(1).sum(1).mean()
    return recon, codebook, commit


@dataclass(frozen=True)
class VQObjective:
    """``recon + codebook + beta * commitment`` for a batch ``(x, labels or None)``."""

    beta: float = 0.25  # commitment weight (van den Oord et al. use 0.25)

    def __call__(self, model, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        recon, codebook, commit = vq_losses(model, batch[0], self.beta)
        return recon + codebook + self.beta * commit
