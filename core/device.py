"""Where models run: device, dtype and CPU threads, decided in one place through accelerate.

Every model is moved to ``device()`` once, through ``place``; the same code runs on a GPU
machine with no change. ``configure_threads`` is called by entry points (app, training CLI,
benchmarks), never at import.
"""
from __future__ import annotations

import os
from functools import lru_cache

import torch
from accelerate import PartialState


@lru_cache(maxsize=1)
def state() -> PartialState:
    """The process-wide accelerate state (created on first use)."""
    return PartialState()


def device() -> torch.device:
    """The device every model and tensor of this process lives on."""
    return state().device


def dtype() -> torch.dtype:
    """Compute dtype. float32 everywhere: the models are small and CPUs gain nothing from half precision."""
    return torch.float32


def default_threads() -> int:
    """Intra-op threads: ``GENLAB_THREADS`` if set, else 1.

    Measured on 2 cores (benchmarks/bench_threads.py): an idle machine gains about 25% from 2
    threads on these small models, but a busy one (training, a second request, CI) loses 3-14x to
    thread contention, so one thread is the robust default.
    """
    env = os.environ.get("GENLAB_THREADS")
    return max(1, int(env)) if env else 1


def configure_threads(n: int | None = None) -> int:
    """Set torch's intra-op thread count; returns the count in force."""
    n = default_threads() if n is None else max(1, int(n))
    torch.set_num_threads(n)
    return n


def place(module: torch.nn.Module) -> torch.nn.Module:
    """Move a model to the process device (casting only if its dtype differs), in eval mode."""
    module = module.to(device=device())
    param = next(module.parameters(), None)
    if param is not None and param.dtype != dtype():
        module = module.to(dtype=dtype())
    return module.eval()


def generator(seed: int) -> torch.Generator:
    """A seeded generator on the process device: the only source of randomness samplers use."""
    return torch.Generator(device=device()).manual_seed(int(seed))
