"""Training the guidance topic's models on the one loop (``core.train.loop.TrainRun``).

- the class-conditional 2D eps-model: ``EpsObjective`` with labels dropped to the null class with
  probability ``p_uncond`` (Ho & Salimans 2022);
- the noise-aware classifiers: ``NoisyClassifierObjective``, cross-entropy of ``p(y | x_t, t)`` on
  ``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps`` with ``t ~ U{0..T-1}`` from the same
  noise schedule the diffusion model uses (Dhariwal & Nichol 2021, sec. 4).
"""
from __future__ import annotations

import numpy as np
import torch
from diffusers import DDPMScheduler

from core.data.mixtures import Mixture, ring_of_8

RING = ring_of_8(radius=2.0, sigma=0.3)  # the labelled 2D mixture: 8 modes, each a class, wide enough to see a core
RING_CLASSES = len(RING.centres)  # classes 0..7 (8 is the null class)


def labelled_points(mix: Mixture, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points ``(n, 2)`` of ``mix`` and their labels ``(n,)``: the index of the nearest centre
    (the mode that drew the point, up to overlaps ~5 sigma out)."""
    x = mix.sample(n, seed)
    return x, nearest_centre(mix, x)


def nearest_centre(mix: Mixture, x: np.ndarray) -> np.ndarray:
    """The index of the centre of ``mix`` nearest to each point of ``x`` ``(n, 2)``."""
    d = ((np.asarray(x)[:, None, :] - mix.centres[None].astype(np.float32)) ** 2).sum(-1)
    return d.argmin(1).astype(np.int64)


def predict_class_points(model, x_t, t, labels):
    """``eps`` of the class-conditional 2D model (``ClassTimeMLP``)."""
    return model(x_t, t, labels)


class NoisyClassifierObjective:
    """Cross-entropy of ``classifier(x_t, t)`` against the labels, ``x_t`` noised at a uniform ``t``."""

    def __init__(self, scheduler: DDPMScheduler):
        self.alphas_cumprod = scheduler.alphas_cumprod
        self.T = scheduler.config.num_train_timesteps

    def __call__(self, model, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        x0, labels = batch[:2]
        t = torch.randint(0, self.T, (x0.shape[0],), generator=gen).to(x0.device)
        noise = torch.randn(x0.shape, generator=gen).to(x0.device)
        a = self.alphas_cumprod.to(x0.device)[t].view(-1, *([1] * (x0.ndim - 1)))
        x_t = a.sqrt() * x0 + (1 - a).sqrt() * noise
        return torch.nn.functional.cross_entropy(model(x_t, t), labels)


@torch.no_grad()
def noisy_accuracy(classifier, x0: torch.Tensor, labels: torch.Tensor, scheduler: DDPMScheduler, t: int,
                   seed: int = 0) -> float:
    """Accuracy of ``classifier`` on ``x0`` noised to time ``t`` (one seeded noise draw)."""
    gen = torch.Generator().manual_seed(seed)
    a = scheduler.alphas_cumprod[t]
    x_t = a.sqrt() * x0 + (1 - a).sqrt() * torch.randn(x0.shape, generator=gen)
    dev = next(classifier.parameters()).device
    return float((classifier(x_t.to(dev), t).argmax(-1).cpu() == labels).float().mean())
