"""Mode coverage of samples from a Gaussian mixture (VEEGAN, Srivastava et al. 2017, Section 5.1).

A generated sample is *high quality* if it lies within ``HQ_RADIUS`` = 3 sigma of its nearest
centre; a mode is *covered* if it is the nearest centre of at least one high-quality sample.
Reported on ``COVERAGE_SAMPLES`` = 2,500 samples, as in VEEGAN. The high-quality share carries
its 95% Wilson interval (``hq_lo``, ``hq_hi``). What real data scores (the ceiling a model can
reach): every mode covered, and a high-quality share of 1 - exp(-9/2) = 0.989, the mass of a 2D
Gaussian within a radius of 3 sigma.
"""
from __future__ import annotations

import numpy as np
import torch

from core.data.mixtures import Mixture
from core.metrics.intervals import wilson

COVERAGE_SAMPLES = 2500  # generated samples the coverage figures are measured on (VEEGAN)
HQ_RADIUS = 3.0  # a sample is high quality within this many std of its nearest centre


def coverage(samples: np.ndarray | torch.Tensor, mixture: Mixture) -> dict[str, float]:
    """Mode coverage of ``samples`` ``(n, 2)``: ``modes`` covered (of ``num_modes``), ``hq`` share of
    high-quality samples in [0, 1] with its 95% interval ``hq_lo``/``hq_hi``, and ``per_mode`` counts of
    high-quality samples per centre."""
    x = np.asarray(torch.as_tensor(samples).detach().cpu(), dtype=np.float64)
    finite = np.isfinite(x).all(axis=1)
    d2 = ((x[:, None, :] - mixture.centres[None, :, :]) ** 2).sum(-1)
    d2[~finite] = np.inf
    nearest = d2.argmin(axis=1)
    hq = finite & (np.sqrt(d2[np.arange(len(x)), nearest]) <= HQ_RADIUS * mixture.sigma)
    per_mode = np.bincount(nearest[hq], minlength=len(mixture.centres))
    share, lo, hi = wilson(float(hq.sum()), len(x))
    return {"modes": int((per_mode > 0).sum()), "num_modes": len(mixture.centres),
            "hq": share if len(x) else 0.0, "hq_lo": lo, "hq_hi": hi, "per_mode": per_mode.tolist()}
