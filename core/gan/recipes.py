"""Recipes for the shipped GAN checkpoints (``python -m core.train gan-...``).

- ``gan-2d-{ring,grid}-{loss}-s{seed}``: a ``PointGAN`` (generator and critic) per loss, mixture
  and seed 0..2, trained with the loss's default settings (``core.gan.train.DEFAULTS``) at batch
  ``POINT_BATCH`` for ``POINT_ITERATIONS`` iterations, learning rates decayed geometrically to
  ``LR_FINAL`` of their start: the same budget and schedule for every loss. ``quality.json`` holds
  the coverage and sliced W2 on 2,500 samples and the loss history.
- ``gan-digits``: the WGAN-GP ``DigitGenerator`` of ``core.gan.digits``.
"""
from __future__ import annotations

from dataclasses import asdict, replace
from typing import Any, Callable

from core.data.mixtures import MIXTURES
from core.data.pools import Pool
from core.data.targets import make_target
from core.gan import digits as gan_digits
from core.gan.losses import LOSSES
from core.gan.models import DigitCritic, DigitGenerator, PointGAN
from core.gan.probe import Probe
from core.gan.train import DEFAULTS, GanRun, GanTrainConfig, make_run
from core.metrics.intervals import mean_interval
from core.runtime import checkpoints, device
from core.runtime.validation import InvalidInput, check_choice, check_seed

POINT_ITERATIONS = 6000  # generator updates per shipped 2D run
POINT_BATCH = 256  # examples per update in the shipped 2D runs
LR_FINAL = 0.01  # learning rates end at this fraction of their start
LR_CHUNK = 100  # iterations between learning-rate changes
SEEDS = (0, 1, 2)  # every loss and mixture is shipped for these seeds
POINT_ARCH = dict(noise_dim=2, hidden=128, depth=3)  # architecture of the shipped 2D runs


def point_name(dataset: str, loss: str, seed: int) -> str:
    return f"gan-2d-{dataset}-{loss}-s{seed}"


def shipped_name(loss: Any, dataset: Any, seed: Any) -> str:
    """The checked name of a shipped 2D run; ``InvalidInput`` names the choices, or the command that creates it."""
    name = point_name(check_choice("mixture", dataset, tuple(MIXTURES)), check_choice("loss", loss, LOSSES),
                      check_choice("seed", check_seed(seed), SEEDS))
    if not checkpoints.exists(name):
        raise InvalidInput("shipped_run_missing", run=name)
    return name


def train_decayed(run: GanRun, iterations: int, lr_final: float = LR_FINAL, chunk: int = LR_CHUNK) -> None:
    """Train ``run`` for ``iterations`` iterations with its learning rates decayed geometrically to
    ``lr_final`` of their starting values (constant within each ``chunk`` of iterations)."""
    base = run.cfg
    done = 0
    while done < iterations:
        factor = lr_final ** (done / iterations)
        run.reconfigure(replace(base, lr_g=base.lr_g * factor, lr_d=base.lr_d * factor))
        n = min(chunk, iterations - done)
        for _ in range(n):
            run.iterate()
        done += n
    run.reconfigure(base)


def train_point_gan(dataset: str, loss: str, seed: int, iterations: int = POINT_ITERATIONS
                    ) -> tuple[PointGAN, GanRun, dict]:
    """Train a ``PointGAN`` on mixture ``dataset`` and measure it; returns model, run and figures."""
    target = make_target(dataset)
    cfg = replace(DEFAULTS[loss], seed=seed, batch_size=POINT_BATCH)
    with device.seeded(seed):
        model = PointGAN(**POINT_ARCH)
    run = make_run(model.generator, model.critic, target.pool(seed), cfg)
    train_decayed(run, iterations)
    model.eval()
    cov, w2 = Probe(target, POINT_ARCH["noise_dim"], seed).metrics(model.generator)
    figures = {"modes": cov["modes"], "num_modes": cov["num_modes"], "hq": cov["hq"], "per_mode": cov["per_mode"],
               "w2": w2, "iterations": run.iteration, "updates": run.updates,
               "train": {**asdict(cfg), **POINT_ARCH, "lr_final": LR_FINAL}, "history": run.history.as_dict()}
    return model, run, figures


def shipped_summary(dataset: str) -> list[dict]:
    """Per loss, the figures each shipped seed of ``dataset`` recorded when it was trained (missing seeds skipped),
    and their means over the seeds with 95% Student-t intervals, ``(mean, lo, hi)``: ``modes_mean``,
    ``hq_percent_mean`` (the high-quality share in %) and ``w2_ratio_mean``."""
    rows = []
    for loss in LOSSES:
        qs = [checkpoints.quality(point_name(dataset, loss, s)) for s in SEEDS]
        qs = [q for q in qs if q]
        if qs:
            row = {"loss": loss, "dataset": dataset, "num_modes": qs[0]["num_modes"],
                   "modes": [q["modes"] for q in qs], "hq": [q["hq"] for q in qs],
                   "w2_ratio": [q["w2"]["ratio"] for q in qs]}
            row.update(modes_mean=mean_interval(row["modes"]),
                       hq_percent_mean=mean_interval([100 * h for h in row["hq"]]),
                       w2_ratio_mean=mean_interval(row["w2_ratio"]))
            rows.append(row)
    return rows


def recipe_point(dataset: str, loss: str, seed: int) -> Callable[[], dict]:
    def run() -> dict:
        model, _, figures = train_point_gan(dataset, loss, seed)
        checkpoints.save(point_name(dataset, loss, seed), model, None, figures)
        return {k: v for k, v in figures.items() if k != "history"}

    return run


def train_digits_gan(cfg: gan_digits.DigitsGanConfig = gan_digits.DigitsGanConfig()) -> DigitGenerator:
    from core.data.digits import load_split

    x = load_split().x_train
    with device.seeded(cfg.seed):
        g, f = DigitGenerator(cfg.noise_dim, cfg.g_channels), DigitCritic(cfg.d_channels)

    tcfg = GanTrainConfig(loss="wgan-gp", optimizer="adam", lr_g=cfg.lr, lr_d=cfg.lr, d_steps=cfg.d_steps,
                       gp_lambda=cfg.gp_lambda, batch_size=cfg.batch_size, seed=cfg.seed, log_every=50)
    run = GanRun(g, f, Pool(x), tcfg)
    train_decayed(run, cfg.iterations, lr_final=0.1)
    return g.eval()


def recipe_digits() -> dict:
    cfg = gan_digits.DigitsGanConfig()
    g = train_digits_gan(cfg)
    _, f = gan_digits.evaluate(g, checkpoints.load_model("digits-classifier"), seed=0)
    q = {k: f[k] for k in ("frechet", "frechet_floor", "confidence", "frechet_ratio", "classes_present", "counts")}
    q["train"] = asdict(cfg)
    checkpoints.save(gan_digits.CHECKPOINT, g, None, q)
    return q


RECIPES: dict[str, Callable[[], dict]] = {
    point_name(ds, loss, s): recipe_point(ds, loss, s) for ds in MIXTURES for loss in LOSSES for s in SEEDS
}
RECIPES[gan_digits.CHECKPOINT] = recipe_digits
