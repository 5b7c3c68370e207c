"""The four GAN objectives, written on raw critic scores ``s = D(x)`` (logits for the GANs).

With ``D(x) = sigmoid(s(x))``, real ``x ~ P_r`` and fake ``G(z)``, ``z ~ N(0, I)``:

- ``minimax`` (Goodfellow et al. 2014, eq. 1): D maximises ``E log D(x) + E log(1 - D(G(z)))``;
  G minimises ``E log(1 - D(G(z))) = -E softplus(s(G(z)))``. At the optimal D this is
  ``2 JS(P_r, P_g) - log 4``, and its gradient vanishes when D is confident (saturation).
- ``nonsaturating`` (same paper, Section 3): same D; G minimises ``-E log D(G(z)) = E softplus(-s)``.
- ``wgan`` (Arjovsky et al. 2017): critic f maximises ``E f(x) - E f(G(z))`` with every weight
  clipped to ``[-c, c]``; G minimises ``-E f(G(z))``.
- ``wgan-gp`` (Gulrajani et al. 2017): the WGAN objective plus
  ``lambda * E (||grad f(x_hat)||_2 - 1)^2`` on ``x_hat = e x + (1 - e) G(z)``, ``e ~ U[0, 1]``.

For the WGANs ``E f(x) - E f(G(z))`` estimates the Wasserstein-1 distance (for ``wgan``, up to
the unknown Lipschitz constant the clipping allows).
"""
from __future__ import annotations

import torch
import torch.nn.functional as F

LOSSES = ("minimax", "nonsaturating", "wgan", "wgan-gp")  # objective names, in teaching order
WASSERSTEIN = ("wgan", "wgan-gp")  # losses whose critic value estimates W1


def is_wasserstein(loss: str) -> bool:
    return loss in WASSERSTEIN


def critic_objective(loss: str, s_real: torch.Tensor, s_fake: torch.Tensor) -> torch.Tensor:
    """The loss the critic/discriminator minimises (without the gradient penalty)."""
    if is_wasserstein(loss):
        return s_fake.mean() - s_real.mean()
    return F.softplus(-s_real).mean() + F.softplus(s_fake).mean()


def generator_objective(loss: str, s_fake: torch.Tensor, reduce: bool = True) -> torch.Tensor:
    """The loss the generator minimises, from the scores of its samples ``(B,)`` (per sample if not ``reduce``)."""
    if loss == "minimax":
        per = -F.softplus(s_fake)
    elif loss == "nonsaturating":
        per = F.softplus(-s_fake)
    elif is_wasserstein(loss):
        per = -s_fake
    else:
        raise ValueError(f"unknown loss {loss!r}; choose from {LOSSES}")
    return per.mean() if reduce else per


def interpolate(real: torch.Tensor, fake: torch.Tensor, generator: torch.Generator) -> torch.Tensor:
    """``x_hat = e real + (1 - e) fake`` with one ``e ~ U[0, 1]`` per sample."""
    e = torch.rand((real.shape[0],) + (1,) * (real.ndim - 1), generator=generator, device=real.device)
    return (e * real + (1 - e) * fake).requires_grad_(True)


def gradient_penalty(s_hat: torch.Tensor, x_hat: torch.Tensor) -> torch.Tensor:
    """``E (||grad_x f(x_hat)||_2 - 1)^2``, differentiable (double backprop)."""
    (grad,) = torch.autograd.grad(s_hat.sum(), x_hat, create_graph=True)
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


def display_value(loss: str, scores: torch.Tensor) -> torch.Tensor:
    """What the heatmap shows: ``D(x) = sigmoid(s)`` for the GANs, the critic value ``f(x)`` for the WGANs."""
    return scores if is_wasserstein(loss) else torch.sigmoid(scores)


@torch.no_grad()
def clip_weights(critic: torch.nn.Module, c: float) -> None:
    """WGAN's Lipschitz constraint: clamp every critic parameter to ``[-c, c]``."""
    for p in critic.parameters():
        p.clamp_(-c, c)
