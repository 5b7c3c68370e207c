"""The flow layer by layer: the data cloud and a square grid pushed through layers ``1..k`` (data towards
the Gaussian), and Gaussian samples pulled back through layers ``L..k+1`` (the Gaussian towards data).

Stage ``k`` (``0..L``) is the space after layer ``k``: stage 0 is data space, stage ``L`` the latent. At a
well-trained flow both clouds look alike at every stage, which is what the slider shows.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.flows.models import FlowModel
from core.runtime import device

GRID_LINES = 13  # grid lines per direction
GRID_POINTS = 60  # points along each grid line


@dataclass
class LayerView:
    """``names[k-1]`` is layer ``k``; ``data[k]`` ``(n, 2)`` and ``grid[k]`` ``(2 * lines, points, 2)`` are the data
    and the grid after layers ``1..k``; ``latent[k]`` ``(n, 2)`` are Gaussian samples after inverting ``L..k+1``."""

    names: list[str]
    data: list[np.ndarray]
    grid: list[np.ndarray]
    latent: list[np.ndarray]

    @property
    def num_layers(self) -> int:
        return len(self.names)


def square_grid(extent: float, lines: int = GRID_LINES, points: int = GRID_POINTS) -> torch.Tensor:
    """Horizontal and vertical lines over ``[-extent, extent]^2``: ``(2 * lines, points, 2)``."""
    pos, along = torch.linspace(-extent, extent, lines), torch.linspace(-extent, extent, points)
    horizontal = torch.stack(torch.broadcast_tensors(along[None, :], pos[:, None]), -1)
    vertical = torch.stack(torch.broadcast_tensors(pos[:, None], along[None, :]), -1)
    return torch.cat([horizontal, vertical])


@torch.no_grad()
def layer_view(model: FlowModel, data: np.ndarray, extent: float, seed: int) -> LayerView:
    """Every stage of ``model`` for ``data`` ``(n, 2)``, the grid over ``[-extent, extent]^2`` and ``n`` Gaussian
    samples drawn from ``seed``."""
    dev = device.device()
    x = torch.as_tensor(data, dtype=torch.float32).to(dev)
    grid = square_grid(extent)
    shape = grid.shape
    g = grid.reshape(-1, 2).to(dev)
    xs, gs = [x.cpu().numpy()], [grid.numpy()]
    for layer in model.layers:
        x, _ = layer(x)
        g, _ = layer(g)
        xs.append(x.cpu().numpy())
        gs.append(g.reshape(shape).cpu().numpy())
    z = torch.randn((len(data), 2), generator=device.generator(seed), device=dev)
    zs = [z.cpu().numpy()]
    for layer in reversed(model.layers):
        z = layer.inverse(z)
        zs.append(z.cpu().numpy())
    return LayerView(model.layer_names(), xs, gs, zs[::-1])
