"""Recording a sampler's path: a callback for every sampler's ``callback(i, t, x_t, x0_hat)``."""
from __future__ import annotations

import torch


def trajectory_recorder(keep: int | slice | None = None):
    """A callback that stores every step's ``x_t`` and ``x0_hat`` (optionally only rows ``keep``).

    Returns ``(callback, frames)`` where ``frames`` is a list of ``(t, x_t, x0_hat)`` on the CPU.
    """
    frames: list[tuple[int, torch.Tensor, torch.Tensor]] = []
    rows = slice(None) if keep is None else (slice(0, keep) if isinstance(keep, int) else keep)

    def callback(i: int, t: int, x_t: torch.Tensor, x0_hat: torch.Tensor) -> None:
        frames.append((t, x_t[rows].detach().cpu().clone(), x0_hat[rows].detach().cpu().clone()))

    return callback, frames
