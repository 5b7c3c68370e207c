"""Torch intra-op threads: 1 vs 2, for the forwards and training steps GenLab runs.

    python benchmarks/bench_threads.py [--repeats 21] [--warmup 3]

Cases: the 2D ``TimeMLP`` forward on 2,000 points (the shipped width 64, and 128 for
comparison); the digits UNet (``build_digits_unet``) forward at batch 16 and 32; and one update of ``train_diffusion`` for
each model at its recipe batch size (512 points, 128 digits), which includes the optimiser step
and the EMA update. The two thread counts are interleaved run by run, so a change in machine
load during the run affects both alike. Prints the median milliseconds of each and the ratio
``t(1 thread) / t(2 threads)``: above 1 means two threads are faster.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Callable

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.data.digits import load_split  # noqa: E402
from core.data.pools import Pool  # noqa: E402
from core.data.toy2d import sample_toy  # noqa: E402
from core.diffusion.objective import DiffusionTrainConfig, predict_class_unet, train_diffusion  # noqa: E402
from core.diffusion.recipes import DIGITS_CONFIG, POINTS_CONFIG, PointModelConfig  # noqa: E402
from core.diffusion.schedules import image_schedule, points_schedule  # noqa: E402
from core.nn.mlp2d import TimeMLP  # noqa: E402
from core.nn.unet_digits import NULL_CLASS, build_digits_unet, placeholder_states  # noqa: E402

THREADS = (1, 2)
POINT_MODEL = PointModelConfig()


def mlp_forward(hidden: int, n: int = 2000) -> Callable[[], object]:
    torch.manual_seed(0)
    model = TimeMLP(dim=2, hidden=hidden, depth=POINT_MODEL.depth).eval()
    x, t = torch.randn(n, 2), torch.randint(0, 1000, (n,))

    def run():
        with torch.no_grad():
            return model(x, t)

    return run


def unet_forward(batch: int) -> Callable[[], object]:
    torch.manual_seed(0)
    unet = build_digits_unet().eval()
    x, t = torch.randn(batch, 1, 8, 8), torch.randint(0, 1000, (batch,))
    labels = torch.arange(batch) % (NULL_CLASS + 1)
    states = placeholder_states(unet, batch)

    def run():
        with torch.no_grad():
            return unet(x, t, states, class_labels=labels).sample

    return run


def mlp_train_step() -> Callable[[], object]:
    torch.manual_seed(0)  # a benchmark process of its own: seeding it is harmless
    cfg = DiffusionTrainConfig(steps=10**9, batch_size=POINTS_CONFIG.batch_size, log_every=1, warmup=1)
    events = train_diffusion(TimeMLP(dim=2, **asdict(POINT_MODEL)), Pool(sample_toy("8gaussians", 20_000, 0), None),
                             points_schedule(), cfg)
    return lambda: next(events)


def unet_train_step() -> Callable[[], object]:
    torch.manual_seed(0)
    split = load_split()
    cfg = DiffusionTrainConfig(steps=10**9, batch_size=DIGITS_CONFIG.batch_size, log_every=1, warmup=1,
                               p_uncond=DIGITS_CONFIG.p_uncond, null_class=NULL_CLASS)
    events = train_diffusion(build_digits_unet(), Pool(split.x_train, split.y_train), image_schedule(), cfg,
                             predict=predict_class_unet)
    return lambda: next(events)


CASES: list[tuple[str, Callable[[], Callable[[], object]]]] = [
    (f"TimeMLP({POINT_MODEL.hidden}x{POINT_MODEL.depth}, shipped) forward, 2000 points",
     lambda: mlp_forward(POINT_MODEL.hidden)),
    (f"TimeMLP(128x{POINT_MODEL.depth}) forward, 2000 points", lambda: mlp_forward(128)),
    ("digits UNet forward, batch 16", lambda: unet_forward(16)),
    ("digits UNet forward, batch 32", lambda: unet_forward(32)),
    (f"TimeMLP({POINT_MODEL.hidden}x{POINT_MODEL.depth}) train step, batch {POINTS_CONFIG.batch_size}", mlp_train_step),
    (f"digits UNet train step, batch {DIGITS_CONFIG.batch_size}", unet_train_step),
]


def measure(make: Callable[[], Callable[[], object]], repeats: int, warmup: int) -> dict[int, float]:
    """Median seconds per call for each thread count, runs interleaved; each count has its own state."""
    runs = {n: make() for n in THREADS}
    times: dict[int, list[float]] = {n: [] for n in THREADS}
    for i in range(warmup + repeats):
        for n in THREADS:
            torch.set_num_threads(n)
            start = time.perf_counter()
            runs[n]()
            elapsed = time.perf_counter() - start
            if i >= warmup:
                times[n].append(elapsed)
    return {n: statistics.median(ts) for n, ts in times.items()}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21, help="timed runs per case and thread count (>= 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs first")
    args = parser.parse_args(argv)
    torch.set_num_interop_threads(1)
    load_before = os.getloadavg()[0]
    rows = []
    for label, make in CASES:
        med = measure(make, args.repeats, args.warmup)
        rows.append((label, med[1] * 1e3, med[2] * 1e3, med[1] / med[2]))
    load_after = os.getloadavg()[0]
    width = max(len(r[0]) for r in rows)
    print(f"torch {torch.__version__}, {os.cpu_count()} CPUs, medians of {args.repeats} runs, "
          f"1-min load average {load_before:.1f} before / {load_after:.1f} after")
    print(f"| {'case':<{width}} | 1 thread (ms) | 2 threads (ms) | ratio 1/2 |")
    print(f"|{'-' * (width + 2)}|--------------:|---------------:|----------:|")
    for label, t1, t2, ratio in rows:
        print(f"| {label:<{width}} | {t1:13.2f} | {t2:14.2f} | {ratio:9.2f} |")


if __name__ == "__main__":
    main()
