"""One training loop for every topic, with a pluggable loss object (as nanoGPT keeps one loop).

``TrainRun`` holds a model, its AdamW optimizer (linear warm-up, then cosine decay to
``lr_final`` of the peak), gradient clipping, an exponential moving average (EMA) of the weights
and one seeded ``torch.Generator``. Each ``iterate()`` draws a minibatch with ``draw_batch(B, gen)``
and takes one step on ``objective(model, batch, gen)``, a scalar loss. The topic supplies the
objective (``core.diffusion.objective.EpsObjective`` for DDPM's ``||eps - eps_theta||^2``, the
VAE's negative ELBO, a flow's NLL, ...); the loop knows nothing of it. A run is reproducible from
its config's seed, runs unchanged under ``accelerate launch``, and is driven either by ``fit``
(recipes: to the end, with a progress bar) or by ``core.train.live.LiveSession`` (tabs: time-sliced,
pause / step / resume).
"""
from __future__ import annotations

import copy
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Protocol

import torch
from accelerate import Accelerator

from core.runtime.budget import check_budget
from core.train.live import TrainEvent

# draw_batch(batch_size, generator) -> a tuple of tensors (x_0, labels or None, *extra)
BatchFn = Callable[[int, torch.Generator], tuple]


class Objective(Protocol):
    """A loss: ``objective(model, batch, generator) -> scalar tensor``; ``batch`` is on the run's device."""

    def __call__(self, model: torch.nn.Module, batch: tuple, generator: torch.Generator) -> torch.Tensor: ...


@dataclass(frozen=True)
class TrainConfig:
    steps: int = 10_000  # optimizer updates
    batch_size: int = 1024  # examples per update
    lr: float = 2e-3  # peak AdamW learning rate, then cosine decay to lr_final of it
    lr_final: float = 0.05  # learning rate at the last step, as a fraction of the peak
    warmup: int = 200  # linear warm-up updates
    weight_decay: float = 0.0  # AdamW weight decay
    grad_clip: float = 1.0  # largest gradient norm (clipped above)
    ema_decay: float = 0.999  # EMA decay of the sampled weights (0: no averaging)
    seed: int = 0  # seeds data and noise (initialisation is seeded by whoever builds the model)
    log_every: int = 100  # updates between progress events in ``fit``


def lr_factor(cfg: TrainConfig, step: int) -> float:
    """Learning-rate multiplier at update ``step`` (0-based): linear warm-up, then cosine to ``lr_final``."""
    if step < cfg.warmup:
        return (step + 1) / cfg.warmup
    progress = min(1.0, (step - cfg.warmup) / max(1, cfg.steps - cfg.warmup))
    # the cosine in float32, as the shipped checkpoints were trained (bit-identical reruns)
    return cfg.lr_final + (1 - cfg.lr_final) * 0.5 * (1 + torch.cos(torch.tensor(torch.pi * progress)).item())


def _move(batch: tuple, dev: torch.device) -> tuple:
    return tuple(b.to(dev) if isinstance(b, torch.Tensor) else b for b in batch)


class TrainRun:
    """A model being trained: ``iterate()`` takes one update. Follows ``core.train.live.Trainer``.

    ``ema`` is a frozen copy of the model whose weights follow it by EMA with warm-up
    ``min(decay, (1 + k) / (10 + k))``; it is what gets sampled and saved. With ``ema_decay = 0``
    there is no copy: ``ema`` is the model itself (``snapshot`` still copies). ``losses`` holds
    every update's loss.
    """

    def __init__(self, model: torch.nn.Module, draw_batch: BatchFn, objective: Objective, cfg: TrainConfig):
        self.cfg, self.draw_batch, self.objective = cfg, draw_batch, objective
        self.accelerator = Accelerator()
        self.generator = torch.Generator().manual_seed(cfg.seed + self.accelerator.process_index)
        self._ema = copy.deepcopy(model).eval().requires_grad_(False) if cfg.ema_decay else None
        opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
        lr_sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda step: lr_factor(cfg, step))
        self.model, self.opt, self.lr_sched = self.accelerator.prepare(model, opt, lr_sched)
        if self._ema is not None:
            self._ema.to(self.accelerator.device)
        self.iteration = 0
        self.updates = 0
        self.losses: list[float] = []

    @property
    def ema(self) -> torch.nn.Module:
        """The averaged model (the model itself when ``ema_decay`` is 0)."""
        return self._ema if self._ema is not None else self.accelerator.unwrap_model(self.model)

    @property
    def device(self) -> torch.device:
        return self.accelerator.device

    def iterate(self) -> float:
        """One update on a fresh minibatch; returns its loss."""
        check_budget()
        self.model.train()
        batch = _move(self.draw_batch(self.cfg.batch_size, self.generator), self.device)
        loss = self.objective(self.model, batch, self.generator)
        self.opt.zero_grad(set_to_none=True)
        self.accelerator.backward(loss)
        if self.cfg.grad_clip:
            self.accelerator.clip_grad_norm_(self.model.parameters(), self.cfg.grad_clip)
        self.opt.step()
        self.lr_sched.step()
        self.iteration += 1
        self.updates += 1
        if self._ema is not None:
            k = self.iteration
            self._ema_update(min(self.cfg.ema_decay, (1 + k) / (10 + k)))
        value = loss.item()
        self.losses.append(value)
        return value

    @torch.no_grad()
    def _ema_update(self, decay: float) -> None:
        for pe, pm in zip(self._ema.parameters(), self.accelerator.unwrap_model(self.model).parameters()):
            pe.lerp_(pm.detach(), 1 - decay)

    def mean_loss(self, last: int) -> float:
        """Mean of the last ``last`` updates' losses (NaN before any)."""
        tail = self.losses[-last:] if last > 0 else []
        return sum(tail) / len(tail) if tail else float("nan")

    def snapshot(self) -> torch.nn.Module:
        """A frozen copy of the EMA model, safe to sample while training goes on (and to share with a session)."""
        return copy.deepcopy(self.ema).eval().requires_grad_(False)


def train(run: TrainRun, steps: int | None = None) -> Iterator[TrainEvent]:
    """Advance ``run`` to ``steps`` updates in all (default ``run.cfg.steps``), yielding a ``TrainEvent``
    every ``cfg.log_every`` updates and at the end. Stopping iteration cancels: no update runs after
    the consumer stops. The model is left in eval mode at the end."""
    total = run.cfg.steps if steps is None else int(steps)
    start, last = time.perf_counter(), run.iteration
    while run.iteration < total:
        run.iterate()
        if run.iteration % run.cfg.log_every == 0 or run.iteration == total:
            seconds = time.perf_counter() - start
            done = run.iteration == total
            yield TrainEvent(run.iteration, total, run.mean_loss(run.iteration - last), run.updates, seconds,
                             run.iteration / max(seconds, 1e-9), done, "finished" if done else "")
            last = run.iteration
    run.model.eval()


def fit(run: TrainRun, label: str) -> TrainEvent:
    """Train ``run`` to the end of its config with a progress bar; returns the last event (recipes use this)."""
    from tqdm.auto import tqdm

    last: Any = None
    with tqdm(total=run.cfg.steps, desc=label, unit="step") as bar:
        for ev in train(run):
            bar.update(ev.iteration - bar.n)
            bar.set_postfix(loss=f"{ev.loss:.4f}")
            last = ev
    return last
