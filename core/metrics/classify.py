"""Digits judged by the shipped classifier: its features (the Fréchet feature space, as Inception
features are for FID), its class probabilities, class accuracy and confidence, and the Fréchet
distance to the test split next to its floor."""
from __future__ import annotations

import torch

from core.metrics.frechet import frechet_distance


@torch.no_grad()
def classifier_outputs(classifier, images: torch.Tensor, batch: int = 512) -> tuple[torch.Tensor, torch.Tensor]:
    """Features ``(N, k)`` and class probabilities ``(N, 10)`` of images ``(N, 1, 8, 8)`` in [-1, 1]."""
    feats, probs = [], []
    dev = next(classifier.parameters()).device
    for chunk in images.clamp(-1, 1).split(batch):
        f = classifier.features(chunk.to(dev))
        feats.append(f.cpu())
        probs.append(torch.softmax(classifier.head(f), dim=-1).cpu())
    return torch.cat(feats), torch.cat(probs)


def class_accuracy(probs: torch.Tensor, labels: torch.Tensor) -> float:
    """Share of samples whose predicted class equals the class they were generated for."""
    return float((probs.argmax(-1).cpu() == labels.cpu()).float().mean())


def digits_quality(classifier, samples: torch.Tensor, labels: torch.Tensor | None, real_train: torch.Tensor,
                   real_test: torch.Tensor) -> dict[str, float]:
    """Fréchet distance of ``samples`` to the test split, its floor (train vs test, with the train set
    subsampled to ``len(samples)``) and, when ``labels`` are given, the class accuracy."""
    n = min(len(samples), len(real_train))
    f_gen, p_gen = classifier_outputs(classifier, samples)
    f_test, _ = classifier_outputs(classifier, real_test)
    f_train, _ = classifier_outputs(classifier, real_train[:n])
    out = {
        "frechet": frechet_distance(f_gen, f_test),
        "frechet_floor": frechet_distance(f_train, f_test),
        "confidence": float(p_gen.max(-1).values.mean()),
    }
    out["frechet_ratio"] = out["frechet"] / out["frechet_floor"]
    if labels is not None:
        out["class_accuracy"] = class_accuracy(p_gen, labels)
    return out
