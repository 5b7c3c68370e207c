"""Recording a sampler's path: a callback for every loop's ``StepRecord`` (``core.sampling.contract``)."""
from __future__ import annotations

import torch

from core.sampling.contract import StepRecord


def trajectory_recorder(keep: int | slice | None = None):
    """A callback that stores every step's state ``x`` and ``denoised`` (optionally only rows ``keep``).

    Returns ``(callback, frames)`` where ``frames`` is a list of ``(t, x, denoised)`` on the CPU: ``t`` the
    record's level (``StepRecord.t``), ``denoised`` ``None`` where the loop has no x0_hat.
    """
    frames: list[tuple[float | int, torch.Tensor, torch.Tensor | None]] = []
    rows = slice(None) if keep is None else (slice(0, keep) if isinstance(keep, int) else keep)

    def callback(record: StepRecord) -> None:
        denoised = None if record.denoised is None else record.denoised[rows].detach().cpu().clone()
        frames.append((record.t, record.x[rows].detach().cpu().clone(), denoised))

    return callback, frames
