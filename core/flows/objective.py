"""Maximum likelihood as a loss object for ``core.train.loop.TrainRun``: ``-mean log p(x)``.

For 2D points the batch is ``(x, None)`` and the loss is the NLL in nats per point. For digits the
batch holds pixel levels ``k`` in ``0..levels-1`` and ``NLLObjective(dequantize=True)`` adds uniform
noise ``u ~ U[0, 1)`` first (Theis et al. 2016; RealNVP, section 4.1): the NLL of ``v = k + u`` bounds
the discrete data's ``-log P(k)`` from above, so the loss is an honest code length.
"""
from __future__ import annotations

import torch

from core.data.pools import Pool
from core.flows.models import FlowModel
from core.train.loop import TrainConfig, TrainRun


class NLLObjective:
    """``-mean log p(x)`` (nats per example) of a ``FlowModel``; ``dequantize`` adds ``U[0, 1)`` noise to integer data."""

    def __init__(self, dequantize: bool = False):
        self.dequantize = bool(dequantize)

    def __call__(self, model: FlowModel, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        x = batch[0]
        if self.dequantize:
            x = x + torch.rand(x.shape, generator=gen).to(x.device)
        return -model.log_prob(x).mean()


def flow_run(model: FlowModel, data: torch.Tensor, cfg: TrainConfig, dequantize: bool = False,
             init_batch: int = 1024) -> TrainRun:
    """A ``TrainRun`` of ``model`` on ``data`` ``(N, dim)`` by maximum likelihood. Actnorm layers are first
    set from ``init_batch`` examples drawn with the run's seed (Glow's data-dependent initialisation)."""
    pool = Pool(torch.as_tensor(data, dtype=torch.float32), None)
    first = pool(min(init_batch, len(pool)), torch.Generator().manual_seed(cfg.seed + 1))[0]
    if dequantize:
        first = first + 0.5
    model.data_init(first)
    return TrainRun(model, pool, NLLObjective(dequantize), cfg)

