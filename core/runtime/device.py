"""Where models run: device, dtype and CPU threads, decided in one place through accelerate.

Every model is moved to ``device()`` once, through ``place``; the same code runs on a GPU
machine with no change. ``configure_threads`` is called by entry points (app, training CLI,
benchmarks), never at import.
"""
from __future__ import annotations

import contextvars
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from typing import Callable, Iterator, Sequence, TypeVar

import torch
from accelerate import PartialState

T = TypeVar("T")


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
    """Set torch's intra-op thread count and the BLAS libraries' (numpy, scipy) to ``n``; returns ``n``.

    Called once by entry points, never per request: BLAS threads fighting torch's for 2 cores
    made one Fréchet distance take up to 3.6 s instead of 0.04 s (measured).
    """
    from threadpoolctl import threadpool_limits

    n = default_threads() if n is None else max(1, int(n))
    torch.set_num_threads(n)
    threadpool_limits(n)
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


_SEEDED = threading.RLock()  # held while a model is built (seeded) or loaded (model_loading)


@contextmanager
def model_loading() -> Iterator[None]:
    """Hold the model-building lock while a checkpoint loads: diffusers' ``from_pretrained`` builds the model on
    the meta device through a process-wide patch (accelerate's ``init_empty_weights``), and a model built in
    another thread meanwhile came out with meta tensors ("Cannot copy out of meta tensor", seen when a page
    load read a checkpoint while a live run started)."""
    with _SEEDED:
        yield


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run a block (building a model, whose layers initialise from torch's global RNG) with that RNG
    seeded to ``seed``, and restore it afterwards: the process is never reseeded, and a lock keeps
    two requests' blocks from drawing from it at once."""
    with _SEEDED, torch.random.fork_rng():
        torch.manual_seed(int(seed))
        yield


def side_by_side_workers() -> int:
    """How many independent jobs ``side_by_side`` runs at once: on CPU, the cores not taken by
    intra-op threads (2 cores, 1 thread each: 2); on an accelerator, 1 (its kernels queue anyway)."""
    if device().type != "cpu":
        return 1
    return max(1, (os.cpu_count() or 1) // torch.get_num_threads())


def side_by_side(jobs: Sequence[Callable[[], T]]) -> list[T]:
    """Run independent jobs (say, DDPM and DDIM from the same seed) and return their results in order.

    Each job owns its generator and scheduler, so results equal a sequential run bit for bit.
    On CPU the jobs run in Python threads: torch releases the GIL inside each op, so with one
    intra-op thread per job two samplers use two cores (benchmarks/bench_diffusion.py measures it).
    """
    workers = min(len(jobs), side_by_side_workers())
    if workers <= 1:
        return [job() for job in jobs]
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="genlab-job") as pool:
        return [f.result() for f in [pool.submit(contextvars.copy_context().run, job) for job in jobs]]
