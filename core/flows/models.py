"""``FlowModel``: a normalizing flow as a stack of invertible layers, for 2D points or 8x8 digits.

``forward(x) -> (z, logdet)`` runs the layers from data to latent; ``inverse(z)`` runs them back;
``log_prob(x) = log N(z; 0, I) + logdet`` is exact (the change of variables). Architectures:

- ``"nice"`` (Dinh et al. 2015): ``num_layers`` additive couplings on alternating masks, then the
  diagonal scaling layer;
- ``"realnvp"`` (Dinh et al. 2017): ``num_layers`` affine couplings on alternating masks;
- ``"glow"`` (Kingma & Dhariwal 2018): ``num_layers`` steps of actnorm, an invertible linear mixing (the
  1x1 convolution, a ``dim x dim`` matrix) and an affine coupling on a fixed split.

For digits (``levels > 0``) the first layer is ``LogitTransform``: the flow models dequantized pixel
values ``v = k + u`` (``k`` in ``0..levels-1``, ``u ~ U[0, 1)``), and masks alternate between a
checkerboard and its complement, then the top and bottom halves of the image.
"""
from __future__ import annotations

import math

import torch
from diffusers.configuration_utils import ConfigMixin, register_to_config
from diffusers.models.modeling_utils import ModelMixin
from torch import nn

from core.flows.layers import ActNorm, AdditiveCoupling, AffineCoupling, InvertibleLinear, LogitTransform, Scaling

KINDS = ("nice", "realnvp", "glow")  # flow architectures


def masks(dim: int, image_side: int, count: int) -> list[torch.Tensor]:
    """``count`` binary masks ``(dim,)``: alternating coordinates (vectors) or, for ``image_side``-square
    images, checkerboard / complement / top half / bottom half in turn."""
    idx = torch.arange(dim)
    if image_side:
        row, col = idx // image_side, idx % image_side
        board, top = (row + col) % 2, (row < image_side // 2).long()
        cycle = [board, 1 - board, top, 1 - top]
    else:
        cycle = [idx % 2, 1 - idx % 2]
    return [cycle[k % len(cycle)] for k in range(count)]


class FlowModel(ModelMixin, ConfigMixin):
    """A normalizing flow ``x (B, dim) -> z (B, dim)`` with exact ``log p(x)``; see the module docstring.

    Layers are built from torch's global RNG (``InvertibleLinear``'s rotation): build under
    ``core.runtime.device.seeded``. Glow's actnorm layers are set from data by ``data_init(x)``.
    """

    @register_to_config
    def __init__(self, kind: str = "realnvp", dim: int = 2, num_layers: int = 8, hidden: int = 64, depth: int = 2,
                 scale_bound: float = 3.0, image_side: int = 0, levels: int = 0, logit_alpha: float = 0.05):
        super().__init__()
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}; got {kind!r}")
        layers: list[nn.Module] = [LogitTransform(levels, logit_alpha)] if levels else []
        if kind == "nice":
            layers += [AdditiveCoupling(m, hidden, depth) for m in masks(dim, image_side, num_layers)]
            layers.append(Scaling(dim))
        elif kind == "realnvp":
            layers += [AffineCoupling(m, hidden, depth, scale_bound) for m in masks(dim, image_side, num_layers)]
        else:
            split = masks(dim, image_side, 1)[0]
            for _ in range(num_layers):
                layers += [ActNorm(dim), InvertibleLinear(dim), AffineCoupling(split, hidden, depth, scale_bound)]
        self.layers = nn.ModuleList(layers)

    @property
    def dim(self) -> int:
        return self.config.dim

    def layer_names(self) -> list[str]:
        """A short name per layer, in order (``"affine coupling"``, ``"actnorm"``, ...)."""
        names = {AdditiveCoupling: "additive coupling", AffineCoupling: "affine coupling", Scaling: "scaling",
                 ActNorm: "actnorm", InvertibleLinear: "invertible linear", LogitTransform: "logit"}
        return [names[type(layer)] for layer in self.layers]

    @torch.no_grad()
    def data_init(self, x: torch.Tensor) -> None:
        """Glow's data-dependent initialisation: each actnorm normalises ``x`` as it reaches it."""
        for layer in self.layers:
            if isinstance(layer, ActNorm):
                layer.initialize(x)
            x, _ = layer(x)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """``z = f(x)`` ``(B, dim)`` and ``sum_k log|det J_k|`` ``(B,)``."""
        logdet = x.new_zeros(x.shape[0])
        for layer in self.layers:
            x, ld = layer(x)
            logdet = logdet + ld
        return x, logdet

    def inverse(self, z: torch.Tensor) -> torch.Tensor:
        """``x = f^{-1}(z)``."""
        for layer in reversed(self.layers):
            z = layer.inverse(z)
        return z

    def log_prob(self, x: torch.Tensor) -> torch.Tensor:
        """Exact ``log p(x)`` ``(B,)`` in nats: ``log N(f(x); 0, I) + log|det df/dx|``."""
        z, logdet = self(x)
        return standard_normal_log_prob(z) + logdet

    def sample(self, n: int, generator: torch.Generator, temperature: float = 1.0) -> torch.Tensor:
        """``n`` samples ``f^{-1}(T z)``, ``z ~ N(0, I)`` from ``generator`` (``T < 1``: the reduced-temperature
        sampling of Glow, section 5)."""
        dev = next(self.parameters()).device
        z = torch.randn((int(n), self.dim), generator=generator, device=generator.device).to(dev)
        return self.inverse(z * float(temperature))


def standard_normal_log_prob(z: torch.Tensor) -> torch.Tensor:
    """``log N(z; 0, I)`` ``(B,)`` of ``z`` ``(B, D)``."""
    return -0.5 * (z.pow(2).sum(-1) + z.shape[-1] * math.log(2 * math.pi))
