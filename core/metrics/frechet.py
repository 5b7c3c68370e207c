"""The Fréchet distance between Gaussians fitted to two feature sets (Heusel et al. 2017):
``||mu_a - mu_b||^2 + Tr(S_a + S_b - 2 (S_a S_b)^(1/2))``."""
from __future__ import annotations

import numpy as np
import scipy.linalg
import torch


def frechet_distance(feat_a: np.ndarray | torch.Tensor, feat_b: np.ndarray | torch.Tensor) -> float:
    """Fréchet distance between Gaussians fitted to features ``(n, k)`` and ``(m, k)``."""
    a = np.asarray(torch.as_tensor(feat_a).detach().cpu(), dtype=np.float64)
    b = np.asarray(torch.as_tensor(feat_b).detach().cpu(), dtype=np.float64)
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        return float("inf")
    mu_a, mu_b = a.mean(0), b.mean(0)
    s_a, s_b = np.cov(a, rowvar=False), np.cov(b, rowvar=False)
    covmean = scipy.linalg.sqrtm(s_a @ s_b)  # BLAS threads are set once per process: core.runtime.device
    if np.iscomplexobj(covmean):
        covmean = covmean.real
    return float(np.sum((mu_a - mu_b) ** 2) + np.trace(s_a + s_b - 2 * covmean))
