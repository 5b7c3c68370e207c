"""The Compare tab's digits table: every digits model of the lab under one likelihood convention, saved to
benchmarks/results/compare_digits.json (the tab shows it).

    python benchmarks/bench_compare.py [--quick]

Bits per pixel of the 17-level digits on the 360 held-out test digits (``core.metrics.likelihood``: exact for
discrete models, the uniform-dequantization bound for continuous ones), each with its 95% interval, its kind
(exact, bound, estimate) and unit, beside the sample-quality figures (Fréchet distance with its floor, class
accuracy or the classifier's confidence). Rows: ``core.compare.digits``. One thread; about 15 minutes on
the 2-core CPU, most of it the exact divergence of the diffusion UNet (``--quick``: 24 test digits a row,
for a smoke run; it writes compare_digits_quick.json).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._common import write_result

QUALITY_SAMPLES = 500  # samples judged by the classifier, for the models whose quality.json has no Fréchet
PARZEN_SAMPLES = 1000  # samples a Parzen model holds
SEED = 0  # seeds every sample and dequantization draw
MIXTURE_DIGITS = 120  # test digits of the class-mixture ODE row (rf-digits-2), a subsample the row states
MIXTURE_EXACT = 3  # of which scored with the exact divergence


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    import torch

    torch.set_num_threads(1)
    from core.autoregressive import digits as ar
    from core.compare import digits as D
    from core.flows.digits import sample_images as flow_samples
    from core.gan.digits import generate_gan_digits
    from core.metrics.likelihood import levels_to_images
    from core.runtime import checkpoints, device

    n = 12 if args.quick else None
    if args.quick:
        D.EXACT_DIGITS, D.ODE_STEPS = 2, 8
    rows, seconds = [], {}

    def add(make, quality=None):
        t0 = time.perf_counter()
        r = make()
        r = r if isinstance(r, list) else [r]
        for one in r:
            one.update(quality() if callable(quality) else (quality or {}))
        rows.extend(r)
        seconds[r[0]["model"]] = round(time.perf_counter() - t0, 1)
        print(f"{r[0]['model']:<28} {r[0].get('value', float('nan')):.3f}  {seconds[r[0]['model']]} s", flush=True)

    def ar_quality(name):
        return lambda: D.sample_quality(ar.sample_images(checkpoints.load_model(name), QUALITY_SAMPLES, seed=SEED))

    @torch.no_grad()
    def vae_samples(model):
        z = torch.randn((QUALITY_SAMPLES, model.config.latent_dim), generator=device.generator(SEED), device=device.device())
        probs = model.level_log_probs(z).exp()
        levels = torch.distributions.Categorical(probs=probs).sample()
        return levels_to_images(levels)

    add(D.baseline_rows)
    for name in ("ar-fvsbn", "ar-nade", "ar-made", "ar-pixelcnn"):
        add(lambda name=name: D.autoregressive_row(name), ar_quality(name))
    flow = checkpoints.load_model("flow-digits")
    add(lambda: D.flow_row(n=n), lambda: D.sample_quality(flow_samples(flow, QUALITY_SAMPLES, 1.0, SEED)))
    cat = checkpoints.load_model("vae-digits-logistic")
    add(lambda: D.vae_row(cat, n=n), lambda: D.sample_quality(vae_samples(cat)))
    for name in ("vae-z16", "vae-z2-beta0.25", "vae-z2-beta1", "vae-z2-beta2", "vae-z2-beta4"):
        add(lambda name=name: D.bernoulli_vae_row(name, n=n), D.recorded_quality(name))
    unet_q = D.recorded_quality("digits-unet", "ddim50")
    add(lambda: D.ddpm_row(n=n), unet_q)
    add(lambda: D.ode_row("digits-unet", n=n), unet_q)
    add(lambda: D.ode_row("rf-digits-1", n=n), D.recorded_quality("rf-digits-1", "euler8"))
    # the reflowed flow has no trained null class: the mixture of 10 classes costs 10 ODEs a digit
    add(lambda: D.ode_row("rf-digits-2", n=n or MIXTURE_DIGITS, exact_digits=MIXTURE_EXACT),
        D.recorded_quality("rf-digits-2", "euler8"))
    add(lambda: D.no_likelihood("gan-digits", "gan", "gan"), D.recorded_quality("gan-digits"))
    for name in ("vqvae-k16", "vqvae-k64", "vqvae-k256"):
        add(lambda name=name: D.no_likelihood(name, "vqvae", "vq"))
    add(lambda: D.no_likelihood("vqvae-k64-prior", "vqvae", "vq_prior"), D.recorded_quality("vqvae-k64-prior"))
    gan = checkpoints.load_model("gan-digits")
    samples = {"gan-digits samples": generate_gan_digits(gan, PARZEN_SAMPLES, SEED),
               "flow-digits samples": flow_samples(flow, PARZEN_SAMPLES, 1.0, SEED)}
    add(lambda: D.parzen_rows(samples))
    result = {"rows": rows, "seconds": seconds, "quick": bool(args.quick), "load_average": list(os.getloadavg()),
              "convention": {"levels": 17, "pixels": 64, "test_digits": 360,
                             "dequantization_width": {"flow-digits": 1.0, "UNets": D.GRID_WIDTH},
                             "ode": {"t0_diffusion": D.ODE_T0, "heun_steps": D.ODE_STEPS, "grid_power": 2}}}
    print(write_result("compare_digits_quick" if args.quick else "compare_digits", result))


if __name__ == "__main__":
    main()
