"""A small time-conditioned MLP that predicts the noise ``eps`` added to 2D points."""
from __future__ import annotations

import torch
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn

from core.nn.embeddings import timestep_embedding


class TimeMLP(ModelMixin, ConfigMixin):
    """``eps_theta(x_t, t)`` for points: ``x_t`` ``(B, dim)``, ``t`` ``(B,)`` or scalar -> ``(B, dim)``.

    The time step is embedded sinusoidally, projected, and added to every hidden layer
    (as in DDPM's ResNet blocks); hidden layers are residual with SiLU.
    """

    @register_to_config
    def __init__(self, dim: int = 2, hidden: int = 256, depth: int = 4, time_embed_dim: int = 64):
        super().__init__()
        self.time_embed_dim = time_embed_dim
        self.time_mlp = nn.Sequential(nn.Linear(time_embed_dim, hidden), nn.SiLU(), nn.Linear(hidden, hidden))
        self.inp = nn.Linear(dim, hidden)
        self.blocks = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(depth))
        self.time_proj = nn.ModuleList(nn.Linear(hidden, hidden) for _ in range(depth))
        self.out = nn.Sequential(nn.SiLU(), nn.Linear(hidden, dim))
        self.act = nn.SiLU()

    def forward(self, x_t: torch.Tensor, t: torch.Tensor | int | float) -> torch.Tensor:
        t = torch.as_tensor(t, device=x_t.device)
        # One shared t (as in sampling): embed it once and broadcast over the batch.
        emb = self.time_mlp(timestep_embedding(t.reshape(-1), self.time_embed_dim))
        h = self.inp(x_t)
        for block, proj in zip(self.blocks, self.time_proj):
            h = h + block(self.act(h + proj(emb)))
        return self.out(h)
