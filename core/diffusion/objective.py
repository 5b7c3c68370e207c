"""The denoising objective (Ho et al. 2020, Algorithm 1) as a loss object for ``core.train.loop``.

Each update draws ``x_0`` from the data, ``t ~ U{0..T-1}`` and ``eps ~ N(0, I)``, forms
``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps`` and minimises
``|| eps - eps_theta(x_t, t) ||^2``. Class labels, when the batch has them, are dropped to the
null class with probability ``p_uncond`` (classifier-free guidance training, Ho & Salimans 2022).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterator

import torch
from diffusers import DDPMScheduler

from core.nn.unet_digits import NULL_CLASS, placeholder_states
from core.train.live import TrainEvent
from core.train.loop import BatchFn, TrainConfig, TrainRun, train

# predict(model, x_t, t, labels, *extra) -> eps
PredictFn = Callable[..., torch.Tensor]


@dataclass(frozen=True)
class DiffusionTrainConfig(TrainConfig):
    p_uncond: float = 0.0  # probability a label is dropped to the null class (classifier-free guidance)
    null_class: int = NULL_CLASS  # the null class index used when labels are dropped


def predict_points(model, x_t, t, labels):
    """``eps`` of a 2D point model (``TimeMLP``); labels unused."""
    return model(x_t, t)


def predict_class_unet(model, x_t, t, labels):
    """``eps`` of the class-conditional digits UNet."""
    return model(x_t, t, placeholder_states(model, x_t.shape[0], x_t.device), class_labels=labels).sample


class EpsObjective:
    """``|| eps - predict(model, x_t, t, labels, *extra) ||^2`` for a batch ``(x_0, labels or None, *extra)``."""

    def __init__(self, scheduler: DDPMScheduler, predict: PredictFn = predict_points, p_uncond: float = 0.0,
                 null_class: int = NULL_CLASS):
        self.alphas_cumprod = scheduler.alphas_cumprod
        self.T = scheduler.config.num_train_timesteps
        self.predict, self.p_uncond, self.null_class = predict, float(p_uncond), int(null_class)

    def __call__(self, model, batch: tuple, gen: torch.Generator) -> torch.Tensor:
        x0, labels, *extra = batch
        if labels is not None and self.p_uncond > 0:
            drop = torch.rand(labels.shape, generator=gen).to(labels.device) < self.p_uncond
            labels = torch.where(drop, torch.full_like(labels, self.null_class), labels)
        t = torch.randint(0, self.T, (x0.shape[0],), generator=gen).to(x0.device)
        eps = torch.randn(x0.shape, generator=gen).to(x0.device)
        a = self.alphas_cumprod.to(x0.device)[t].view(-1, *([1] * (x0.ndim - 1)))
        x_t = a.sqrt() * x0 + (1 - a).sqrt() * eps
        return torch.nn.functional.mse_loss(self.predict(model, x_t, t, labels, *extra), eps)


def diffusion_run(model: torch.nn.Module, draw_batch: BatchFn, scheduler: DDPMScheduler, cfg: DiffusionTrainConfig,
                  predict: PredictFn = predict_points) -> TrainRun:
    """A ``TrainRun`` of ``model`` on the denoising objective. Only ``model``'s parameters are updated:
    a ``predict`` that also calls frozen networks (a ControlNet steering a fixed UNet) trains just ``model``."""
    return TrainRun(model, draw_batch, EpsObjective(scheduler, predict, cfg.p_uncond, cfg.null_class), cfg)


def train_diffusion(model: torch.nn.Module, draw_batch: BatchFn, scheduler: DDPMScheduler, cfg: DiffusionTrainConfig,
                    predict: PredictFn = predict_points) -> Iterator[TrainEvent]:
    """``diffusion_run`` trained to ``cfg.steps``, as events every ``cfg.log_every`` updates (stop iterating to cancel)."""
    return train(diffusion_run(model, draw_batch, scheduler, cfg, predict))
