"""The denoising training loop (Ho et al. 2020, Algorithm 1) as a generator of progress events.

Each update draws ``x_0`` from the data, ``t ~ U{0..T-1}`` and ``eps ~ N(0, I)``, forms
``x_t = sqrt(alpha_bar_t) x_0 + sqrt(1 - alpha_bar_t) eps`` and minimises
``|| eps - eps_theta(x_t, t) ||^2``. Weights are tracked by an exponential moving average
(EMA), which is what gets sampled and saved. Stopping iteration cancels training.
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Callable, Iterator

import torch
from accelerate import Accelerator
from diffusers import DDPMScheduler

# draw_batch(batch_size, generator) -> (x_0, labels or None, *extra), extra being more conditions (a control image)
BatchFn = Callable[[int, torch.Generator], tuple]
# predict(model, x_t, t, labels, *extra) -> eps
PredictFn = Callable[..., torch.Tensor]


@dataclass(frozen=True)
class DiffusionTrainConfig:
    steps: int = 10_000  # optimizer updates
    batch_size: int = 1024  # examples per update
    lr: float = 2e-3  # peak AdamW learning rate, then cosine decay to 5% of it
    warmup: int = 200  # linear warm-up updates
    weight_decay: float = 0.0  # AdamW weight decay
    ema_decay: float = 0.999  # EMA decay of the sampled weights
    p_uncond: float = 0.0  # probability a label is dropped to the null class (classifier-free guidance)
    null_class: int = 10  # the null class index used when labels are dropped
    seed: int = 0  # seeds initialisation, data and noise
    log_every: int = 100  # updates between progress events


@dataclass
class TrainEvent:
    """Progress after ``step`` updates: the mean loss since the last event and the EMA model."""

    step: int
    total: int
    loss: float
    ema_model: torch.nn.Module
    seconds: float
    done: bool = False


def predict_points(model, x_t, t, labels):
    return model(x_t, t)


def predict_class_unet(model, x_t, t, labels):
    states = torch.zeros(x_t.shape[0], 1, model.config.cross_attention_dim, device=x_t.device)
    return model(x_t, t, states, class_labels=labels).sample


def _lr_lambda(cfg: DiffusionTrainConfig):
    def f(step: int) -> float:
        if step < cfg.warmup:
            return (step + 1) / cfg.warmup
        progress = (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup)
        return 0.05 + 0.95 * 0.5 * (1 + torch.cos(torch.tensor(torch.pi * min(1.0, progress))).item())

    return f


@torch.no_grad()
def _ema_update(ema: torch.nn.Module, model: torch.nn.Module, decay: float) -> None:
    for pe, pm in zip(ema.parameters(), model.parameters()):
        pe.lerp_(pm.detach(), 1 - decay)


def train_diffusion(
    model: torch.nn.Module,
    draw_batch: BatchFn,
    scheduler: DDPMScheduler,
    cfg: DiffusionTrainConfig,
    predict: PredictFn = predict_points,
) -> Iterator[TrainEvent]:
    """Train ``model`` to predict ``eps``; yields a ``TrainEvent`` every ``cfg.log_every`` updates and at the end.

    Only ``model``'s parameters are updated: a ``predict`` that also calls frozen networks (a
    ControlNet steering a fixed UNet) trains just ``model``. Labels, when given, are dropped to
    ``cfg.null_class`` with probability ``cfg.p_uncond``; any extra tensors ``draw_batch``
    returns are moved to the device and passed on to ``predict``.
    """
    accelerator = Accelerator()
    gen = torch.Generator().manual_seed(cfg.seed + accelerator.process_index)
    ema = copy.deepcopy(model).eval().requires_grad_(False)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    lr_sched = torch.optim.lr_scheduler.LambdaLR(opt, _lr_lambda(cfg))
    model, opt, lr_sched = accelerator.prepare(model, opt, lr_sched)
    ema.to(accelerator.device)
    alphas = scheduler.alphas_cumprod.to(accelerator.device)
    T = scheduler.config.num_train_timesteps
    model.train()
    start, running, count = time.perf_counter(), 0.0, 0
    for step in range(1, cfg.steps + 1):
        x0, labels, *extra = draw_batch(cfg.batch_size, gen)
        x0, extra = x0.to(accelerator.device), [e.to(accelerator.device) for e in extra]
        if labels is not None:
            labels = labels.to(accelerator.device)
            if cfg.p_uncond > 0:
                drop = torch.rand(labels.shape, generator=gen).to(labels.device) < cfg.p_uncond
                labels = torch.where(drop, torch.full_like(labels, cfg.null_class), labels)
        t = torch.randint(0, T, (x0.shape[0],), generator=gen).to(accelerator.device)
        eps = torch.randn(x0.shape, generator=gen).to(accelerator.device)
        a = alphas[t].view(-1, *([1] * (x0.ndim - 1)))
        x_t = a.sqrt() * x0 + (1 - a).sqrt() * eps
        loss = torch.nn.functional.mse_loss(predict(model, x_t, t, labels, *extra), eps)
        opt.zero_grad(set_to_none=True)
        accelerator.backward(loss)
        accelerator.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        lr_sched.step()
        _ema_update(ema, accelerator.unwrap_model(model), min(cfg.ema_decay, (1 + step) / (10 + step)))
        running += loss.item()
        count += 1
        if step % cfg.log_every == 0 or step == cfg.steps:
            yield TrainEvent(step, cfg.steps, running / count, ema, time.perf_counter() - start, step == cfg.steps)
            running, count = 0.0, 0
    model.eval()
