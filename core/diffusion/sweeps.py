"""The shape of the DDIM paper's Table 1 (Song et al. 2021): sample quality against the number
of steps, for several ``eta`` (0 = DDIM, 1 = DDPM's variance) and for DDPM itself.

2D: sliced W2 against fresh data over several seeds (lower is better; floor = real vs real at the
same size). Digits: Fréchet distance in the classifier's feature space against held-out digits
(lower is better; floor = held-out vs held-out at the same size), class accuracy and confidence.
Every figure carries its 95% interval (``*_lo``, ``*_hi``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable

import safetensors.torch
import torch

from core.diffusion.compare import point_model
from core.diffusion.quality import POINT_SEEDS, points_quality
from core.metrics.classify import FRECHET_N, digits_quality
from core.runtime import checkpoints
from core.runtime.validation import check_int
from core.sampling.generate import generate_digits

TABLE1_STEPS = (10, 20, 50, 100, 1000)  # step counts of the full table
TABLE1_ETAS = (0.0, 0.5, 1.0)  # DDIM eta values of the full table
SMALL_STEPS = (10, 20, 50, 100)  # step counts of the live, small version
Progress = Callable[[float, str], None]


def _rows(methods: Iterable[tuple[str, float]], steps: Iterable[int], measure, progress: Progress | None):
    combos = [(m, e, s) for m, e in methods for s in steps]
    rows = []
    for i, (method, eta, s) in enumerate(combos):
        if progress:
            progress(i / len(combos), f"{method} eta={eta:g} steps={s}")
        figures = measure(method, eta, s)
        rows.append(None if figures is None else {"method": method, "eta": eta, "steps": s, **figures})
    return rows


def _methods(etas):
    return [("ddim", float(e)) for e in etas] + [("ddpm", 1.0)]


def sweep_points(dataset: str, steps=TABLE1_STEPS, etas=TABLE1_ETAS, n: int = 2000, seeds=POINT_SEEDS,
                 progress: Progress | None = None) -> list[dict]:
    """Rows ``{method, eta, steps, w2, floor, ratio, w2_lo, w2_hi, floor_lo, floor_hi, runs}`` for the shipped
    model of a toy dataset (mean over seeds, 95% intervals)."""
    model, cfg = point_model(dataset)
    n = check_int("number of points", n, 100, 20_000)

    def measure(method, eta, s):
        return points_quality(model, dataset, cfg, s, method, eta, n, seeds)

    return _rows(_methods(etas), steps, measure, progress)


def sweep_digits(steps=TABLE1_STEPS, etas=TABLE1_ETAS, n: int = FRECHET_N, seed: int = 0,
                 progress: Progress | None = None, cache: Path | None = None, skip_missing: bool = False) -> list[dict]:
    """Rows ``{method, eta, steps, frechet, frechet_floor, class_accuracy, confidence, ...}`` with their
    ``_lo/_hi`` intervals for the digits UNet (``n`` class-balanced samples).

    ``cache``: a folder where each configuration's samples are saved (safetensors) and read back on a
    later run, so the metrics can be recomputed without sampling again (the 1000-step rows take ~10
    minutes each here); with ``skip_missing`` a configuration not in the cache is left out."""
    unet, cfg = checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet")
    clf = checkpoints.load_model("digits-classifier")
    labels = torch.arange(n) % 10

    def samples(method, eta, s):
        path = cache / f"digits_{method}_{eta:g}_{s}_n{n}_seed{seed}.safetensors" if cache else None
        if path is not None and path.is_file():
            return safetensors.torch.load_file(path)["x"]
        if path is not None and skip_missing:
            return None
        x = generate_digits(unet, cfg, labels, s, method, eta, 1.0, seed).x
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            safetensors.torch.save_file({"x": x.contiguous()}, path)
        return x

    def measure(method, eta, s):
        x = samples(method, eta, s)
        return None if x is None else digits_quality(clf, x, labels)

    return [r for r in _rows(_methods(etas), steps, measure, progress) if r is not None]
