"""Adversarial training as a resumable run and a live generator of progress events.

One *iteration* is ``d_steps`` critic updates followed by one generator update (Algorithm 1
of Goodfellow et al. 2014 and of Arjovsky et al. 2017), so it makes ``d_steps + 1`` optimizer
updates. ``GanRun`` holds the networks, optimisers, random state and loss history; it is a
``core.train.live.Trainer``, so a ``LiveSession`` trains it live (time-sliced, pause, step,
resume) exactly as it trains every other topic's runs.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import torch

from core.gan import fast, losses
from core.runtime.budget import check_budget
from core.runtime.validation import check_choice

OPTIMIZERS = ("adam", "rmsprop", "sgd")  # Adam with betas (0.5, 0.9) as in WGAN-GP; RMSprop as in WGAN
LIVE_FIELDS = ("optimizer", "lr_g", "lr_d", "d_steps", "gp_lambda", "clip", "batch_size")  # changeable mid-run

# draw_real(batch_size, generator) -> (real examples (B, ...),), e.g. a core.data.pools.Pool
DrawReal = Callable[[int, torch.Generator], torch.Tensor]


@dataclass(frozen=True)
class GanTrainConfig:
    loss: str = "wgan-gp"  # objective, one of core.gan.losses.LOSSES
    optimizer: str = "adam"  # one of OPTIMIZERS, for both networks
    lr_g: float = 1e-3  # generator learning rate
    lr_d: float = 1e-3  # critic / discriminator learning rate
    d_steps: int = 5  # critic updates per generator update
    gp_lambda: float = 0.1  # gradient-penalty weight lambda (wgan-gp only)
    clip: float = 0.01  # weight-clipping bound c (wgan only)
    batch_size: int = 64  # real and fake examples per update
    seed: int = 0  # seeds initialisation, minibatches and noise
    log_every: int = 10  # iterations averaged into one point of the loss history


# Settings per loss that train well on the 2D sandbox; the UI starts from these.
DEFAULTS: dict[str, GanTrainConfig] = {
    "minimax": GanTrainConfig(loss="minimax", lr_g=1e-3, lr_d=1e-3, d_steps=1),
    "nonsaturating": GanTrainConfig(loss="nonsaturating", lr_g=1e-3, lr_d=1e-3, d_steps=1),
    "wgan": GanTrainConfig(loss="wgan", optimizer="rmsprop", lr_g=5e-4, lr_d=5e-4, d_steps=5, clip=0.01),
    "wgan-gp": GanTrainConfig(loss="wgan-gp", lr_g=1e-3, lr_d=1e-3, d_steps=5, gp_lambda=0.1),
}


def recommended(loss: Any) -> GanTrainConfig:
    """The settings that train ``loss`` well on the sandbox (``DEFAULTS``); ``InvalidInput`` names the losses."""
    return DEFAULTS[check_choice("loss", loss, losses.LOSSES)]


def make_optimizer(name: str, params, lr: float) -> torch.optim.Optimizer:
    if name == "adam":
        return torch.optim.Adam(params, lr=lr, betas=(0.5, 0.9), fused=True)
    if name == "rmsprop":
        return torch.optim.RMSprop(params, lr=lr, foreach=True)
    if name == "sgd":
        return torch.optim.SGD(params, lr=lr, foreach=True)
    raise ValueError(f"unknown optimizer {name!r}; choose from {OPTIMIZERS}")


@dataclass
class History:
    """Per-``log_every`` means: ``iteration``, critic loss, generator loss and, for WGANs, the W1 estimate."""

    iteration: list[int] = field(default_factory=list)
    d_loss: list[float] = field(default_factory=list)
    g_loss: list[float] = field(default_factory=list)
    w_estimate: list[float] = field(default_factory=list)

    def as_dict(self) -> dict[str, list]:
        return {"iteration": self.iteration, "d_loss": self.d_loss, "g_loss": self.g_loss,
                "w_estimate": self.w_estimate}


class GanRun:
    """A GAN being trained: ``generator`` ``(B, noise_dim) -> x``, ``critic`` ``x -> (B,)`` scores.

    ``noise_dim`` is read from ``generator.config``. Randomness comes from one ``torch.Generator``
    seeded with ``cfg.seed``, so a run is reproducible from its config.
    """

    def __init__(self, generator: torch.nn.Module, critic: torch.nn.Module, draw_real: DrawReal, cfg: GanTrainConfig):
        if cfg.loss not in losses.LOSSES:
            raise ValueError(f"unknown loss {cfg.loss!r}; choose from {losses.LOSSES}")
        self.generator, self.critic, self.draw_real = generator.train(), critic.train(), draw_real
        self.noise_dim = int(generator.config.noise_dim)
        self.cfg = cfg
        self.rng = torch.Generator().manual_seed(cfg.seed)
        self.iteration = 0
        self.updates = 0
        self.history = History()
        self._sums = [0.0, 0.0, 0.0, 0]
        self._build_optimizers()

    def _build_optimizers(self) -> None:
        self.opt_g = make_optimizer(self.cfg.optimizer, self.generator.parameters(), self.cfg.lr_g)
        self.opt_d = make_optimizer(self.cfg.optimizer, self.critic.parameters(), self.cfg.lr_d)

    def _set_lr(self) -> None:
        for opt, lr in ((self.opt_g, self.cfg.lr_g), (self.opt_d, self.cfg.lr_d)):
            for group in opt.param_groups:
                group["lr"] = lr

    def reconfigure(self, cfg: GanTrainConfig) -> None:
        """Apply new hyperparameters mid-run; only ``LIVE_FIELDS`` (and ``log_every``) may change."""
        fixed = [f for f in ("loss", "seed") if getattr(cfg, f) != getattr(self.cfg, f)]
        if fixed:
            raise ValueError(f"{fixed} cannot change during a run; start a new run")
        old, self.cfg = self.cfg, cfg
        if cfg.optimizer != old.optimizer:
            self._build_optimizers()
        self._set_lr()

    def noise(self, n: int) -> torch.Tensor:
        return torch.randn(n, self.noise_dim, generator=self.rng)

    def critic_step(self, real: torch.Tensor, fake: torch.Tensor) -> tuple[float, float]:
        """One critic update on minibatches ``real`` and ``fake``; returns (critic loss, E f(real) - E f(fake))."""
        cfg, b = self.cfg, real.shape[0]
        if cfg.loss == "wgan-gp":
            x_hat = losses.interpolate(real, fake, self.rng)
            s = self.critic(torch.cat([real, fake, x_hat]))
            s_real, s_fake, s_hat = s[:b], s[b:2 * b], s[2 * b:]
            loss = losses.critic_objective(cfg.loss, s_real, s_fake)
            total = loss + cfg.gp_lambda * losses.gradient_penalty(s_hat, x_hat)
        else:
            s = self.critic(torch.cat([real, fake]))
            s_real, s_fake = s[:b], s[b:]
            total = loss = losses.critic_objective(cfg.loss, s_real, s_fake)
        self.opt_d.zero_grad(set_to_none=True)
        total.backward()
        self.opt_d.step()
        if cfg.loss == "wgan":
            losses.clip_weights(self.critic, cfg.clip)
        self.updates += 1
        return float(total.detach()), float((s_real.mean() - s_fake.mean()).detach())

    def generator_step(self) -> float:
        """One generator update; the critic's parameters get no gradient."""
        self.critic.requires_grad_(False)
        loss = losses.generator_objective(self.cfg.loss, self.critic(self.generator(self.noise(self.cfg.batch_size))))
        self.opt_g.zero_grad(set_to_none=True)
        loss.backward()
        self.opt_g.step()
        self.critic.requires_grad_(True)
        self.updates += 1
        return float(loss.detach())

    def iterate(self) -> None:
        """``d_steps`` critic updates, then one generator update; logs the means every ``log_every``."""
        check_budget()
        d = w = 0.0
        k, b = self.cfg.d_steps, self.cfg.batch_size
        if k > 0:
            # The generator is fixed during the critic's updates: draw all their minibatches at once.
            reals = self.draw_real(k * b, self.rng)[0].split(b)
            with torch.no_grad():
                fakes = self.generator(self.noise(k * b)).split(b)
            for real, fake in zip(reals, fakes):
                d, w = self.critic_step(real, fake)
        g = self.generator_step()
        self.iteration += 1
        sums = self._sums
        sums[0] += d
        sums[1] += g
        sums[2] += w
        sums[3] += 1
        if sums[3] >= self.cfg.log_every:
            n = sums[3]
            self.history.iteration.append(self.iteration)
            self.history.d_loss.append(sums[0] / n)
            self.history.g_loss.append(sums[1] / n)
            if losses.is_wasserstein(self.cfg.loss):
                self.history.w_estimate.append(sums[2] / n)
            self._sums = [0.0, 0.0, 0.0, 0]

    def eval(self) -> "GanRun":
        self.generator.eval()
        self.critic.eval()
        return self


class MlpGanRun(GanRun):
    """``GanRun`` for LeakyReLU MLPs (``PointGenerator``, ``PointCritic``) on the hand-derived gradients of
    ``core.gan.fast``: the same updates, drawn from the same random stream, at a fraction of the cost."""

    def _build_optimizers(self) -> None:
        self.g_mlp, self.d_mlp = fast.Mlp(self.generator.net), fast.Mlp(self.critic.net)
        self.opt_g = fast.Optimizer(self.cfg.optimizer, self.g_mlp.params, self.cfg.lr_g)
        self.opt_d = fast.Optimizer(self.cfg.optimizer, self.d_mlp.params, self.cfg.lr_d)

    def _set_lr(self) -> None:
        self.opt_g.lr, self.opt_d.lr = self.cfg.lr_g, self.cfg.lr_d

    @torch.no_grad()
    def critic_step(self, real: torch.Tensor, fake: torch.Tensor) -> tuple[float, float]:
        cfg, b, d = self.cfg, real.shape[0], self.d_mlp
        gp = cfg.loss == "wgan-gp"
        x = torch.cat([real, fake, losses.interpolate(real, fake, self.rng).detach()] if gp else [real, fake])
        s, inputs, masks = d.forward(x)
        s_real, s_fake = s[:b, 0], s[b:2 * b, 0]
        if losses.is_wasserstein(cfg.loss):
            g = torch.cat([s.new_full((b, 1), -1.0 / b), s.new_full((b, 1), 1.0 / b)])
        else:  # d/ds softplus(-s_real) = -sigmoid(-s_real); d/ds softplus(s_fake) = sigmoid(s_fake)
            g = torch.cat([-torch.sigmoid(-s_real), torch.sigmoid(s_fake)]).unsqueeze(1) / b
        if gp:
            grads, _ = d.backward([h[:2 * b] for h in inputs], [m[:2 * b] for m in masks], g)
            penalty = d.penalty([m[2 * b:] for m in masks], cfg.gp_lambda, grads)
        else:
            grads, _ = d.backward(inputs, masks, g)
            penalty = 0.0
        self.opt_d.step(grads)
        if cfg.loss == "wgan":
            losses.clip_weights(self.critic, cfg.clip)
        self.updates += 1
        return float(losses.critic_objective(cfg.loss, s_real, s_fake) + penalty), float(s_real.mean() - s_fake.mean())

    @torch.no_grad()
    def generator_step(self) -> float:
        x, g_inputs, g_masks = self.g_mlp.forward(self.noise(self.cfg.batch_size))
        s, d_inputs, d_masks = self.d_mlp.forward(x)
        s = s[:, 0]
        b, loss = s.shape[0], self.cfg.loss
        if loss == "minimax":  # L = -mean softplus(s)
            g = -torch.sigmoid(s) / b
        elif loss == "nonsaturating":  # L = mean softplus(-s)
            g = -torch.sigmoid(-s) / b
        else:  # L = -mean s
            g = torch.full_like(s, -1.0 / b)
        _, g_x = self.d_mlp.backward(d_inputs, d_masks, g.unsqueeze(1), params=False)
        grads, _ = self.g_mlp.backward(g_inputs, g_masks, g_x)
        self.opt_g.step(grads)
        self.updates += 1
        return float(losses.generator_objective(loss, s))


def make_run(generator: torch.nn.Module, critic: torch.nn.Module, draw_real: DrawReal, cfg: GanTrainConfig) -> GanRun:
    """``MlpGanRun`` when both networks are LeakyReLU MLPs, else the autograd ``GanRun``."""
    try:
        fast.Mlp(generator.net), fast.Mlp(critic.net)
    except (AttributeError, TypeError):
        return GanRun(generator, critic, draw_real, cfg)
    return MlpGanRun(generator, critic, draw_real, cfg)
