"""Speed of the VAE tab, printed as one table and saved to benchmarks/results/vae.json (medians of one run).

    python benchmarks/bench_vae.py [--runs 15]

Rows: end-to-end latency of each endpoint through gradio_client (the VAE tab served alone), next to
the round trip of a queued endpoint that does no work (what the queue and the client's polling cost
on this machine now), the endpoints called in turn so that a busy machine slows them alike; the core-only time of a latent pick, a reconstruction and a temperature change
(no server); live 2D training updates per second. The 300 ms budget holds for /vae_pick,
/vae_reconstruct and /vae_gumbel end to end.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GENLAB_MEMO", "0")  # time the computation, not core.runtime.memo's kept results

import torch

from benchmarks.bench_diffusion import free_port, median_time

BUDGET_MS = 300  # end-to-end budget of a pick, a reconstruction and a temperature change
FAST = ("vae_pick", "vae_reconstruct", "vae_gumbel")


def interleaved(calls: dict, runs: int) -> dict[str, float]:
    """Median seconds of each call, the calls taken in turn ``runs`` times (after one warm-up each), so
    that a busy machine slows them all alike."""
    for fn in calls.values():
        fn()
    times: dict[str, list[float]] = {k: [] for k in calls}
    for _ in range(runs):
        for k, fn in calls.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def endpoints(runs: int) -> dict[str, float]:
    import gradio as gr
    from gradio_client import Client

    import app

    demo = app.build_app(("demos.vae",))
    with demo:
        noop = gr.Button(visible=False)
        noop.click(lambda: None, None, None, api_name="bench_noop")
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True, **app.launch_options(("demos.vae",)))
    client = Client(demo.local_url, verbose=False)
    zs = iter([(0.01 * i, -0.01 * i) for i in range(1000)])
    taus = iter([0.1 + 0.005 * i for i in range(1000)])
    calls = {
        "baseline: a queued endpoint with no work": lambda: client.predict(api_name="/bench_noop"),
        "vae_pick (decode one latent point, one PNG)": lambda: client.predict("vae-z2-beta1", *next(zs),
                                                                              api_name="/vae_pick"),
        "vae_reconstruct (24 test digits, classifier verdict)": lambda: client.predict("vae-z2-beta1", 24, 0,
                                                                                       api_name="/vae_reconstruct"),
        "vae_gumbel (a temperature change, 2000 draws)": lambda: client.predict(next(taus), 2000, 0,
                                                                                api_name="/vae_gumbel"),
        "vae_plane (switch beta)": lambda: client.predict("vae-z2-beta4", api_name="/vae_plane"),
        "vae_manifold (15 x 15)": lambda: client.predict("vae-z2-beta1", 15, 2.0, api_name="/vae_manifold"),
        "vae_interpolate (10 steps)": lambda: client.predict("vae-z2-beta1", 0, 1, 10, api_name="/vae_interpolate"),
        "vae_estimators (2000 repeats x 9 sample counts)": lambda: client.predict(0.0, 1.0, 2000, 0,
                                                                                  api_name="/vae_estimators"),
        "vae_vq_codes (K = 64)": lambda: client.predict(64, 0, api_name="/vae_vq_codes"),
    }
    out = interleaved(calls, runs)
    slow = {"vae_samples (64 samples, classifier verdict + Fréchet)":
            lambda: client.predict(64, 0, 1.0, api_name="/vae_samples"),
            "vae_two_stage (64 code maps, 16 prior steps)": lambda: client.predict(64, 1.0, 0, api_name="/vae_two_stage"),
            "vae_train (200 updates on moons, streamed)": lambda: client.predict("moons", None, 1.0, 200, 0,
                                                                                api_name="/vae_train")}
    out.update(interleaved(slow, max(3, runs // 4)))
    demo.close()
    return out


def core_times(runs: int) -> dict[str, float]:
    from core.vae import request as R

    return {"core: pick (decode one point)": median_time(lambda: R.pick("vae-z2-beta1", 0.3, 0.2), runs),
            "core: reconstruct 24 digits": median_time(lambda: R.reconstruct("vae-z2-beta1", 24, 0), runs),
            "core: 2000 Gumbel-softmax draws": median_time(lambda: R.gumbel(0.5, 2000, 0), runs)}


def live_rate() -> float:
    from core.vae.live import LiveVAE

    live = LiveVAE.continue_or_create(None, "moons", None, 500, 1.0, 0)
    t0 = time.perf_counter()
    live.session.step(300)
    return 300 / (time.perf_counter() - t0)


def main() -> None:
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    threads = configure_threads()
    ms = {k: v * 1000 for k, v in {**core_times(args.runs), **endpoints(args.runs)}.items()}
    rate = live_rate()
    base = ms["baseline: a queued endpoint with no work"]
    width = max(len(k) for k in ms)
    print(f"torch {torch.__version__}, {threads} threads, median of {args.runs} runs, load {os.getloadavg()[0]:.1f}")
    for name, v in ms.items():
        print(f"{name:<{width}}  {v:>8.1f} ms  ({v / base:.1f}x baseline)")
    print(f"{'live 2D VAE training (batch 256)':<{width}}  {rate:>8.0f} updates/s")
    fast = {k: v for k, v in ms.items() if k.split(" ")[0] in FAST}
    print("within the 300 ms budget:", all(v <= BUDGET_MS for v in fast.values()))
    result = {"runs": args.runs, "threads": threads, "load_average": os.getloadavg()[0], "ms": ms,
              "baseline_ms": base, "live_updates_per_second": rate, "budget_ms": BUDGET_MS,
              "fast_within_budget": all(v <= BUDGET_MS for v in fast.values())}
    out = ROOT / "benchmarks" / "results" / "vae.json"
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
