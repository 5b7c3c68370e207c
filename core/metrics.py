"""Sample-quality metrics, each reported next to its noise floor.

- 2D: sliced Wasserstein-2 (Rabin et al. 2011; Bonneel et al. 2015):
  ``SW2(P, Q)^2 = E_theta W2^2(<P, theta>, <Q, theta>)``, each 1D W2 computed exactly by
  sorting. The floor is SW2 between two independent real samples of the same size (independent
  draws, see ``core.toy2d.sample_iid``): a perfect model lands there, not at 0.
- Digits: the Fréchet distance (Heusel et al. 2017)
  ``||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))`` in the feature space of the shipped
  classifier, with floor train vs test; and the class accuracy of class-conditional samples.
"""
from __future__ import annotations

from typing import Callable

import numpy as np
import scipy.linalg
import torch
from threadpoolctl import threadpool_limits

N_PROJECTIONS = 512  # random directions for sliced W2 above 2 dimensions
N_ANGLES_2D = 128  # evenly spaced directions for sliced W2 in 2D (the half circle, densely)
PROJECTION_SEED = 1234  # directions are fixed, so a metric value is a deterministic function of the samples


def _directions(dim: int, n: int = N_PROJECTIONS, seed: int = PROJECTION_SEED) -> np.ndarray:
    """Unit directions ``(k, dim)``: in 2D, ``N_ANGLES_2D`` evenly spaced angles over [0, pi); else random."""
    if dim == 2:
        angles = np.arange(N_ANGLES_2D) * np.pi / N_ANGLES_2D
        return np.stack([np.cos(angles), np.sin(angles)], axis=1)
    theta = np.random.default_rng(seed).standard_normal((n, dim))
    return theta / np.linalg.norm(theta, axis=1, keepdims=True)


def _quantiles(proj: np.ndarray, m: int) -> np.ndarray:
    """Sorted projections ``(k, n)`` resampled at ``m`` mid-quantiles (equal sizes: the sorted values)."""
    proj = np.sort(proj, axis=1)
    n = proj.shape[1]
    if n == m:
        return proj
    q = (np.arange(m) + 0.5) / m * n - 0.5
    return np.stack([np.interp(q, np.arange(n), row) for row in proj])


def sliced_w2(x: np.ndarray | torch.Tensor, y: np.ndarray | torch.Tensor) -> float:
    """Sliced W2 between point clouds ``x`` ``(n, d)`` and ``y`` ``(m, d)``."""
    x = np.asarray(torch.as_tensor(x).detach().cpu(), dtype=np.float64)
    y = np.asarray(torch.as_tensor(y).detach().cpu(), dtype=np.float64)
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        return float("inf")
    theta = _directions(x.shape[1])
    m = max(len(x), len(y))
    px, py = _quantiles(theta @ x.T, m), _quantiles(theta @ y.T, m)
    return float(np.sqrt(np.mean((px - py) ** 2)))


def w2_with_floor(samples, draw_real: Callable[[int, int], np.ndarray], seed: int = 0) -> dict[str, float]:
    """SW2 of ``samples`` against fresh real data, and its floor (real vs real, same size).

    ``draw_real(n, seed)`` draws ``n`` real points; three independent real sets are drawn so
    the value and the floor use disjoint data.
    """
    ref, floor = reference_with_floor(len(samples), draw_real, seed)
    return w2_against(samples, ref, floor)


def reference_with_floor(n: int, draw_real: Callable[[int, int], np.ndarray], seed: int = 0) -> tuple[np.ndarray, float]:
    """A real reference sample of size ``n`` and the floor: SW2 between it and a second, independent one."""
    ref = draw_real(n, seed * 3 + 1)
    return ref, sliced_w2(draw_real(n, seed * 3 + 2), ref)


def w2_against(samples, ref: np.ndarray, floor: float) -> dict[str, float]:
    """SW2 of ``samples`` against a reference drawn by ``reference_with_floor``, with its floor and ratio."""
    value = sliced_w2(samples, ref)
    return {"w2": value, "floor": floor, "ratio": value / floor if floor > 0 else float("inf")}


def frechet_distance(feat_a: np.ndarray | torch.Tensor, feat_b: np.ndarray | torch.Tensor) -> float:
    """Fréchet distance between Gaussians fitted to features ``(n, k)`` and ``(m, k)``."""
    a = np.asarray(torch.as_tensor(feat_a).detach().cpu(), dtype=np.float64)
    b = np.asarray(torch.as_tensor(feat_b).detach().cpu(), dtype=np.float64)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return float("inf")
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    with threadpool_limits(1):  # BLAS threads fight torch's for 2 cores: 0.04 s vs up to 3.6 s measured
        covmean = scipy.linalg.sqrtm(s_a @ s_b)
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(s_a + s_b - 2 * covmean))


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
