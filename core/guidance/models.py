"""The guidance topic's networks: a class-conditional 2D eps-model with a null class, and
noise-aware classifiers ``p(y | x_t, t)`` for points and for 8x8 digits.

- ``ClassTimeMLP`` (Ho & Salimans 2022): ``TimeMLP`` with a learned class embedding added to the
  time embedding; index ``num_classes`` is the null class ("no class") the labels are dropped to
  in training, so one network gives ``eps(x_t, c)`` and ``eps(x_t, null)``.
- ``NoisyPointClassifier`` / ``NoisyDigitClassifier`` (Dhariwal & Nichol 2021, sec. 4): classifiers
  trained on noised samples ``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps`` at every t of the
  diffusion schedule, so ``grad_x log p(y | x_t, t)`` is meaningful along the whole reverse path.
"""
from __future__ import annotations

import torch
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn

from core.nn.embeddings import timestep_embedding
from core.nn.mlp2d import TimeMLP


def _time_embedding(t, n: int, dim: int, ref: torch.Tensor) -> torch.Tensor:
    """Sinusoidal embeddings ``(n, dim)`` of ``t`` (a scalar or ``(n,)``)."""
    t = torch.as_tensor(t, device=ref.device).reshape(-1)
    return timestep_embedding(t.expand(n) if t.numel() == 1 else t, dim)


class ClassTimeMLP(TimeMLP):
    """``eps_theta(x_t, t, y)``: ``x_t`` ``(B, 2)``, ``t`` scalar or ``(B,)``, ``y`` ``(B,)`` in ``0..num_classes``
    (``num_classes`` = null) -> ``(B, 2)``. The class embedding is added to the time embedding, as
    diffusers' ``num_class_embeds`` does in the UNet."""

    @register_to_config
    def __init__(self, dim: int = 2, hidden: int = 64, depth: int = 4, time_embed_dim: int = 64,
                 num_classes: int = 8):
        super().__init__(dim=dim, hidden=hidden, depth=depth, time_embed_dim=time_embed_dim)
        self.null_class = num_classes
        self.class_embed = nn.Embedding(num_classes + 1, hidden)

    def forward(self, x_t: torch.Tensor, t, class_labels: torch.Tensor | None = None) -> torch.Tensor:
        if class_labels is None:
            class_labels = torch.full((x_t.shape[0],), self.null_class, dtype=torch.long, device=x_t.device)
        emb = self.time_mlp(_time_embedding(t, x_t.shape[0], self.time_embed_dim, x_t)) + self.class_embed(class_labels)
        h = self.inp(x_t)
        for block, proj in zip(self.blocks, self.time_proj):
            h = h + block(self.act(h + proj(emb)))
        return self.out(h)


class NoisyPointClassifier(ModelMixin, ConfigMixin):
    """``log p(y | x_t, t)`` logits ``(B, num_classes)`` for points ``x_t`` ``(B, 2)`` at times ``t``."""

    @register_to_config
    def __init__(self, num_classes: int = 8, hidden: int = 128, depth: int = 3, time_embed_dim: int = 64):
        super().__init__()
        self.time_embed_dim = time_embed_dim
        self.time_mlp = nn.Sequential(nn.Linear(time_embed_dim, hidden), nn.SiLU(), nn.Linear(hidden, hidden))
        self.inp = nn.Linear(2, hidden)
        self.blocks = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(depth))
        self.act = nn.SiLU()
        self.head = nn.Linear(hidden, num_classes)

    def forward(self, x_t: torch.Tensor, t) -> torch.Tensor:
        emb = self.time_mlp(_time_embedding(t, x_t.shape[0], self.time_embed_dim, x_t))
        h = self.inp(x_t)
        for block in self.blocks:
            h = h + block(self.act(h + emb))
        return self.head(self.act(h))


class NoisyDigitClassifier(ModelMixin, ConfigMixin):
    """``log p(y | x_t, t)`` logits ``(B, 10)`` for digits ``x_t`` ``(B, 1, 8, 8)`` at times ``t``: a small
    CNN whose time embedding is added as a per-channel bias after each convolution."""

    @register_to_config
    def __init__(self, channels: int = 32, num_classes: int = 10, time_embed_dim: int = 64):
        super().__init__()
        c = channels
        self.time_embed_dim = time_embed_dim
        self.time_mlp = nn.Sequential(nn.Linear(time_embed_dim, 2 * c), nn.SiLU())
        self.conv1 = nn.Conv2d(1, c, 3, padding=1)
        self.conv2 = nn.Conv2d(c, c, 3, padding=1)
        self.conv3 = nn.Conv2d(c, 2 * c, 3, padding=1)
        self.bias1, self.bias3 = nn.Linear(2 * c, c), nn.Linear(2 * c, 2 * c)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(2 * c * 4, 128), nn.SiLU(), nn.Linear(128, num_classes))
        self.act, self.pool = nn.SiLU(), nn.MaxPool2d(2)

    def forward(self, x_t: torch.Tensor, t) -> torch.Tensor:
        emb = self.time_mlp(_time_embedding(t, x_t.shape[0], self.time_embed_dim, x_t))
        h = self.act(self.conv1(x_t) + self.bias1(emb)[:, :, None, None])
        h = self.pool(self.act(self.conv2(h)))
        h = self.pool(self.act(self.conv3(h) + self.bias3(emb)[:, :, None, None]))
        return self.head(h)
