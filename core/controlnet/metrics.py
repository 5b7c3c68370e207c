"""How well generated digits follow their control image, next to its floor.

Follow rate: extract the condition from each generated digit with the very function that made
the training pairs (``conditions.extract``), turn both into binary maps
(``conditions.comparison_mask``: strokes dilated by one pixel, a 3x3 square, because a
one-pixel stroke on an 8x8 grid that lands one pixel off would otherwise score 0) and average
the intersection over union ``|A ∩ B| / |A ∪ B|`` (Dice ``2|A ∩ B| / (|A| + |B|)`` is reported
too). The floor is the same measurement on the base model at control scale 0: what the
conditions' overlap with any plausible digit gives for free.
"""
from __future__ import annotations

import numpy as np
import torch

from core.controlnet.conditions import comparison_mask, extract
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


def follow_scores(condition_type: str, generated: torch.Tensor, conditions: torch.Tensor) -> dict[str, float]:
    """Mean IoU (``follow``) and Dice of the condition extracted from ``generated`` vs ``conditions``, each
    with its 95% interval over samples (``follow_lo/hi``, ``dice_lo/hi``)."""
    iou, dice = overlap_scores(comparison_mask(condition_type, extract(condition_type, generated)),
                               comparison_mask(condition_type, conditions))
    return {**with_interval("follow", *mean_interval(iou)), **with_interval("dice", *mean_interval(dice))}


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
            x = generate_controlled(unet, controlnet, sched_cfg, cond, prompt, steps, scale, guidance_scale,
                                    guess, seed=seed).x
            row.update({key + k: v for k, v in follow_scores(condition_type, x, cond).items()})
            if prompt is labels:
                row.update({key + k: v for k, v in accuracy_figures(classifier_outputs(classifier, x)[1], labels).items()})
        if "floor_follow" in row:
            row["ratio"] = row["follow"] / max(row["floor_follow"], 1e-9)
        out[name] = row
    out["settings"] = {"n": len(images), "steps": steps, "guidance_scale": guidance_scale, "seed": seed,
                       "tolerance": "stroke maps dilated by one pixel (3x3 square) before IoU/Dice"
                       if condition_type == "stroke" else "4x4 block means thresholded at 0, no dilation"}
    return out
