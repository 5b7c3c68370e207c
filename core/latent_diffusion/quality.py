"""The latent diffusion topic's figures, computed from the weights (recipes, quality tests, benchmark, tab).

- ``reconstruction``: the test digits through the autoencoder, ``D(E(x))``, judged as generated digits are
  (Fréchet distance to held-out digits with its floor, ``core.metrics.classify.digits_quality``): what no latent
  model on this autoencoder can beat.
- ``samples``: class-balanced digits from the latent model at a guidance scale, judged the same way, with
  class accuracy and the classifier's confidence; every figure with its 95% interval.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from core.data.digits import NUM_CLASSES, load_split
from core.latent_diffusion.models import FACTORS
from core.latent_diffusion.sampling import LatentModel, decode, encode, generate
from core.metrics.classify import (
    FRECHET_DRAWS,
    HALVING_SEED,
    _halving,
    classifier_outputs,
    confidence_figures,
    digits_quality,
    heldout_features,
)
from core.metrics.frechet import frechet_distance
from core.metrics.intervals import with_interval
from core.runtime import checkpoints

JUDGE = "digits-classifier"  # the shipped classifier that judges every digit
PIXEL_MODEL = "digits-unet"  # the pixel-space model compared with
DEFAULT_F = 2  # the shipped default downsampling factor
QUALITY_SAMPLES = 200  # class-balanced digits behind a sample figure
QUALITY_SCALE = 3.0  # guidance scale of the sample figures
QUALITY_STEPS = 50  # DDIM steps of the sample figures


def model_name(f: int) -> str:
    """The checkpoint folder of factor ``f``."""
    return f"ld-f{int(f)}"


def component_names(f: int) -> tuple[str, ...]:
    """The checkpoint names of factor ``f``'s components (memo keys)."""
    return tuple(f"{model_name(f)}/{c}" for c in ("vae", "unet", "class_tokens"))


@lru_cache(maxsize=len(FACTORS))
def load(f: int) -> LatentModel:
    """Factor ``f``'s shipped pipeline (components loaded frozen and shared)."""
    vae, unet, tokens = (checkpoints.load_model(n) for n in component_names(f))
    return LatentModel(int(f), vae, unet, tokens, checkpoints.scheduler_config(model_name(f)))


def balanced_labels(n: int) -> torch.Tensor:
    """``(n,)`` labels cycling 0..9."""
    return torch.arange(int(n)) % NUM_CLASSES


def reconstruction(vae, draws: int = FRECHET_DRAWS) -> dict[str, float]:
    """The test digits' reconstructions ``D(E(x))`` against held-out digits they were not made from: for each
    of ``draws`` class-stratified halvings ``(A, B)`` of the test split, the value ``FD(D(E(A)), B)`` next to
    the floor ``FD(A, B)`` (a reconstruction of B's own digits would sit below the floor); means and 2.5-97.5
    percentiles, the classifier's confidence on the reconstructions, and the mean squared error per pixel
    (in [-1, 1] units)."""
    split = load_split()
    judge = checkpoints.load_model(JUDGE)
    x_hat = decode(vae, encode(vae, split.x_test)).cpu()
    f_hat, p_hat = classifier_outputs(judge, x_hat)
    f_real, y = heldout_features(judge)
    f_hat, f_real = f_hat.double().numpy(), f_real.double().numpy()
    groups = [np.flatnonzero(y.numpy() == c) for c in range(NUM_CLASSES)]
    rng = np.random.default_rng(HALVING_SEED)
    values, floors = [], []
    for _ in range(draws):
        perm = _halving(groups, rng)
        a, b = perm[: len(perm) // 2], perm[len(perm) // 2:]
        values.append(frechet_distance(f_hat[a], f_real[b]))
        floors.append(frechet_distance(f_real[a], f_real[b]))
    value, floor = float(np.mean(values)), float(np.mean(floors))
    return {**with_interval("frechet", value, *np.percentile(values, [2.5, 97.5])),
            **with_interval("frechet_floor", floor, *np.percentile(floors, [2.5, 97.5])),
            "frechet_ratio": value / floor, **confidence_figures(p_hat),
            "mse": float(((x_hat - split.x_test) ** 2).mean())}


def samples(ld: LatentModel, n: int = QUALITY_SAMPLES, w: float = QUALITY_SCALE, steps: int = QUALITY_STEPS,
            seed: int = 0) -> dict[str, float]:
    """``n`` class-balanced samples at guidance ``w``: Fréchet with floor, class accuracy, confidence, seconds."""
    labels = balanced_labels(n)
    g, _ = generate(ld, labels, w, steps, seed)
    return {**digits_quality(checkpoints.load_model(JUDGE), g.x, labels), "seconds": g.seconds, "n": int(n)}
