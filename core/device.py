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
    """Intra-op threads: ``GENLAB_THREADS`` if set, else every core (measured best on 2 cores, see benchmarks/)."""
    env = os.environ.get("GENLAB_THREADS")
    return max(1, int(env)) if env else max(1, os.cpu_count() or 1)


def configure_threads(n: int | None = None) -> int:
    """Set torch's intra-op thread count; returns the count in force."""
    n = default_threads() if n is None else max(1, int(n))
    torch.set_num_threads(n)
    return n


def place(module: torch.nn.Module) -> torch.nn.Module:
    """Move a model to the process device and dtype, in eval mode."""
    return module.to(device=device(), dtype=dtype()).eval()


def generator(seed: int) -> torch.Generator:
    """A seeded generator on the process device: the only source of randomness samplers use."""
    return torch.Generator(device=device()).manual_seed(int(seed))
