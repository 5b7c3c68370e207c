"""Recipes for every shipped checkpoint: ``NAME -> train, measure, save``.

Each recipe is deterministic given its config's seed, so ``python -m core.train NAME``
reproduces ``checkpoints/NAME`` (up to floating-point differences across machines).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable, Iterator

import numpy as np
import torch

from core import checkpoints
from core.digits import load_split
from core.generate import generate_digits, generate_points
from core.metrics import digits_quality, w2_with_floor
from core.models.classifier import DigitClassifier
from core.models.mlp2d import TimeMLP
from core.models.unet_digits import NULL_CLASS, build_digits_unet
from core.toy2d import TOY_DATASETS, sample_iid, sample_toy
from core.train.loop import DiffusionTrainConfig, TrainEvent, predict_class_unet, train_diffusion
from core.train.schedules import image_schedule, points_schedule

POINTS_CONFIG = DiffusionTrainConfig(steps=6000, batch_size=512, lr=2e-3, ema_decay=0.999, seed=0)
DIGITS_CONFIG = DiffusionTrainConfig(steps=6000, batch_size=128, lr=2e-3, ema_decay=0.999, p_uncond=0.1,
                                     null_class=NULL_CLASS, seed=0, log_every=200)
POINTS_POOL = 200_000  # real points drawn once per 2D training run; minibatches are resampled from it


@dataclass(frozen=True)
class PointModelConfig:
    hidden: int = 64  # hidden width: 64 matches 128 in quality (SW2/floor) at 3x the speed
    depth: int = 4  # residual hidden layers
    time_embed_dim: int = 64  # sinusoidal time-embedding width


def points_batches(points: np.ndarray):
    """A ``draw_batch`` over a fixed pool of points ``(P, 2)``."""
    pool = torch.from_numpy(np.asarray(points, dtype=np.float32))

    def draw(batch_size: int, gen: torch.Generator):
        return pool[torch.randint(0, len(pool), (batch_size,), generator=gen)], None

    return draw


def train_points_live(points: np.ndarray, cfg: DiffusionTrainConfig = POINTS_CONFIG,
                      model_cfg: PointModelConfig = PointModelConfig()) -> Iterator[TrainEvent]:
    """Train a fresh ``TimeMLP`` on ``points``; the live-training API (stop iterating to cancel)."""
    torch.manual_seed(cfg.seed)
    model = TimeMLP(dim=2, **asdict(model_cfg))
    return train_diffusion(model, points_batches(points), points_schedule(), cfg)


def points_quality(model, dataset: str, sched_cfg, steps: int = 100, method: str = "ddim", eta: float = 0.0,
                   n: int = 2000, seeds=(0, 1, 2)) -> dict[str, float]:
    """Mean SW2 and floor over ``seeds`` of ``n`` samples against fresh data of ``dataset``."""
    rows = [w2_with_floor(generate_points(model, sched_cfg, n, steps, method, eta, seed=s).x,
                          lambda m, sd: sample_iid(dataset, m, 10_000 + sd), seed=s) for s in seeds]
    w2, floor = float(np.mean([r["w2"] for r in rows])), float(np.mean([r["floor"] for r in rows]))
    return {"w2": w2, "floor": floor, "ratio": w2 / floor}


def _last(events: Iterator[TrainEvent], label: str) -> TrainEvent:
    from tqdm.auto import tqdm

    bar, last = None, None
    for ev in events:
        if bar is None:
            bar = tqdm(total=ev.total, desc=label, unit="step")
        bar.update(ev.step - bar.n)
        bar.set_postfix(loss=f"{ev.loss:.4f}")
        last = ev
    bar.close()
    return last


def points_figures(model, dataset: str, sched_cfg) -> dict:
    """The quality figures recorded with a 2D checkpoint: DDIM at 10, 20, 100 steps and DDPM at 10, 20."""
    q = {f"ddim{s}": points_quality(model, dataset, sched_cfg, steps=s) for s in (10, 20, 100)}
    q.update({f"ddpm{s}": points_quality(model, dataset, sched_cfg, steps=s, method="ddpm") for s in (10, 20)})
    return q


def recipe_points(dataset: str) -> Callable[[], dict]:
    def run() -> dict:
        cfg = POINTS_CONFIG
        points = sample_toy(dataset, POINTS_POOL, seed=cfg.seed)
        ev = _last(train_points_live(points, cfg), f"ddpm-2d-{dataset}")
        sched = points_schedule()
        q = {**points_figures(ev.ema_model, dataset, sched.config), "train": {**asdict(cfg), "seconds": ev.seconds}}
        checkpoints.save(f"ddpm-2d-{dataset}", ev.ema_model, sched, q)
        return q

    return run


def digit_batches(x: torch.Tensor, y: torch.Tensor):
    def draw(batch_size: int, gen: torch.Generator):
        idx = torch.randint(0, len(x), (batch_size,), generator=gen)
        return x[idx], y[idx]

    return draw


def recipe_digits_unet(cfg: DiffusionTrainConfig = DIGITS_CONFIG) -> dict:
    split = load_split()
    torch.manual_seed(cfg.seed)
    unet = build_digits_unet()
    events = train_diffusion(unet, digit_batches(split.x_train, split.y_train), image_schedule(), cfg,
                             predict=predict_class_unet)
    ev = _last(events, "digits-unet")
    sched = image_schedule()
    clf = checkpoints.load_model("digits-classifier")
    labels = torch.arange(500) % 10
    q = {}
    for name, method, steps in [("ddim50", "ddim", 50), ("ddim10", "ddim", 10), ("ddim20", "ddim", 20),
                                ("ddpm10", "ddpm", 10), ("ddpm20", "ddpm", 20)]:
        x = generate_digits(ev.ema_model, sched.config, labels, steps, method, seed=0).x
        q[name] = digits_quality(clf, x, labels, split.x_train, split.x_test)
    q["train"] = {**asdict(cfg), "seconds": ev.seconds}
    checkpoints.save("digits-unet", ev.ema_model, sched, q)
    return q


@dataclass(frozen=True)
class ClassifierTrainConfig:
    epochs: int = 60  # passes over the train split
    batch_size: int = 64  # images per update
    lr: float = 2e-3  # AdamW learning rate
    max_shift: int = 1  # random translation, in pixels, for augmentation
    seed: int = 0  # seeds initialisation, order and augmentation


def recipe_classifier(cfg: ClassifierTrainConfig = ClassifierTrainConfig()) -> dict:
    from accelerate import Accelerator

    split = load_split()
    accelerator = Accelerator()
    torch.manual_seed(cfg.seed)
    gen = torch.Generator().manual_seed(cfg.seed)
    model = DigitClassifier()
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=1e-4)
    model, opt = accelerator.prepare(model, opt)
    x, y = split.x_train, split.y_train
    for _ in range(cfg.epochs):
        model.train()
        for idx in torch.randperm(len(x), generator=gen).split(cfg.batch_size):
            xb = x[idx]
            dx, dy = (torch.randint(-cfg.max_shift, cfg.max_shift + 1, (2,), generator=gen)).tolist()
            xb = torch.roll(xb, shifts=(dx, dy), dims=(2, 3))
            loss = torch.nn.functional.cross_entropy(model(xb.to(accelerator.device)), y[idx].to(accelerator.device))
            opt.zero_grad()
            accelerator.backward(loss)
            opt.step()
    model = accelerator.unwrap_model(model).eval()
    with torch.no_grad():
        acc = float((model(split.x_test.to(accelerator.device)).argmax(-1).cpu() == split.y_test).float().mean())
    q = {"test_accuracy": acc, "train": asdict(cfg)}
    checkpoints.save("digits-classifier", model, None, q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {f"ddpm-2d-{name}": recipe_points(name) for name in TOY_DATASETS}
RECIPES["digits-classifier"] = recipe_classifier
RECIPES["digits-unet"] = recipe_digits_unet
