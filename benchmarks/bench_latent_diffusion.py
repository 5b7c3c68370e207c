"""The latent diffusion tab's measurements, saved to benchmarks/results/latent_diffusion.json.

    python benchmarks/bench_latent_diffusion.py [--runs 5] [--samples 200]

- The compression trade-off (Rombach et al. 2022, Figure 6 in miniature), for each shipped factor f: the
  autoencoder's reconstruction Fréchet of decoded test digits against its held-out floor, the latent model's
  sample Fréchet, class accuracy and confidence (``--samples`` class-balanced digits, guidance 3, DDIM 50 steps,
  seed 0; ``core.latent_diffusion.quality``) and the time per sample (16 digits, 50 steps, median of ``--runs``).
- The speed ratio against the pixel-space digits UNet for the same request (16 digits, 50 DDIM steps,
  guidance 3): medians of both and the median of paired ratios, timed in alternation in one run; the pixel
  model's own sample figures at the same settings, for the "within 1.5x" comparison.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GENLAB_MEMO", "0")

import torch

from benchmarks.bench_diffusion import interleaved, median_time

OUT = ROOT / "benchmarks" / "results" / "latent_diffusion.json"
SPEED_DIGITS = 16  # digits per timed request
SPEED_STEPS = 50  # DDIM steps per timed request


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed repeats of each 16-digit request")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    from core.latent_diffusion import quality
    from core.latent_diffusion.models import FACTORS
    from core.latent_diffusion.sampling import generate
    from core.metrics.classify import digits_quality
    from core.runtime import checkpoints
    from core.runtime.device import configure_threads
    from core.sampling.generate import generate_digits

    threads = configure_threads()
    w = quality.QUALITY_SCALE
    labels = quality.balanced_labels(SPEED_DIGITS)
    unet, sched = checkpoints.load_model(quality.PIXEL_MODEL), checkpoints.scheduler_config(quality.PIXEL_MODEL)

    def pixel():
        return generate_digits(unet, sched, labels, SPEED_STEPS, guidance_scale=w, seed=0)

    factors = []
    for f in FACTORS:
        ld = quality.load(f)
        latent = lambda ld=ld: generate(ld, labels, w, SPEED_STEPS, 0)
        seconds = median_time(latent, args.runs)
        row = {"f": f, "latent_shape": list(ld.latent_shape), "scaling_factor": ld.scale,
               "reconstruction": quality.reconstruction(ld.vae),
               "samples": quality.samples(ld, args.samples, w, SPEED_STEPS, 0),
               "seconds_16": seconds, "ms_per_sample": 1000 * seconds / SPEED_DIGITS}
        factors.append(row)
        print(f, json.dumps(row, default=float)[:400])
    default = quality.load(quality.DEFAULT_F)
    latent_s, pixel_s, ratio = interleaved(lambda: generate(default, labels, w, SPEED_STEPS, 0), pixel, args.runs)
    big = quality.balanced_labels(args.samples)
    g = generate_digits(unet, sched, big, SPEED_STEPS, guidance_scale=w, seed=0)
    pixel_q = {**digits_quality(checkpoints.load_model(quality.JUDGE), g.x, big), "seconds": g.seconds}
    pixel_ms = 1000 * pixel_s / SPEED_DIGITS
    out = {"settings": {"guidance_scale": w, "steps": SPEED_STEPS, "samples": args.samples, "speed_digits": SPEED_DIGITS,
                        "runs": args.runs, "threads": threads, "seed": 0, "default_f": quality.DEFAULT_F},
           "factors": factors,
           "pixel": {"samples": pixel_q, "ms_per_sample": pixel_ms},
           "speed": {"f": quality.DEFAULT_F, "latent_seconds": latent_s, "pixel_seconds": pixel_s,
                     "ratio": ratio}}  # ratio: median of paired pixel / latent times
    OUT.write_text(json.dumps(out, indent=2) + "\n")
    print(json.dumps(out["speed"]), json.dumps({k: v for k, v in pixel_q.items() if "frechet" in k or "acc" in k}))


if __name__ == "__main__":
    torch.set_grad_enabled(False)
    main()
