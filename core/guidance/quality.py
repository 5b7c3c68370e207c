"""The guidance topic's figures, computed from the weights (recipes, quality tests, benchmark and tab).

- Ring (2D): samples of one class under guidance; ``on_class`` is the share whose nearest mode is the
  class (fidelity), ``spread`` the RMS distance to the samples' own mean (diversity; the data's own is
  ``sqrt(2) sigma``) and ``shift`` how far that mean moved from the mode's centre.
- Digits: ``class_accuracy`` by the shipped ``digits-classifier``; within-class diversity as the mean
  pairwise distance of the classifier's features between samples of the same class (``diversity``; the
  test digits' own is ``real_diversity``); ``class_frechet``, the Fréchet distance of each class's samples
  to that class's test digits, averaged over classes (it grows as samples collapse onto a prototype);
  ``frechet``, all samples against the whole test split. With ``intervals``, each carries its 95%
  interval (``key_lo``/``key_hi``): Wilson's for the accuracy, a class-stratified bootstrap over the
  samples (``FRECHET_RESAMPLES`` resamples: each costs eleven Fréchet distances) for the others.
"""
from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
import torch

from core.data.digits import NUM_CLASSES, load_split
from core.guidance.sampling import digit_eps, point_eps
from core.guidance.train import RING, nearest_centre
from core.metrics.classify import classifier_outputs
from core.metrics.frechet import frechet_distance
from core.metrics.intervals import bootstrap, wilson, with_interval
from core.runtime import checkpoints, device
from core.sampling.generate import Generated, run_sampler

RING_MODEL, RING_CLASSIFIER = "guidance-2d-ring", "guidance-2d-classifier"
DIGITS_MODEL, DIGITS_CLASSIFIER, JUDGE = "digits-unet", "guidance-digits-classifier", "digits-classifier"
SWEEP_SCALES = (0.0, 0.5, 1.0, 2.0, 3.0, 4.0, 5.0)  # guidance scales of the digits sweep (w, diffusers' convention)
SWEEP_SAMPLES = 200  # digits per scale and method, class-balanced
SWEEP_STEPS = 30  # DDIM steps of the sweep
FRECHET_RESAMPLES = 40  # bootstrap resamples of the sweep's intervals (Fréchet distances are the cost)


def alphas_cumprod(sched_cfg: dict) -> torch.Tensor:
    """``alpha_bar_t`` ``(T,)`` of a noise-schedule config."""
    from diffusers import DDPMScheduler

    return DDPMScheduler.from_config(sched_cfg).alphas_cumprod


def sample_points(model, classifier, method: str, label: int, w: float, n: int, steps: int, seed: int,
                  sched_cfg: dict | None = None, callback=None) -> Generated:
    """``n`` ring points of class ``label`` under ``method`` at signed scale ``w`` (DDIM, eta 0); the schedule
    is the shipped ring model's unless ``sched_cfg`` is given."""
    sched_cfg = sched_cfg or checkpoints.scheduler_config(RING_MODEL)
    labels = torch.full((n,), int(label), dtype=torch.long, device=device.device())
    eps = point_eps(model, classifier, method, labels, w, alphas_cumprod(sched_cfg))
    return run_sampler(eps, (n, 2), steps=steps, scheduler_config=sched_cfg, method="ddim", eta=0.0, seed=seed,
                       callback=callback)


def ring_stats(x: np.ndarray, label: int) -> dict[str, float]:
    """``on_class`` (share nearest to mode ``label``), ``spread`` (RMS distance of the samples to their own
    mean: diversity) and ``shift`` (distance of that mean from the mode's centre); each with its 95% interval
    (Wilson for the share, a bootstrap over the samples for the others)."""
    x = np.asarray(x, dtype=np.float64)
    on = nearest_centre(RING, x) == int(label)

    def figures(index) -> dict[str, float]:
        mean = x[index].mean(0)
        return {"spread": float(np.sqrt(((x[index] - mean) ** 2).sum(1).mean())),
                "shift": float(np.linalg.norm(mean - RING.centres[int(label)]))}

    out = with_interval("on_class", *wilson(float(on.sum()), len(x)))
    whole = figures(np.arange(len(x)))
    for k, (lo, hi) in bootstrap(figures, len(x)).items():
        out.update(with_interval(k, whole[k], max(lo, 0.0), hi))
    return out


def ring_figures(model, sched_cfg: dict | None = None, n: int = 400, steps: int = 50,
                 scales: Sequence[float] = (0.0, 1.0, 3.0)) -> dict:
    """CFG on class 0 of the ring at a few scales: ``{"cfg_w{w}": {on_class, spread}}`` and the data's spread."""
    out: dict = {"data_spread": float(np.sqrt(2) * RING.sigma)}
    for w in scales:
        g = sample_points(model, None, "cfg", 0, w, n, steps, seed=0, sched_cfg=sched_cfg)
        out[f"cfg_w{w:g}"] = ring_stats(g.x.numpy(), 0)
    return out


def balanced_labels(n: int) -> torch.Tensor:
    """``(n,)`` labels cycling 0..9 (class-balanced)."""
    return torch.arange(n) % NUM_CLASSES


def sample_digits(method: str, labels: torch.Tensor, w: float, steps: int, seed: int, callback=None) -> Generated:
    """One digit per label under ``method`` at signed scale ``w`` with the shipped UNet (DDIM, eta 0)."""
    unet = checkpoints.load_model(DIGITS_MODEL)
    classifier = checkpoints.load_model(DIGITS_CLASSIFIER) if method == "classifier" else None
    sched_cfg = checkpoints.scheduler_config(DIGITS_MODEL)
    eps = digit_eps(unet, classifier, method, labels.to(device.device()), w, alphas_cumprod(sched_cfg))
    return run_sampler(eps, (len(labels), 1, 8, 8), steps=steps, scheduler_config=sched_cfg, method="ddim",
                       eta=0.0, seed=seed, callback=callback)


def within_class_diversity(features: torch.Tensor, labels: torch.Tensor) -> float:
    """Mean pairwise Euclidean distance between features of the same class, averaged over classes."""
    per_class = []
    for c in labels.unique():
        f = features[labels == c].double()
        if len(f) < 2:
            continue
        d = torch.cdist(f, f)
        per_class.append(float(d.sum() / (len(f) * (len(f) - 1))))
    return float(np.mean(per_class)) if per_class else float("nan")


def digits_stats(images: torch.Tensor, labels: torch.Tensor, per_class: bool = False,
                 intervals: bool = False) -> dict[str, float]:
    """Class accuracy (shipped classifier), within-class diversity and Fréchet distance to the test split;
    with ``per_class``, also ``class_frechet`` (each class against its own test digits, averaged); the
    accuracy with its 95% Wilson interval, and with ``intervals`` every other figure with its 95% interval
    (a class-stratified bootstrap over the samples)."""
    judge = checkpoints.load_model(JUDGE)
    feats, probs = classifier_outputs(judge, images)
    test = _test_features()
    y = load_split().y_test

    def figures(index) -> dict[str, float]:
        f, lab = feats[torch.as_tensor(index)], labels[torch.as_tensor(index)]
        out = {"diversity": within_class_diversity(f, lab), "frechet": frechet_distance(f, test)}
        if per_class:
            out["class_frechet"] = float(np.mean([frechet_distance(f[lab == c], test[y == c]) for c in lab.unique()]))
        return out

    hits = float((probs.argmax(-1).cpu() == labels.cpu()).sum())
    out = {**with_interval("class_accuracy", *wilson(hits, len(labels))), **figures(np.arange(len(labels)))}
    if intervals:
        for k, (lo, hi) in bootstrap(figures, len(labels), FRECHET_RESAMPLES, strata=labels.numpy()).items():
            out.update(with_interval(k, out[k], lo, hi))
    return out


def _test_features() -> torch.Tensor:
    return classifier_outputs(checkpoints.load_model(JUDGE), load_split().x_test)[0]


def real_diversity() -> float:
    """Within-class diversity of the test digits themselves (the reference line of the sweep)."""
    return within_class_diversity(_test_features(), load_split().y_test)


def digits_sweep(method: str, scales: Sequence[float] = SWEEP_SCALES, n: int = SWEEP_SAMPLES,
                 steps: int = SWEEP_STEPS, seed: int = 0,
                 progress: Callable[[float, str], None] | None = None) -> list[dict]:
    """One row per scale: ``{scale, class_accuracy, diversity, class_frechet, frechet, seconds}``, each figure
    with its 95% interval (``_lo``/``_hi``), for ``n`` class-balanced digits."""
    labels = balanced_labels(n)
    rows = []
    for i, w in enumerate(scales):
        if progress is not None:
            progress(i / len(scales), f"{method} w={w:g}")
        g = sample_digits(method, labels, float(w), steps, seed)
        stats = digits_stats(g.x, labels, per_class=True, intervals=True)
        rows.append({"scale": float(w), **stats, "seconds": g.seconds})
    return rows
