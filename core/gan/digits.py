"""The digits GAN: a DCGAN-shaped generator trained with WGAN-GP on the 8x8 digits, sampled,
interpolated in latent space and judged by the shipped digits classifier.

Latent interpolation uses spherical interpolation (White 2016, "Sampling Generative Networks"):
``slerp(z_a, z_b; t) = sin((1-t) w)/sin(w) z_a + sin(t w)/sin(w) z_b``, ``cos w = <z_a, z_b>/(|z_a||z_b|)``,
which keeps the interpolants at the norm typical of a Gaussian ``z``, where the generator was trained.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import torch

from core.data.digits import NUM_CLASSES, load_split
from core.metrics.classify import classifier_outputs, digits_quality
from core.runtime import checkpoints, device
from core.runtime.memo import cached
from core.runtime.validation import MAX_IMAGES, SEED, Spec, check_seed

CHECKPOINT = "gan-digits"  # the shipped digits generator
JUDGED = 256  # samples judged per evaluation (all 10 classes should appear among 256)
MAX_FRAMES = 16  # longest latent interpolation strip


@dataclass(frozen=True)
class DigitsDefaults:
    """The digits view's defaults: the gallery's and the interpolation strip's."""

    n_images: int = 32  # digits shown (of JUDGED judged)
    seed: int = SEED.default  # seed of the gallery's latents (the seed box's)
    seed_a: int = 1  # the strip's first latent
    seed_b: int = 2  # the strip's last latent
    frames: int = 10  # frames of the strip


DIGITS = DigitsDefaults()
N_IMAGES = Spec("number of images", 1, MAX_IMAGES, DIGITS.n_images)
FRAMES = Spec("frames", 2, MAX_FRAMES, DIGITS.frames)
SEED_A, SEED_B = replace(SEED, default=DIGITS.seed_a), replace(SEED, default=DIGITS.seed_b)  # the strip's ends


@dataclass(frozen=True)
class DigitsGanConfig:
    noise_dim: int = 32  # latent size
    g_channels: int = 32  # base width of the generator
    d_channels: int = 16  # base width of the critic (its double backprop dominates the cost)
    iterations: int = 1500  # generator updates
    d_steps: int = 5  # critic updates per generator update
    batch_size: int = 64  # images per update
    lr: float = 2e-4  # Adam learning rate (betas 0.5, 0.9), linearly decayed to 10% of it
    gp_lambda: float = 10.0  # gradient-penalty weight (Gulrajani et al. 2017)
    seed: int = 0  # seeds initialisation, minibatches and noise


def latent(noise_dim: int, n: int, seed: int) -> torch.Tensor:
    """``n`` latents ``(n, noise_dim)`` ~ N(0, I) from ``seed``."""
    return torch.randn(n, noise_dim, generator=device.generator(seed), device=device.device())


@torch.no_grad()
def generate_gan_digits(generator: torch.nn.Module, n: int, seed: int) -> torch.Tensor:
    """``n`` digits ``(n, 1, 8, 8)`` in [-1, 1] on the CPU; same seed, same digits. ``generator`` must be in
    eval mode (BatchNorm's running statistics), as shipped models load; it is not changed here."""
    return generator(latent(generator.config.noise_dim, n, seed)).cpu()


def slerp(z_a: torch.Tensor, z_b: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
    """Spherical interpolation between ``z_a`` and ``z_b`` ``(d,)`` at fractions ``t`` ``(k,)`` -> ``(k, d)``."""
    cos = torch.clamp((z_a @ z_b) / (z_a.norm() * z_b.norm()), -1.0, 1.0)
    omega = torch.arccos(cos)
    t = t[:, None]
    if float(omega) < 1e-4:
        return (1 - t) * z_a + t * z_b
    return (torch.sin((1 - t) * omega) * z_a + torch.sin(t * omega) * z_b) / torch.sin(omega)


@torch.no_grad()
def interpolate(generator: torch.nn.Module, seed_a: int, seed_b: int, steps: int) -> torch.Tensor:
    """``steps`` digits ``(steps, 1, 8, 8)`` along the slerp path from seed ``seed_a``'s latent to ``seed_b``'s."""
    d = generator.config.noise_dim
    z_a, z_b = latent(d, 1, seed_a)[0], latent(d, 1, seed_b)[0]
    t = torch.linspace(0, 1, steps, device=z_a.device)
    return generator(slerp(z_a, z_b, t)).cpu()


def judge(classifier: torch.nn.Module, images: torch.Tensor) -> dict:
    """The classifier's verdict on ``images`` ``(N, 1, 8, 8)``: predicted-class ``counts`` (10,),
    ``mean_confidence`` (mean max-probability), ``classes_present``, and per-image ``labels``/``confidence``."""
    _, probs = classifier_outputs(classifier, images)
    conf, labels = probs.max(-1)
    counts = np.bincount(labels.numpy(), minlength=NUM_CLASSES)
    return {"counts": counts.tolist(), "mean_confidence": float(conf.mean()),
            "classes_present": int((counts > 0).sum()), "labels": labels.tolist(), "confidence": conf.tolist()}


def evaluate(generator: torch.nn.Module, classifier: torch.nn.Module, seed: int, n: int = JUDGED) -> tuple[torch.Tensor, dict]:
    """``n`` samples ``(n, 1, 8, 8)`` and their figures: the classifier's verdict (``judge``) and
    the Fréchet distance to the test split next to its floor (``core.metrics.digits_quality``)."""
    x = generate_gan_digits(generator, n, seed)
    split = load_split()
    return x, {**digits_quality(classifier, x, None, split.x_test), **judge(classifier, x)}


def request_digits(n_images: Any, seed: Any) -> tuple[torch.Tensor, dict]:
    """The tab's request: the first ``n_images`` of ``JUDGED`` samples of the shipped generator, and the
    figures of all ``JUDGED`` (``evaluate``)."""
    n, seed = N_IMAGES.check(n_images), check_seed(seed)
    x, q = cached("gan_digits", (seed,), (CHECKPOINT, "digits-classifier"), lambda: evaluate(
        checkpoints.load_model(CHECKPOINT), checkpoints.load_model("digits-classifier"), seed))
    return x[:n], q


def request_interpolation(seed_a: Any, seed_b: Any, frames: Any) -> tuple[torch.Tensor, dict]:
    """The tab's request: the slerp strip ``(frames, 1, 8, 8)`` from ``seed_a``'s latent to ``seed_b``'s and
    the classifier's verdict on each frame (``judge``)."""
    seed_a, seed_b = SEED_A.check(seed_a), SEED_B.check(seed_b)
    frames = FRAMES.check(frames)
    x = interpolate(checkpoints.load_model(CHECKPOINT), seed_a, seed_b, frames)
    return x, judge(checkpoints.load_model("digits-classifier"), x)
