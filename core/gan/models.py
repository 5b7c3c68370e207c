"""GAN networks: MLPs for 2D points, a DCGAN-style pair for 8x8 digits.

Every network is a diffusers ``ModelMixin`` + ``ConfigMixin``, listed in
``core.runtime.checkpoints.MODEL_CLASSES`` so shipped runs load through ``load_model``.

- ``PointGenerator``: ``z`` ``(B, noise_dim)`` ~ N(0, I) -> ``x`` ``(B, 2)``.
- ``PointCritic``: ``x`` ``(B, 2)`` -> ``(B,)`` unbounded score: a logit for the GAN losses
  (``D(x) = sigmoid(score)``), the critic value ``f(x)`` for the WGANs.
- ``PointGAN``: both of the above in one checkpoint, so a shipped run restores its heatmap too.
- ``DigitGenerator`` / ``DigitCritic``: Radford et al. 2016 (DCGAN) shapes scaled to 8x8:
  ``z -> 2x2 -> 4x4 -> 8x8`` by strided transposed convolutions, ``tanh`` output in [-1, 1]; the
  critic mirrors it with strided convolutions and no normalisation (needed by the gradient
  penalty of Gulrajani et al. 2017, which is taken per sample).
"""
from __future__ import annotations

import torch
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn


def mlp(d_in: int, hidden: int, depth: int, d_out: int, slope: float = 0.2) -> nn.Sequential:
    """``depth`` hidden layers of width ``hidden`` with LeakyReLU(``slope``), then a linear head."""
    layers: list[nn.Module] = []
    width = d_in
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), nn.LeakyReLU(slope)]
        width = hidden
    layers.append(nn.Linear(width, d_out))
    return nn.Sequential(*layers)


class PointGenerator(ModelMixin, ConfigMixin):
    """``G(z)``: noise ``(B, noise_dim)`` -> points ``(B, dim)``."""

    @register_to_config
    def __init__(self, noise_dim: int = 2, hidden: int = 128, depth: int = 3, dim: int = 2):
        super().__init__()
        self.net = mlp(noise_dim, hidden, depth, dim)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)


class PointCritic(ModelMixin, ConfigMixin):
    """``D(x)`` logit or WGAN critic ``f(x)``: points ``(B, dim)`` -> scores ``(B,)``."""

    @register_to_config
    def __init__(self, hidden: int = 128, depth: int = 3, dim: int = 2):
        super().__init__()
        self.net = mlp(dim, hidden, depth, 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(-1)


class PointGAN(ModelMixin, ConfigMixin):
    """A generator and its critic (or discriminator), saved and loaded together."""

    @register_to_config
    def __init__(self, noise_dim: int = 2, hidden: int = 128, depth: int = 3, dim: int = 2):
        super().__init__()
        self.generator = PointGenerator(noise_dim, hidden, depth, dim)
        self.critic = PointCritic(hidden, depth, dim)

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.generator(z)


class DigitGenerator(ModelMixin, ConfigMixin):
    """``G(z)``: noise ``(B, noise_dim)`` -> images ``(B, 1, 8, 8)`` in [-1, 1]."""

    @register_to_config
    def __init__(self, noise_dim: int = 32, channels: int = 32):
        super().__init__()
        c = channels
        self.project = nn.Sequential(nn.Linear(noise_dim, 4 * c * 2 * 2), nn.BatchNorm1d(4 * c * 2 * 2), nn.ReLU())
        self.up = nn.Sequential(
            nn.ConvTranspose2d(4 * c, 2 * c, 4, 2, 1), nn.BatchNorm2d(2 * c), nn.ReLU(),  # 2x2 -> 4x4
            nn.ConvTranspose2d(2 * c, c, 4, 2, 1), nn.BatchNorm2d(c), nn.ReLU(),  # 4x4 -> 8x8
            nn.Conv2d(c, 1, 3, padding=1), nn.Tanh(),
        )
        self.channels = c

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.up(self.project(z).view(-1, 4 * self.channels, 2, 2))


class DigitCritic(ModelMixin, ConfigMixin):
    """WGAN critic ``f(x)``: images ``(B, 1, 8, 8)`` -> scores ``(B,)``."""

    @register_to_config
    def __init__(self, channels: int = 32):
        super().__init__()
        c = channels
        self.net = nn.Sequential(
            nn.Conv2d(1, c, 3, padding=1), nn.LeakyReLU(0.2),
            nn.Conv2d(c, 2 * c, 4, 2, 1), nn.LeakyReLU(0.2),  # 8x8 -> 4x4
            nn.Conv2d(2 * c, 4 * c, 4, 2, 1), nn.LeakyReLU(0.2),  # 4x4 -> 2x2
            nn.Flatten(), nn.Linear(4 * c * 2 * 2, 1),
        )

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(-1)
