"""Hand-derived gradients for the sandbox's LeakyReLU MLPs: the live-training fast path.

On 2 CPU cores a GAN update of these small MLPs is dominated by fixed costs (module calls,
the autograd engine, optimizer bookkeeping), not by arithmetic. Here forward and backward are
written out as a few matrix products with no autograd graph, and the optimizers are plain
``torch._foreach`` updates. Gradients equal autograd's (``tests/test_gan_core.py`` checks).

MLP: ``h_0 = x``, ``z_i = h_{i-1} W_i^T + b_i``, ``h_i = m_i * z_i`` with ``m_i = 1`` where
``z_i > 0`` and ``slope`` elsewhere (LeakyReLU), output ``h_{L-1} W_L^T + b_L``.

WGAN-GP penalty without double backprop. For a critic ``f`` the input gradient is the chain
``g_{L-1} = w_L``, ``d_i = g_i * m_i``, ``g_{i-1} = d_i W_i``, ``grad_x f = g_0``. LeakyReLU's masks
are piecewise constant, so ``P = mean_b (|g_0| - 1)^2`` depends on the weights only through
this linear chain; with ``u_0 = dP/dg_0 = (2/B) (|g_0| - 1) g_0 / |g_0|`` and
``u_i = (u_{i-1} W_i^T) * m_i``: ``dP/dW_i = d_i^T u_{i-1}``, ``dP/dw_L = sum_b u_{L-1}``,
``dP/db_i = 0`` (Gulrajani et al. 2017, eq. 3, differentiated by hand).
"""
from __future__ import annotations

import math

import torch
from torch import nn


class Mlp:
    """The Linear layers of an ``nn.Sequential`` of ``Linear``/``LeakyReLU``, run without autograd."""

    def __init__(self, seq: nn.Sequential):
        self.layers = [m for m in seq if isinstance(m, nn.Linear)]
        slopes = {m.negative_slope for m in seq if isinstance(m, nn.LeakyReLU)}
        kinds = {type(m) for m in seq} - {nn.Linear, nn.LeakyReLU}
        if kinds or len(slopes) > 1:
            raise TypeError("the fast path needs an MLP of Linear and LeakyReLU layers")
        self.slope = slopes.pop() if slopes else 1.0
        self.params = [p for layer in self.layers for p in (layer.weight, layer.bias)]

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, list[torch.Tensor], list[torch.Tensor]]:
        """Output, the inputs ``h_{i-1}`` of every layer, and the hidden masks ``m_i``."""
        inputs, masks = [], []
        h = x
        for layer in self.layers[:-1]:
            inputs.append(h)
            z = torch.addmm(layer.bias, h, layer.weight.t())
            m = torch.where(z > 0, 1.0, self.slope)
            masks.append(m)
            h = z * m
        inputs.append(h)
        last = self.layers[-1]
        return torch.addmm(last.bias, h, last.weight.t()), inputs, masks

    def backward(self, inputs, masks, g: torch.Tensor, params: bool = True
                 ) -> tuple[list[torch.Tensor] | None, torch.Tensor]:
        """Backprop ``g = dL/d output``; returns parameter gradients (in ``self.params`` order) and ``dL/dx``."""
        grads: list[torch.Tensor] = [torch.empty(0)] * len(self.params)
        for i in range(len(self.layers) - 1, -1, -1):
            if params:
                grads[2 * i] = g.t() @ inputs[i]
                grads[2 * i + 1] = g.sum(0)
            g = g @ self.layers[i].weight
            if i > 0:
                g = g * masks[i - 1]
        return (grads if params else None), g

    def penalty(self, masks: list[torch.Tensor], lam: float, grads: list[torch.Tensor]) -> torch.Tensor:
        """WGAN-GP's ``lam * mean (|grad_x f| - 1)^2`` at the rows the masks belong to (critic only: output
        width 1); adds its weight gradients to ``grads`` in place and returns the penalty."""
        layers, n = self.layers, masks[0].shape[0]
        deltas = []
        g = layers[-1].weight  # (1, H), broadcast over the batch
        for i in range(len(layers) - 1, 0, -1):
            d = g * masks[i - 1]
            deltas.append(d)
            g = d @ layers[i - 1].weight
        deltas.reverse()  # deltas[i - 1] = d_i
        norm = g.norm(dim=1, keepdim=True)
        gap = norm - 1
        u = g * (2 * lam / n) * gap / norm.clamp_min(1e-12)
        for i in range(1, len(layers)):
            grads[2 * (i - 1)] = grads[2 * (i - 1)] + deltas[i - 1].t() @ u
            u = (u @ layers[i - 1].weight.t()) * masks[i - 1]
        grads[-2] = grads[-2] + u.sum(0, keepdim=True)
        return lam * (gap ** 2).mean()


class Optimizer:
    """Adam (betas 0.5, 0.9), RMSprop (alpha 0.99) or SGD over a parameter list, as ``torch.optim`` does them."""

    def __init__(self, name: str, params: list[torch.Tensor], lr: float):
        self.name, self.params, self.lr, self.t = name, params, lr, 0
        self.m = [torch.zeros_like(p) for p in params] if name == "adam" else []
        self.v = [torch.zeros_like(p) for p in params] if name in ("adam", "rmsprop") else []

    @torch.no_grad()
    def step(self, grads: list[torch.Tensor]) -> None:
        self.t += 1
        if self.name == "sgd":
            torch._foreach_add_(self.params, grads, alpha=-self.lr)
            return
        if self.name == "rmsprop":
            torch._foreach_mul_(self.v, 0.99)
            torch._foreach_addcmul_(self.v, grads, grads, value=0.01)
            denom = torch._foreach_sqrt(self.v)
            torch._foreach_add_(denom, 1e-8)
            torch._foreach_addcdiv_(self.params, grads, denom, value=-self.lr)
            return
        b1, b2 = 0.5, 0.9
        torch._foreach_lerp_(self.m, grads, 1 - b1)
        torch._foreach_mul_(self.v, b2)
        torch._foreach_addcmul_(self.v, grads, grads, value=1 - b2)
        denom = torch._foreach_sqrt(self.v)
        torch._foreach_div_(denom, math.sqrt(1 - b2 ** self.t))
        torch._foreach_add_(denom, 1e-8)
        torch._foreach_addcdiv_(self.params, self.m, denom, value=-self.lr / (1 - b1 ** self.t))
