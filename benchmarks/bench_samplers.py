"""Quality against NFE for every sampler (EDM's Figure 2) on both tracks, and the sampler endpoint's latency.

    python benchmarks/bench_samplers.py [--runs 7] [--track points|digits|all|none] [--skip-endpoints]

2D track: the shipped 8gaussians model, 2000 points, every sampler of ``core.sampling.solvers.SAMPLERS`` at
NFE 5..200, sliced W2 with its floor, mean and 95% interval over seeds 0, 1, 2. Digits track: the digits
UNet, 200 class-balanced digits, NFE 5..100, the Fréchet distance with its held-out floor and class
accuracy. Writes ``benchmarks/results/samplers_nfe.json`` (the "Samplers vs NFE" view shows it) with
the summary figures (``core.diffusion.nfe.summary``). Endpoints: ``/diffusion_sampler`` at 50 NFE and 2000
points through gradio_client (medians, a new sampler every call), beside a queued endpoint that does no
work. About 5 minutes on this machine.
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

from benchmarks.bench_diffusion import free_port, median_time

OUT = ROOT / "benchmarks" / "results" / "samplers_nfe.json"
POINT_SEEDS = (0, 1, 2)
DIGITS_N = 200


def save(key: str, value) -> None:
    """Write one part of the results (re-read first: the two tracks may run as two processes)."""
    saved = json.loads(OUT.read_text()) if OUT.is_file() else {}
    saved[key] = value
    OUT.write_text(json.dumps(saved, indent=1))


def points_track() -> None:
    from core.diffusion import nfe
    from core.runtime import checkpoints

    name = f"ddpm-2d-{nfe.DEFAULT_DATASET}"
    model, cfg = checkpoints.load_model(name), checkpoints.scheduler_config(name)
    t0 = time.perf_counter()
    rows = nfe.points_curves(model, cfg, nfe.DEFAULT_DATASET, n=2000, seeds=POINT_SEEDS,
                             progress=lambda f, msg: print(f"  2D {f:4.0%} {msg}", flush=True))
    save("points", {"dataset": nfe.DEFAULT_DATASET, "n": 2000, "seeds": list(POINT_SEEDS), "rows": rows,
                    "summary": nfe.summary(rows, "w2", "floor"), "seconds": time.perf_counter() - t0})


def digits_track() -> None:
    """Sampler by sampler, saved after each (a long run stopped early keeps what it measured)."""
    from core.diffusion import nfe
    from core.runtime import checkpoints
    from core.sampling.solvers import SAMPLERS

    unet, cfg = checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet")
    clf = checkpoints.load_model("digits-classifier")
    t0, rows = time.perf_counter(), []
    for name in SAMPLERS:
        rows += nfe.digits_curves(unet, cfg, clf, names=(name,), n=DIGITS_N, seed=0)
        print(f"  digits {name}: {time.perf_counter() - t0:.0f} s", flush=True)
        save("digits", {"n": DIGITS_N, "seed": 0, "rows": rows, "seconds": time.perf_counter() - t0})


def endpoints(runs: int) -> dict[str, float]:
    from gradio_client import Client

    import app
    from core.sampling.solvers import SAMPLERS

    demo = app.build_app()
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True, **app.launch_options())
    client = Client(demo.local_url, verbose=False)
    names = list(SAMPLERS)
    turn = iter(range(10_000))
    out = {
        "baseline: a queued endpoint with no work (/gan_defaults)": median_time(
            lambda: client.predict("wgan-gp", api_name="/gan_defaults"), runs),
        "diffusion_sampler (8gaussians, 50 NFE, 2000 points, a new sampler every call)": median_time(
            lambda: client.predict("8gaussians", names[next(turn) % len(names)], 50, 2000, 0,
                                   api_name="/diffusion_sampler"), runs),
        "diffusion_sampler, as above, Heun only": median_time(
            lambda: client.predict("8gaussians", "heun", 50, 2000, 0, api_name="/diffusion_sampler"), runs),
        "diffusion_nfe_chart (8gaussians, 1000 points, cached after the first call)": median_time(
            lambda: client.predict("8gaussians", 1000, 0, api_name="/diffusion_nfe_chart"), runs),
    }
    demo.close()
    return {k: round(v * 1000, 1) for k, v in out.items()}


def main() -> None:
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--track", choices=("points", "digits", "all", "none"), default="all",
                        help="which quality track to (re)compute; none: keep the saved curves")
    parser.add_argument("--skip-endpoints", action="store_true")
    args = parser.parse_args()
    configure_threads()
    if args.track in ("points", "all"):
        points_track()
    if args.track in ("digits", "all"):
        digits_track()
    from core.diffusion.nfe import summary

    saved = json.loads(OUT.read_text()) if OUT.is_file() else {}
    for track, metric, floor in (("points", "w2", "floor"), ("digits", "frechet", "frechet_floor")):
        if track in saved:  # the figures always read from the saved rows with the current summary
            saved[track]["summary"] = summary(saved[track]["rows"], metric, floor)
            print(track, json.dumps(saved[track]["summary"], indent=1))
    if not args.skip_endpoints:
        load = os.getloadavg()[0]
        saved["endpoints_ms"] = endpoints(args.runs)
        saved["endpoints_load"] = {"load_average_1min": round((load + os.getloadavg()[0]) / 2, 1),
                                   "cpus": os.cpu_count(), "runs": args.runs}
        for name, ms in saved["endpoints_ms"].items():
            print(f"{name:<90} {ms:>8.1f} ms")
    OUT.write_text(json.dumps(saved, indent=1))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
