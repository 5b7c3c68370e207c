"""Speed of the normalizing flows tab, printed as one table and saved to benchmarks/results/flows.json.

    python benchmarks/bench_flows.py [--runs 7]

Rows: the layer-by-layer view end to end through gradio_client (default settings: the shipped RealNVP,
1000 points, every stage computed, one stage drawn) beside the round trip of a queued endpoint that
does no work (what the queue and the client's polling cost on this machine now); the other endpoints;
and the live training rate: updates per second and frames (refreshes) per second of a live run at the
tab's defaults, each frame including the density heatmap and the figures the tab sends, in wall time
and per second of the training thread's CPU time (the rate on a core of its own). The machine's load
average is printed with the table: the 2 cores are shared, and wall-time rates fall with the load.
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

from benchmarks.bench_diffusion import free_port, median_time  # noqa: E402


def endpoints(runs: int) -> dict[str, float]:
    from gradio_client import Client

    import app

    demo = app.build_app(("demos.gan", "demos.flows"))
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True, **app.launch_options())
    client = Client(demo.local_url, verbose=False)
    layers = iter(range(10**6))
    out = {
        "baseline: a queued endpoint with no work (/gan_defaults)": median_time(
            lambda: client.predict("wgan-gp", api_name="/gan_defaults"), runs),
        "flows_layers (RealNVP, 1000 points, all 8 layers both ways, one stage drawn)": median_time(
            lambda: client.predict("8gaussians", None, "shipped", "realnvp", next(layers) % 9, 1000, 0,
                                   api_name="/flows_layers"), runs),
        "flows_layers (Glow, 12 layers)": median_time(
            lambda: client.predict("8gaussians", None, "shipped", "glow", next(layers) % 13, 1000, 0,
                                   api_name="/flows_layers"), runs),
        "flows_evaluate (5000 held-out points, 80x80 density and log|det J|)": median_time(
            lambda: client.predict("8gaussians", None, "shipped", "realnvp", api_name="/flows_evaluate"), runs),
        "flows_digits (32 digits, T = 0.7)": median_time(
            lambda: client.predict(0.7, 32, 0, api_name="/flows_digits"), runs),
        "flows_interpolate (10 images)": median_time(lambda: client.predict(0, 5, 10, api_name="/flows_interpolate"),
                                                     runs),
    }
    demo.close()
    return out


def live_rate(seconds: float = 10.0) -> dict[str, float]:
    """A live run at the tab's defaults (RealNVP x 4 on 8gaussians), through the tab's own frame function."""
    from core.flows.live import LiveDensityFlow
    from demos.flows.tab import LIVE

    live = LiveDensityFlow.continue_or_create(None, "8gaussians", None, "realnvp", 4, 20_000, 0)
    frames, start, cpu0, it0 = 0, time.perf_counter(), time.thread_time(), live.run.iteration
    for ev in live.session.run(20_000, max_seconds=seconds):
        live.record(ev.iteration, ev.loss)
        LIVE.frame(live, ev)  # what the tab draws at a frame
        frames += 1
    wall, cpu = time.perf_counter() - start, time.thread_time() - cpu0
    updates = live.run.iteration - it0
    return {"updates": updates, "frames": frames, "wall_s": wall, "cpu_s": cpu,
            "updates_per_s_wall": updates / wall, "frames_per_s_wall": frames / wall,
            "updates_per_cpu_s": updates / cpu, "frames_per_cpu_s": frames / cpu}


def main() -> None:
    import torch

    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    threads = configure_threads()
    load = os.getloadavg()
    live = live_rate()
    rows = [(name, f"{sec * 1000:.0f} ms") for name, sec in endpoints(args.runs).items()]
    rows += [("live training: updates / s (wall)", f"{live['updates_per_s_wall']:.0f}"),
             ("live training: refreshes / s (wall)", f"{live['frames_per_s_wall']:.1f}"),
             ("live training: updates / s of training-thread CPU time", f"{live['updates_per_cpu_s']:.0f}"),
             ("live training: refreshes / s of training-thread CPU time", f"{live['frames_per_cpu_s']:.1f}")]
    width = max(len(r[0]) for r in rows)
    print(f"torch {torch.__version__}, {threads} thread(s), median of {args.runs} runs, "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")
    out = ROOT / "benchmarks" / "results" / "flows.json"
    out.write_text(json.dumps({"torch": torch.__version__, "threads": threads, "runs": args.runs,
                               "load_average": load, "rows": dict(rows), "live": live}, indent=2) + "\n")


if __name__ == "__main__":
    main()
