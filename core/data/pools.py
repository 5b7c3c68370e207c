"""Minibatches drawn from fixed pools of examples: the one sampler every training loop uses.

A ``Pool`` holds tensors with the same first dimension (points; images and labels; images,
labels and control images). Calling it draws ``batch_size`` rows with replacement, one index set
for all of them, from the ``torch.Generator`` passed in, so a run is reproducible from its seed.
``None`` entries stand for a missing part (no labels) and come back as ``None``.
"""
from __future__ import annotations

import numpy as np
import torch


class Pool:
    """``pool(batch_size, generator) -> tuple`` of minibatches, one per tensor given (``None`` passes through)."""

    def __init__(self, *tensors: torch.Tensor | np.ndarray | None):
        self.tensors = tuple(None if t is None else torch.as_tensor(np.asarray(t) if isinstance(t, np.ndarray) else t)
                             for t in tensors)
        sizes = {len(t) for t in self.tensors if t is not None}
        if len(sizes) != 1:
            raise ValueError(f"a pool needs tensors of one common length; got lengths {sorted(sizes)}")
        self.size = sizes.pop()

    def __len__(self) -> int:
        return self.size

    def __call__(self, batch_size: int, generator: torch.Generator) -> tuple:
        idx = torch.randint(0, self.size, (int(batch_size),), generator=generator)
        return tuple(None if t is None else t[idx] for t in self.tensors)
