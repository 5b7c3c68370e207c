"""The guidance tab's measurements, printed as tables and saved to benchmarks/results/guidance.json.

    python benchmarks/bench_guidance.py [--runs 15] [--skip-sweep] [--skip-endpoints]

- Sweep over the guidance scale on digits, for classifier-free and classifier guidance: class accuracy
  (shipped digits-classifier), within-class diversity (mean pairwise feature distance) and Fréchet
  distance, 200 class-balanced digits per scale, DDIM 30 steps, seed 0 (``core.guidance.quality``).
- One batched forward of ``[x_t; x_t]`` with labels ``[c; null]`` (``core.sampling.adapters.ClassEps``)
  against two separate forwards, on the digits UNet at batch 1, 16 and 64: medians per guided evaluation
  (timed in units of ``CALLS[batch]`` evaluations) and the median of paired ratios, timed alternately in one run.
  Beside them, the evidence for where the time goes: the convolution kernel PyTorch picks for each
  forward (``torch.profiler``: native ``_slow_conv2d_forward`` or oneDNN ``mkldnn_convolution``), the
  share of a forward spent in convolutions, and the same ratio with oneDNN switched off for this
  process (a diagnostic only: the app never changes backend flags).
- Endpoint latencies through gradio_client next to a queued endpoint that does no work.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GENLAB_MEMO", "0")  # time the computation, not core.runtime.memo's kept results

import torch  # noqa: E402

from benchmarks.bench_diffusion import free_port, interleaved, median_time  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "guidance.json"
BATCHES = (1, 16, 64)
CALLS = {1: 10, 16: 3, 64: 1}  # guided evaluations per timed unit at each batch (steadies the timer at batch 1)


def conv_profile(fn) -> tuple[str, float]:
    """The convolution kernels one call of ``fn`` runs (``"native"``, ``"oneDNN"`` or both, with counts) and
    their share of its self CPU time, from ``torch.profiler``."""
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU]) as prof:
        fn()
    events = prof.key_averages()
    kernels = {"native": "aten::_slow_conv2d_forward", "oneDNN": "aten::mkldnn_convolution"}
    counts = {k: sum(e.count for e in events if e.key == name) for k, name in kernels.items()}
    conv = sum(e.self_cpu_time_total for e in events if e.key in kernels.values())
    total = sum(e.self_cpu_time_total for e in events)
    return " + ".join(f"{n} {k}" for k, n in counts.items() if n), conv / max(total, 1e-9)


def batched_vs_separate(runs: int) -> list[dict]:
    from core.nn.unet_digits import NULL_CLASS
    from core.runtime import checkpoints
    from core.sampling.adapters import ClassEps
    from core.sampling.guidance import guided

    unet = checkpoints.load_model("digits-unet")
    rows = []
    for b in BATCHES:
        gen = torch.Generator().manual_seed(b)
        x, t = torch.randn((b, 1, 8, 8), generator=gen), torch.tensor(500)
        labels = torch.arange(b) % 10
        batched = ClassEps(unet, labels, 3.0)
        cond, uncond = ClassEps(unet, labels), ClassEps(unet, torch.full_like(labels, NULL_CLASS))
        with torch.inference_mode():
            assert torch.allclose(batched(x, t), guided(cond(x, t), uncond(x, t), 3.0), atol=1e-4)
            k = CALLS[b]
            one, two, ratio = interleaved(lambda: [batched(x, t) for _ in range(k)],
                                          lambda: [guided(cond(x, t), uncond(x, t), 3.0) for _ in range(k)], runs)
            kernels_batched, conv_share = conv_profile(lambda: batched(x, t))
            kernels_separate, _ = conv_profile(lambda: cond(x, t))
            with torch.backends.mkldnn.flags(enabled=False):  # diagnostic: native convolutions at every batch
                _, _, ratio_native = interleaved(lambda: [batched(x, t) for _ in range(k)],
                                                 lambda: [guided(cond(x, t), uncond(x, t), 3.0) for _ in range(k)],
                                                 runs)
        rows.append({"batch": b, "batched_ms": one * 1000 / k, "separate_ms": two * 1000 / k, "ratio": ratio,
                     "conv_kernels_batched": kernels_batched, "conv_kernels_separate": kernels_separate,
                     "conv_share_batched": conv_share, "ratio_native_conv": ratio_native})
    return rows


def sweep() -> dict:
    from core.guidance import quality

    out = {}
    for method in ("cfg", "classifier"):
        out[method] = quality.digits_sweep(method, progress=lambda f, m: print(f"  sweep {m}", flush=True))
    return out


def endpoints(runs: int) -> dict[str, float]:
    from gradio_client import Client

    import app

    demo = app.build_app()
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True, **app.launch_options())
    client = Client(demo.local_url, verbose=False)
    out = {
        "baseline: a queued endpoint with no work (/gan_defaults)": median_time(
            lambda: client.predict("wgan-gp", api_name="/gan_defaults"), runs),
        "guidance_field (15x15 arrows, CFG)": median_time(
            lambda: client.predict("cfg", "0", 3.0, "toward", 300, api_name="/guidance_field"), runs),
        "guidance_points (1000 points, 30 steps, CFG, plain + guided)": median_time(
            lambda: client.predict("cfg", "0", 3.0, "toward", 1000, 30, 0, api_name="/guidance_points"), runs),
        "guidance_digits (20 digits, 30 steps, CFG)": median_time(
            lambda: client.predict("0", "cfg", 3.0, "toward", 30, 0, 20, api_name="/guidance_digits"), runs),
        "guidance_digits (20 digits, 30 steps, classifier guidance)": median_time(
            lambda: client.predict("0", "classifier", 3.0, "toward", 30, 0, 20, api_name="/guidance_digits"), runs),
    }
    demo.close()
    return out


def main() -> None:
    from core.guidance import quality
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--skip-sweep", action="store_true", help="keep the saved sweep")
    parser.add_argument("--skip-endpoints", action="store_true", help="keep the saved endpoint latencies")
    args = parser.parse_args()
    threads = configure_threads()
    saved = json.loads(OUT.read_text()) if OUT.is_file() else {}
    result = {"torch": torch.__version__, "threads": threads, "runs": args.runs,
              "settings": {"samples": quality.SWEEP_SAMPLES, "steps": quality.SWEEP_STEPS, "seed": 0,
                           "scales": list(quality.SWEEP_SCALES)}}
    result["batched_forward"] = batched_vs_separate(args.runs)
    t0 = time.perf_counter()
    result["sweep"] = saved["sweep"] if args.skip_sweep and "sweep" in saved else sweep()
    result["real_diversity"] = quality.real_diversity()
    result["sweep_seconds"] = saved.get("sweep_seconds") if args.skip_sweep else time.perf_counter() - t0
    if not args.skip_endpoints:
        result["endpoints_ms"] = {k: v * 1000 for k, v in endpoints(max(3, args.runs // 3)).items()}
    elif "endpoints_ms" in saved:
        result["endpoints_ms"] = saved["endpoints_ms"]  # kept from the last full run
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n")
    print(f"torch {torch.__version__}, {threads} thread(s)")
    print("batch  batched ms  two passes ms  speed-up (median of paired ratios)  with native convs only")
    for r in result["batched_forward"]:
        print(f"{r['batch']:>5}  {r['batched_ms']:>10.2f}  {r['separate_ms']:>13.2f}  {r['ratio']:>6.2f}x"
              f"{'':>30}{r['ratio_native_conv']:>6.2f}x")
    print("batch  convolutions per batched forward  per separate forward  convolutions' share of a batched forward")
    for r in result["batched_forward"]:
        print(f"{r['batch']:>5}  {r['conv_kernels_batched']:<32}  {r['conv_kernels_separate']:<20}  "
              f"{r['conv_share_batched']:>6.0%}")
    print("method      w    accuracy  diversity  Fréchet")
    for method, rows in result["sweep"].items():
        for r in rows:
            print(f"{method:<10} {r['scale']:>3g}  {r['class_accuracy']:>8.3f}  {r['diversity']:>9.3f}  "
                  f"{r['frechet']:>7.2f}")
    print(f"test digits' within-class diversity: {result['real_diversity']:.3f}")
    for name, ms in result.get("endpoints_ms", {}).items():
        print(f"{name:<64} {ms:>8.0f} ms")


if __name__ == "__main__":
    main()
