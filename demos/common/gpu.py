"""ZeroGPU on Hugging Face Spaces: ``@gpu`` marks a GPU-heavy handler.

On a ZeroGPU Space the ``spaces`` package is installed and ``spaces.GPU`` attaches a GPU to the process
for the duration of each call; elsewhere (``spaces`` absent, as on this project's CPU machines) ``gpu``
returns the handler unchanged, so the same code runs everywhere. The handler then places its tensors
through ``core.runtime.device`` (accelerate's device), which is the GPU when one is attached.

    @gpu
    def sample_digits(...): ...

``spaces`` is imported when a handler is decorated (when its tab module is imported), not before: importing
this module has no side effects.
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

DURATION = 60  # seconds of GPU a call may hold on ZeroGPU (spaces.GPU's default)


def _spaces():
    """The ``spaces`` module, or ``None`` where it is not installed."""
    try:
        return importlib.import_module("spaces")
    except ImportError:
        return None


def gpu(fn: Callable | None = None, *, duration: int = DURATION):
    """``spaces.GPU(duration=duration)(fn)`` when ``spaces`` is importable, else ``fn`` itself; either way the
    result has ``gpu_heavy = True``. Use as ``@gpu`` or ``@gpu(duration=120)``."""
    if fn is None:
        return lambda f: gpu(f, duration=duration)
    spaces = _spaces()
    wrapped = fn if spaces is None else spaces.GPU(duration=duration)(fn)
    try:
        wrapped.gpu_heavy = True
    except AttributeError:  # a wrapper that takes no attributes
        pass
    return wrapped
