"""Why Wasserstein: the generator's gradient under JS and under W1, as two supports separate.

Arjovsky et al. 2017 ("Wasserstein GAN", Example 1): real points ``P_0`` lie on the segment
``{0} x [-1, 1]`` and fake points ``P_theta`` on the same segment shifted to ``x = theta``. For
``theta != 0`` the supports are disjoint, so ``JS(P_0, P_theta) = log 2`` whatever ``theta`` is,
while ``W1(P_0, P_theta) = |theta|``. Here both are measured with trained networks: for each
distance a fresh discriminator (minimax GAN loss) and a fresh WGAN-GP critic are trained against
the fixed pair, then the generator's loss is differentiated with respect to ``theta``:

- minimax / JS: ``d/dtheta E log(1 - D(x + theta))`` goes to 0 as D saturates (vanishing gradient);
- non-saturating: ``d/dtheta -E log D(x + theta)``, the usual fix, shown for comparison;
- WGAN-GP: ``d/dtheta -E f(x + theta)`` stays near 1, the slope of ``W1 = |theta|``.

Reading W1 off the critic. Kantorovich-Rubinstein: ``W1 = max E f(real) - E f(fake)`` over 1-Lipschitz ``f``.
The gradient penalty only pulls ``|grad f|`` towards 1, softly: a critic of slope ``g`` across the gap scores
``theta g - lambda (g - 1)^2``, which is largest at ``g = 1 + theta / (2 lambda)``. The trained critic's raw gap
``E f(real) - E f(fake)`` is therefore ``theta (1 + theta / (2 lambda))`` (4.8 at ``theta = 4``, ``lambda = 10``),
not ``theta``. Divided by the critic's slope (its mean gradient norm on the interpolates, where the penalty
measures it) the critic is rescaled to slope 1 and the gap estimates ``W1`` itself: ``W1_TOLERANCE`` of
``theta`` at the default settings.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

import numpy as np
import torch
import torch.nn.functional as F

from core.gan import losses
from core.gan.models import PointCritic
from core.runtime import device
from core.runtime.budget import check_budget
from core.runtime.validation import Spec, check_seed

STEPS_RANGE = (20, 2000)  # critic updates per distance a request may ask for
W1_TOLERANCE = 0.05  # |W1 estimate / theta - 1| at the default settings (measured: under 0.01 from 0.05 to 4)
DISTANCES = (0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0, 4.0)  # theta values swept


@dataclass(frozen=True)
class ExperimentConfig:
    steps: int = 300  # optimizer updates per trained critic
    batch_size: int = 128  # points per side per update
    lr: float = 1e-3  # Adam learning rate of both critics
    hidden: int = 64  # critic width
    depth: int = 2  # critic hidden layers
    gp_lambda: float = 10.0  # WGAN-GP penalty weight (Gulrajani et al. 2017)
    seed: int = 0  # seeds the critics' initialisation and the points


STEPS = Spec("critic updates", *STEPS_RANGE, ExperimentConfig.steps, 10)  # critic updates per distance


@dataclass
class DistanceResult:
    """Gradient norms ``|dL_G/dtheta|`` and the critics' estimates at one ``theta``."""

    theta: float
    grad_js: float  # minimax (JS) generator loss
    grad_ns: float  # non-saturating generator loss
    grad_w1: float  # WGAN-GP generator loss
    js_estimate: float  # log 2 + (E log D(real) + E log(1 - D(fake))) / 2; true value log 2
    w1_estimate: float  # w1_gap / slope: the critic rescaled to slope 1; true value theta
    w1_gap: float  # E f(real) - E f(fake) of the trained critic: about theta (1 + theta / (2 gp_lambda))
    slope: float  # the critic's mean gradient norm between the segments: about 1 + theta / (2 gp_lambda)


def _segment(n: int, theta: torch.Tensor | float, gen: torch.Generator) -> torch.Tensor:
    y = torch.rand(n, generator=gen) * 2 - 1
    x = torch.zeros(n) + theta
    return torch.stack([x, y], dim=1)


def _train_critic(loss: str, theta: float, cfg: ExperimentConfig, gen: torch.Generator) -> PointCritic:
    critic = PointCritic(hidden=cfg.hidden, depth=cfg.depth)
    opt = torch.optim.Adam(critic.parameters(), lr=cfg.lr, betas=(0.5, 0.9))
    b = cfg.batch_size
    for _ in range(cfg.steps):
        check_budget()
        real, fake = _segment(b, 0.0, gen), _segment(b, theta, gen)
        if loss == "wgan-gp":
            x_hat = losses.interpolate(real, fake, gen)
            s = critic(torch.cat([real, fake, x_hat]))
            total = losses.critic_objective(loss, s[:b], s[b:2 * b]) + cfg.gp_lambda * losses.gradient_penalty(s[2 * b:], x_hat)
        else:
            s = critic(torch.cat([real, fake]))
            total = losses.critic_objective(loss, s[:b], s[b:])
        opt.zero_grad(set_to_none=True)
        total.backward()
        opt.step()
    return critic.eval().requires_grad_(False)


def _grad_theta(critic: PointCritic, loss: str, theta: float, n: int, gen: torch.Generator) -> float:
    th = torch.tensor(float(theta), requires_grad=True)
    value = losses.generator_objective(loss, critic(_segment(n, th, gen)))
    (g,) = torch.autograd.grad(value, th)
    return abs(float(g))


def _slope(critic: PointCritic, real: torch.Tensor, fake: torch.Tensor, gen: torch.Generator) -> float:
    """The critic's mean gradient norm ``E |grad f(x_hat)|`` on interpolates of ``real`` and ``fake`` (the points
    where the penalty holds it near 1, spanning the gap)."""
    x_hat = losses.interpolate(real, fake, gen).requires_grad_(True)
    (g,) = torch.autograd.grad(critic(x_hat).sum(), x_hat)
    return float(g.norm(dim=1).mean())


def measure(theta: float, cfg: ExperimentConfig = ExperimentConfig(), n_eval: int = 4096) -> DistanceResult:
    """Train both critics against ``P_theta``; measure the generator's gradient at ``theta`` and what each critic
    estimates (JS; W1 as the WGAN-GP critic's gap divided by its slope)."""
    gen = torch.Generator().manual_seed(cfg.seed)
    with device.seeded(cfg.seed):
        d = _train_critic("minimax", theta, cfg, gen)
        f = _train_critic("wgan-gp", theta, cfg, gen)
    real, fake = _segment(n_eval, 0.0, gen), _segment(n_eval, theta, gen)
    with torch.no_grad():
        js = float(np.log(2) + 0.5 * (-F.softplus(-d(real)).mean() - F.softplus(d(fake)).mean()))
        gap = float(f(real).mean() - f(fake).mean())
    grads = [_grad_theta(d, "minimax", theta, n_eval, gen), _grad_theta(d, "nonsaturating", theta, n_eval, gen),
             _grad_theta(f, "wgan-gp", theta, n_eval, gen)]
    slope = _slope(f, real, fake, gen)
    return DistanceResult(float(theta), *grads, js, gap / slope, gap, slope)


def sweep(distances=DISTANCES, cfg: ExperimentConfig = ExperimentConfig()) -> Iterator[DistanceResult]:
    """``measure`` at each distance in turn (a generator, so the caller can draw the curve as it grows)."""
    for theta in distances:
        yield measure(theta, cfg)


def checked_config(steps: Any, seed: Any) -> ExperimentConfig:
    """The experiment's config from a request: ``steps`` critic updates per distance (``STEPS_RANGE``) and ``seed``."""
    return ExperimentConfig(steps=STEPS.check(steps), seed=check_seed(seed))
