"""The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017):
``||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))``.

``Tr (S_a S_b)^(1/2)`` is computed as the sum of the square roots of the eigenvalues of the
symmetric ``S_a^(1/2) S_b S_a^(1/2)`` (same eigenvalues as ``S_a S_b``): two symmetric
eigendecompositions instead of ``scipy.linalg.sqrtm``, exact for covariance matrices and ~50x faster
here, which matters because each figure averages many halvings (``core.metrics.classify``).
"""
from __future__ import annotations

import numpy as np
import torch


def _sqrt_psd(s: np.ndarray) -> np.ndarray:
    w, v = np.linalg.eigh(s)
    return (v * np.sqrt(np.clip(w, 0, None))) @ v.T


def frechet_distance(feat_a: np.ndarray | torch.Tensor, feat_b: np.ndarray | torch.Tensor) -> float:
    """Fréchet distance between Gaussians fitted to features ``(n, k)`` and ``(m, k)``."""
    a = np.asarray(torch.as_tensor(feat_a).detach().cpu(), dtype=np.float64)
    b = np.asarray(torch.as_tensor(feat_b).detach().cpu(), dtype=np.float64)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return float("inf")
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.atleast_2d(np.cov(a, rowvar=False)), np.atleast_2d(np.cov(b, rowvar=False))
    root_a = _sqrt_psd(s_a)
    cross = root_a @ s_b @ root_a
    tr_covmean = np.sqrt(np.clip(np.linalg.eigvalsh((cross + cross.T) / 2), 0, None)).sum()
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(s_a) + np.trace(s_b) - 2 * tr_covmean)
