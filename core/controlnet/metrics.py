"""How well generated digits follow their control image, next to its floor.

Follow rate: extract the condition from each generated digit with the very function that made
the training pairs (``conditions.extract``) and compare it with the condition given, one measure
per condition type (``FOLLOW_MEASURE``):

- ``stroke``: both skeletons as binary maps (``conditions.comparison_mask``: dilated by one pixel,
  a 3x3 square, because a one-pixel stroke that lands one pixel off would otherwise score 0), and
  the intersection over union ``|A ∩ B| / |A ∪ B|``.
- ``lowres``: the 4x4 block means themselves, graded, not thresholded (a 4x4 ink map thresholded at
  0 gives IoU 1 for any blob that covers the same blocks): Pearson's correlation
  ``r = <a - mean a, b - mean b> / (|a - mean a| |b - mean b|)`` over the 16 block means, 1 only when
  the sample's blocks rise and fall with the condition's; a real digit scored against another real
  digit's condition gets about 0.66, the base model at control scale 0 about 0.55.

Dice ``2|A ∩ B| / (|A| + |B|)`` of the binary maps is reported too. The floor is the same
measurement on the base model at control scale 0: what any plausible digit gives for free.
"""
from __future__ import annotations

import numpy as np
import torch

from core.controlnet.conditions import LOWRES_FACTOR, comparison_mask, extract
from core.controlnet.sampling import generate_controlled
from core.metrics.classify import accuracy_figures, classifier_outputs
from core.metrics.intervals import mean_interval, with_interval
from core.nn.unet_digits import NULL_CLASS


def overlap_scores(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per-sample IoU and Dice of boolean maps ``(N, h, w)``; two empty maps score 1."""
    a, b = a.reshape(len(a), -1), b.reshape(len(b), -1)
    inter, union = (a & b).sum(1), (a | b).sum(1)
    total = a.sum(1) + b.sum(1)
    iou = np.where(union > 0, inter / np.maximum(union, 1), 1.0)
    dice = np.where(total > 0, 2 * inter / np.maximum(total, 1), 1.0)
    return iou, dice


FOLLOW_MEASURE = {"stroke": "IoU", "lowres": "r"}  # the follow measure of each condition type


def block_correlation(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per-sample Pearson correlation of maps ``(N, h, w)``; a constant map scores 1 against an equal one, else 0."""
    a = np.asarray(a, dtype=np.float64).reshape(len(a), -1)
    b = np.asarray(b, dtype=np.float64).reshape(len(b), -1)
    da, db = a - a.mean(1, keepdims=True), b - b.mean(1, keepdims=True)
    norm = np.sqrt((da * da).sum(1) * (db * db).sum(1))
    same = np.abs(a - b).max(1) < 1e-6
    return np.where(norm > 1e-12, (da * db).sum(1) / np.maximum(norm, 1e-12), np.where(same, 1.0, 0.0))


def follow_per_sample(condition_type: str, generated: torch.Tensor, conditions: torch.Tensor) -> np.ndarray:
    """The follow measure (``FOLLOW_MEASURE``) of each generated digit ``(N, 1, 8, 8)`` against its condition."""
    extracted = extract(condition_type, generated)
    if condition_type == "lowres":
        f = LOWRES_FACTOR
        return block_correlation(extracted[:, 0, ::f, ::f].numpy(), conditions[:, 0, ::f, ::f].numpy())
    return overlap_scores(comparison_mask(condition_type, extracted), comparison_mask(condition_type, conditions))[0]


def follow_scores(condition_type: str, generated: torch.Tensor, conditions: torch.Tensor) -> dict[str, float]:
    """Mean follow measure (``follow``: IoU for strokes, block correlation for low resolution) and Dice of the
    binary maps, each with its 95% interval over samples (``follow_lo/hi``, ``dice_lo/hi``)."""
    follow = follow_per_sample(condition_type, generated, conditions)
    _, dice = overlap_scores(comparison_mask(condition_type, extract(condition_type, generated)),
                             comparison_mask(condition_type, conditions))
    return {**with_interval("follow", *mean_interval(follow)), **with_interval("dice", *mean_interval(dice))}


def controlnet_quality(unet, controlnet, sched_cfg, classifier, condition_type: str, images: torch.Tensor,
                       labels: torch.Tensor, steps: int, guidance_scale: float, seed: int = 0) -> dict[str, dict]:
    """Follow rate, floor and class accuracy on ``images`` ``(N, 1, 8, 8)`` (the test split) and their ``labels``.

    Settings, each measured with the ControlNet (control scale 1) and without it (scale 0, the floor):
    ``no_class`` (null class: the control alone must carry the shape), ``class`` (class prompt and
    condition agree; also gives the class accuracy) and ``guess`` (guess mode, no class).
    """
    cond = extract(condition_type, images)
    null = torch.full_like(labels, NULL_CLASS)
    out: dict[str, dict] = {}
    for name, prompt, guess in (("no_class", null, False), ("class", labels, False), ("guess", null, True)):
        row: dict[str, float] = {}
        for scale, key in ((1.0, ""), (0.0, "floor_")):
            if guess and scale == 0.0:
                continue
            x = generate_controlled(unet, controlnet, sched_cfg, cond=cond, labels=prompt, steps=steps,
                                    control_scale=scale, guidance_scale=guidance_scale, guess_mode=guess, seed=seed).x
            row.update({key + k: v for k, v in follow_scores(condition_type, x, cond).items()})
            if prompt is labels:
                row.update({key + k: v for k, v in accuracy_figures(classifier_outputs(classifier, x)[1], labels).items()})
        if "floor_follow" in row:
            row["ratio"] = row["follow"] / max(row["floor_follow"], 1e-9)
        out[name] = row
    out["settings"] = {"n": len(images), "steps": steps, "guidance_scale": guidance_scale, "seed": seed,
                       "measure": FOLLOW_MEASURE[condition_type],
                       "tolerance": "stroke maps dilated by one pixel (3x3 square) before IoU/Dice"
                       if condition_type == "stroke" else "Pearson r of the 4x4 block means; Dice of them "
                       "thresholded at 0"}
    return out
