"""VAE networks: an MLP VAE (digits or 2D points) and a VQ-VAE on digits. Each is a diffusers ``ModelMixin`` + ``ConfigMixin`` listed in
``core.runtime.checkpoints.MODEL_CLASSES``.

- ``MLPVAE`` (Kingma & Welling 2014): ``x`` ``(B, data_dim)`` -> ``q_phi(z|x) = N(mu, diag exp(logvar))``
  with ``z`` ``(B, latent_dim)``; ``p_theta(x|z)`` is Bernoulli on pixels mapped to [0, 1]
  (``likelihood="bernoulli"``, digits; ``decode`` returns logits) or a Gaussian with one learned
  scale per coordinate (``likelihood="gaussian"``, 2D points; ``decode`` returns the mean).
- ``ConvVAE``: the same VAE on digits with a convolutional encoder and decoder (8x8 -> 4x4 -> 2x2 and
  back, then an MLP to and from the latent), an option of the 2D-latent recipes. The convolutions share
  weights over positions, which generalises better from 1,437 training digits than a pixel MLP.
- ``VQVAE`` (van den Oord et al. 2017): digits ``(B, 1, 8, 8)`` -> ``z_e`` ``(B, D, m, m)`` (m = 8 / 2^downsample)
  -> nearest codebook entries ``e_k`` (K of them) -> Bernoulli logits ``(B, 1, 8, 8)``.

The VQ-VAE's prior over its code maps, ``p(c) = prod_i p(c_i | c_<i)`` in raster order (the second stage of
VQ-VAE / VQGAN), is the autoregressive tab's gated PixelCNN over the ``m x m`` grid of codes
(``core.autoregressive.models.GatedPixelCNN`` with a code embedding; ``core.vae.recipes.PRIOR``).
"""
from __future__ import annotations

import torch
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn


def mlp(d_in: int, hidden: int, depth: int, d_out: int) -> nn.Sequential:
    """``depth`` hidden SiLU layers of width ``hidden``, then a linear head."""
    layers: list[nn.Module] = []
    width = d_in
    for _ in range(depth):
        layers += [nn.Linear(width, hidden), nn.SiLU()]
        width = hidden
    layers.append(nn.Linear(width, d_out))
    return nn.Sequential(*layers)


class MLPVAE(ModelMixin, ConfigMixin):
    """``encode(x) -> (mu, logvar)`` each ``(B, latent_dim)``; ``decode(z)`` -> logits (Bernoulli) or
    means (Gaussian) ``(B, *data_shape)``; ``log_sigma`` ``(data_dim,)`` is the Gaussian decoder's scale."""

    @register_to_config
    def __init__(self, data_dim: int = 64, latent_dim: int = 2, hidden: int = 256, depth: int = 2,
                 likelihood: str = "bernoulli", image_side: int = 8):
        super().__init__()
        if likelihood not in ("bernoulli", "gaussian"):
            raise ValueError(f"likelihood must be 'bernoulli' or 'gaussian'; got {likelihood!r}")
        self.encoder = mlp(data_dim, hidden, depth, 2 * latent_dim)
        self.decoder = mlp(latent_dim, hidden, depth, data_dim)
        self.log_sigma = nn.Parameter(torch.zeros(data_dim))

    @property
    def data_shape(self) -> tuple[int, ...]:
        c = self.config
        return (1, c.image_side, c.image_side) if c.likelihood == "bernoulli" else (c.data_dim,)

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        mu, logvar = self.encoder(x.reshape(x.shape[0], -1)).chunk(2, dim=-1)
        return mu, logvar.clamp(-12, 8)

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        return self.decoder(z).reshape(z.shape[0], *self.data_shape)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """The decoder's output at the posterior mean (a deterministic reconstruction)."""
        return self.decode(self.encode(x)[0])


class ConvVAE(MLPVAE):
    """``MLPVAE``'s interface (``encode``, ``decode``, ``forward``, Bernoulli ``likelihood``) on ``(B, 1, 8, 8)``
    digits with convolutions: encoder ``conv 3x3 (C) -> conv 4x4/2 (2C, 4x4) -> conv 4x4/2 (2C, 2x2) -> MLP
    -> (mu, logvar)``; decoder the mirror image (``MLP -> (2C, 2, 2) -> transposed convs -> logits``)."""

    @register_to_config
    def __init__(self, latent_dim: int = 2, channels: int = 32, hidden: int = 256, image_side: int = 8,
                 likelihood: str = "bernoulli"):
        super(MLPVAE, self).__init__()  # MLPVAE's methods, not its MLPs
        if likelihood != "bernoulli":
            raise ValueError(f"ConvVAE's likelihood is 'bernoulli'; got {likelihood!r}")
        c, m = channels, image_side // 4
        self.encoder = nn.Sequential(
            nn.Conv2d(1, c, 3, padding=1), nn.SiLU(), nn.Conv2d(c, 2 * c, 4, 2, 1), nn.SiLU(),
            nn.Conv2d(2 * c, 2 * c, 4, 2, 1), nn.SiLU(), nn.Flatten(),
            nn.Linear(2 * c * m * m, hidden), nn.SiLU(), nn.Linear(hidden, 2 * latent_dim))
        self.decoder = nn.Sequential(
            nn.Linear(latent_dim, hidden), nn.SiLU(), nn.Linear(hidden, 2 * c * m * m), nn.SiLU(),
            nn.Unflatten(1, (2 * c, m, m)), nn.ConvTranspose2d(2 * c, 2 * c, 4, 2, 1), nn.SiLU(),
            nn.ConvTranspose2d(2 * c, c, 4, 2, 1), nn.SiLU(), nn.Conv2d(c, 1, 3, padding=1))

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        side = self.config.image_side
        mu, logvar = self.encoder(x.reshape(x.shape[0], 1, side, side)).chunk(2, dim=-1)
        return mu, logvar.clamp(-12, 8)


class VQVAE(ModelMixin, ConfigMixin):
    """``encode(x)`` -> ``z_e`` ``(B, D, m, m)``; ``quantize(z_e)`` -> codes ``(B, m, m)``; ``decode_codes``
    -> logits ``(B, 1, 8, 8)``. The codebook is ``codebook.weight`` ``(K, D)``."""

    @register_to_config
    def __init__(self, num_codes: int = 64, code_dim: int = 16, channels: int = 32, downsample: int = 1):
        super().__init__()
        c = channels
        enc: list[nn.Module] = [nn.Conv2d(1, c, 3, padding=1), nn.SiLU()]
        dec: list[nn.Module] = [nn.Conv2d(code_dim, c, 3, padding=1), nn.SiLU()]
        for _ in range(downsample):
            enc += [nn.Conv2d(c, c, 4, stride=2, padding=1), nn.SiLU()]
            dec += [nn.ConvTranspose2d(c, c, 4, stride=2, padding=1), nn.SiLU()]
        enc += [nn.Conv2d(c, c, 3, padding=1), nn.SiLU(), nn.Conv2d(c, code_dim, 1)]
        dec += [nn.Conv2d(c, c, 3, padding=1), nn.SiLU(), nn.Conv2d(c, 1, 3, padding=1)]
        self.encoder, self.decoder = nn.Sequential(*enc), nn.Sequential(*dec)
        self.codebook = nn.Embedding(num_codes, code_dim)

    @property
    def map_side(self) -> int:
        return 8 // 2 ** self.config.downsample

    def encode(self, x: torch.Tensor) -> torch.Tensor:
        return self.encoder(x)

    def quantize(self, z_e: torch.Tensor) -> torch.Tensor:
        """Index of the nearest codebook vector at every position: ``(B, D, m, m)`` -> ``(B, m, m)``."""
        flat = z_e.permute(0, 2, 3, 1).reshape(-1, z_e.shape[1])
        e = self.codebook.weight
        d = flat.pow(2).sum(1, keepdim=True) - 2 * flat @ e.t() + e.pow(2).sum(1)[None]
        return d.argmin(1).reshape(z_e.shape[0], z_e.shape[2], z_e.shape[3])

    def embed(self, codes: torch.Tensor) -> torch.Tensor:
        """Codebook vectors of a code map: ``(B, m, m)`` -> ``z_q`` ``(B, D, m, m)``."""
        return self.codebook(codes).permute(0, 3, 1, 2)

    def decode(self, z_q: torch.Tensor) -> torch.Tensor:
        return self.decoder(z_q)

    def decode_codes(self, codes: torch.Tensor) -> torch.Tensor:
        return self.decode(self.embed(codes))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        """Reconstruction logits through the nearest codes."""
        return self.decode_codes(self.quantize(self.encode(x)))
