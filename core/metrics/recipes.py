"""Recipe of the shipped ``digits-classifier``: the small CNN whose penultimate layer is the
Fréchet feature space and whose verdict is the class accuracy of every digits metric.
``python -m core.train digits-classifier`` retrains it from its seed."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Callable

import torch

from core.data.digits import load_split
from core.nn.classifier import DigitClassifier
from core.runtime import checkpoints, device


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
    gen = torch.Generator().manual_seed(cfg.seed)
    with device.seeded(cfg.seed):
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


RECIPES: dict[str, Callable[[], dict]] = {"digits-classifier": recipe_classifier}
