"""The single-user ratios of issue 26, each measured in one run on one machine (medians of alternated calls):

- ``/diffusion_points`` at defaults vs the round trip of a queued endpoint that does no work (``/gan_defaults``:
  a table lookup), a new seed every call (and the same seed every call, which a result cache answers);
- ``/diffusion_digits`` at defaults (DDPM + DDIM, 16 digits x 50 steps, a new seed every call) vs one core
  sampler run of the same (DDIM, in this process) plus the no-work round trip;
- the digits UNet's achieved FLOP/s at batch 16 as a share of a 2048^3 matmul's (``bench_diffusion``);
- live 2D diffusion training through the tab's handler (previews drawn at every frame) vs the same trainer
  run bare (no session, no previews): updates/s and frames/s.

    python benchmarks/bench_single.py [--runs 7] [--port 7991]

The app runs as its own process (``python app.py``); writes ``benchmarks/results/single.json``.
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from benchmarks._common import connect, interleaved, median, start_server, stop_server, write_result  # noqa: E402

NO_WORK = ("/gan_defaults", ["wgan-gp"])  # the cheapest queued endpoint: the optimizer defaults of a loss
POINTS = ["moons", None, "shipped", 50, 0.0, 2000]  # /diffusion_points at defaults, before the seed
DIGITS = ["any", 16, 50, 0.0]  # /diffusion_digits at defaults, before the seed
LIVE_UPDATES = 1500  # updates of each live-training measurement


def endpoint_ratios(url: str, runs: int) -> dict:
    from core.runtime import checkpoints
    from core.sampling.generate import generate_digits
    from core.diffusion.compare import digit_labels

    client = connect(url)
    seeds = itertools.count(10_000)
    unet, cfg = checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet")
    labels = digit_labels("any", 16)
    t = interleaved({
        "no_work": lambda: client.predict(*NO_WORK[1], api_name=NO_WORK[0]),
        "diffusion_points_new_seed": lambda: client.predict(*POINTS, next(seeds), api_name="/diffusion_points"),
        "diffusion_points_same_seed": lambda: client.predict(*POINTS, 0, api_name="/diffusion_points"),
        "diffusion_digits_new_seed": lambda: client.predict(*DIGITS, next(seeds), api_name="/diffusion_digits"),
        "core_ddim_16x50": lambda: generate_digits(unet, cfg, labels, 50, "ddim", 0.0, seed=next(seeds)),
    }, runs)
    m = {k: median(v) for k, v in t.items()}
    return {"median_s": {k: round(v, 4) for k, v in m.items()},
            "points_over_no_work": round(m["diffusion_points_new_seed"] / m["no_work"], 3),
            "points_same_seed_over_no_work": round(m["diffusion_points_same_seed"] / m["no_work"], 3),
            "digits_over_core_plus_no_work": round(
                m["diffusion_digits_new_seed"] / (m["core_ddim_16x50"] + m["no_work"]), 3)}


def live_rates(repeats: int) -> dict:
    """Updates/s and frames/s of the tab's ``train_points`` (previews) vs ``iterate()`` of a bare trainer."""
    from core.diffusion.live import LiveDiffusionPoints
    from demos.diffusion import tab

    with_previews, bare, frames = [], [], []
    for i in range(repeats):
        for kind in ("tab", "bare") if i % 2 == 0 else ("bare", "tab"):
            t0 = time.perf_counter()
            if kind == "tab":
                n = 0
                live = None
                for out in tab.train_points(None, "moons", None, LIVE_UPDATES, i):
                    live, n = out[-1], n + 1
                sec = time.perf_counter() - t0
                with_previews.append(live.run.iteration / sec)
                frames.append(n / sec)
            else:
                run = LiveDiffusionPoints.continue_or_create(None, "moons", None, LIVE_UPDATES, i).run
                t0 = time.perf_counter()
                while run.iteration < LIVE_UPDATES:
                    run.iterate()
                bare.append(run.iteration / (time.perf_counter() - t0))
    return {"updates_per_s_with_previews": round(median(with_previews), 1),
            "updates_per_s_bare": round(median(bare), 1),
            "frames_per_s": round(median(frames), 2),
            "share_of_bare": round(median([a / b for a, b in zip(with_previews, bare)]), 3)}


def run(runs: int = 7, port: int = 7991) -> dict:
    from benchmarks.bench_diffusion import unet_flops_fraction
    from core.runtime.device import configure_threads

    threads = configure_threads()
    proc = start_server(port)
    try:
        result = {"runs": runs, "threads": threads, "cores": os.cpu_count(), "load_before": os.getloadavg(),
                  "endpoints": endpoint_ratios(f"http://127.0.0.1:{port}/", runs)}
    finally:
        stop_server(proc)
    achieved, share = unet_flops_fraction(runs)
    result["unet_gflops"], result["unet_share_of_matmul"] = round(achieved / 1e9, 2), round(share, 3)
    result["live"] = live_rates(max(2, runs // 3))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--port", type=int, default=7991)
    args = parser.parse_args()
    result = run(args.runs, args.port)
    write_result("single", result)
    e, live = result["endpoints"], result["live"]
    print(f"medians of {args.runs} alternated calls (s): {e['median_s']}")
    print(f"/diffusion_points / no-work round trip: {e['points_over_no_work']} (same seed: "
          f"{e['points_same_seed_over_no_work']})")
    print(f"/diffusion_digits / (one core DDIM run + no-work): {e['digits_over_core_plus_no_work']}")
    print(f"digits UNet at batch 16: {result['unet_gflops']} GFLOP/s = {result['unet_share_of_matmul']:.1%} "
          "of a 2048^3 matmul")
    print(f"live training: {live['updates_per_s_with_previews']} updates/s with previews vs "
          f"{live['updates_per_s_bare']} "
          f"bare ({live['share_of_bare']:.0%}), {live['frames_per_s']} frames/s")


if __name__ == "__main__":
    main()
