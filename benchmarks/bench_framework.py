"""Speed of the diffusion tab's framework views ("Score & Langevin", "SDE vs ODE"), printed as one table and
saved to benchmarks/results/framework.json.

    python benchmarks/bench_framework.py [--runs 7]

Each endpoint end to end through gradio_client at the view's defaults (8gaussians, 2000 points), beside the
round trip of a queued endpoint that does no work (/gan_defaults: what the queue and the client's polling
cost on this machine now), and the sampling alone (in process, no server) with its NFE. A new seed each
call, so no result is served from a cache. The machine's load average is printed with the table: the
2 cores are shared, and wall times grow with the load.
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

from benchmarks.bench_diffusion import free_port, median_time  # noqa: E402


def endpoints(runs: int) -> dict[str, float]:
    from gradio_client import Client

    import app
    from core.diffusion import framework as fw

    L, P, S = fw.LANGEVIN, fw.PC, fw.SDE_ODE
    demo = app.build_app(("demos.gan", "demos.diffusion"))
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True, **app.launch_options())
    client = Client(demo.local_url, verbose=False)
    seeds = iter(range(1000, 100_000))
    sigmas = iter(range(10**6))

    def langevin(method: str, steps: int = P.steps):
        return client.predict("8gaussians", method, L.levels, L.steps_per_level, L.log10_step_size, steps, P.snr,
                              P.corrector_steps, P.predictor, L.n, next(seeds), api_name="/diffusion_langevin")

    out = {
        "baseline: a queued endpoint with no work (/gan_defaults)": median_time(
            lambda: client.predict("wgan-gp", api_name="/gan_defaults"), runs),
        "diffusion_score_field (21 x 21 arrows, 1 NFE)": median_time(
            lambda: client.predict("8gaussians", -1.5 + 0.05 * (next(sigmas) % 40), 21,
                                   api_name="/diffusion_score_field"), runs),
        f"diffusion_langevin (annealed, L={L.levels} x T={L.steps_per_level} = 100 NFE, 2000 points, 41 frames)":
            median_time(lambda: langevin("langevin"), runs),
        f"diffusion_langevin (PC, {P.steps} steps x 2 = 40 NFE, 2000 points)": median_time(lambda: langevin("pc"), runs),
        "diffusion_langevin (PC, 50 steps, 0 corrector steps = 50 NFE, 2000 points)": median_time(
            lambda: client.predict("8gaussians", "pc", 1, 1, -4.0, 50, 0.16, 0, "sde", 2000, next(seeds),
                                   api_name="/diffusion_langevin"), runs),
        f"diffusion_sde_ode ({S.steps} NFE each, 2000 points + 4 x {S.repeats} copies, SDE and ODE)": median_time(
            lambda: client.predict("8gaussians", S.steps, S.n, S.repeats, next(seeds), api_name="/diffusion_sde_ode"),
            runs),
    }
    demo.close()
    return out


def cpu_time(fn, runs: int) -> float:
    """Median CPU seconds of this process for ``fn()`` (one torch thread: what it costs on a core of its own,
    whatever the load of the shared machine)."""
    fn()
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


def in_process(runs: int) -> dict[str, float]:
    """The samplers alone (no server, no figure): what the endpoints above spend sampling, in wall time, and
    the whole request and its figures in CPU time."""
    from demos.diffusion import framework_view as view
    from core.diffusion import framework as fw

    L, P = fw.LANGEVIN, fw.PC
    seeds = iter(range(1000, 100_000))
    run = lambda method: fw.langevin_request("8gaussians", method, n=L.n, seed=next(seeds))  # noqa: E731
    return {"in process: annealed Langevin, 100 NFE, 2000 points (the sampler's own time)":
                statistics.median(run("langevin").seconds for _ in range(runs)),
            "in process: PC, 40 NFE, 2000 points (the sampler's own time)":
                statistics.median(run("pc").seconds for _ in range(runs)),
            "in process: sde_ode_request (2 x 50 NFE + repeats, metrics included)": median_time(
                lambda: fw.sde_ode_request("8gaussians", 50, 2000, 64, next(seeds)), runs),
            "CPU time: score field handler (request + figure)": cpu_time(
                lambda: view.score_field("8gaussians", -0.5, 21), runs),
            "CPU time: annealed Langevin handler, 100 NFE, 2000 points (request + figure + table)": cpu_time(
                lambda: view.run_langevin("8gaussians", "langevin", L.levels, L.steps_per_level, L.log10_step_size,
                                          P.steps, P.snr, P.corrector_steps, P.predictor, L.n, next(seeds)), runs),
            "CPU time: PC handler, 40 NFE, 2000 points": cpu_time(
                lambda: view.run_langevin("8gaussians", "pc", L.levels, L.steps_per_level, L.log10_step_size,
                                          P.steps, P.snr, P.corrector_steps, P.predictor, L.n, next(seeds)), runs),
            "CPU time: SDE vs ODE handler, 2 x 50 NFE, 2000 points + 4 x 64 copies (both threads summed)":
                cpu_time(lambda: view.run_sde_ode("8gaussians", 50, 2000, 64, next(seeds)), runs)}


def main() -> None:
    import torch

    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    threads = configure_threads()
    load = os.getloadavg()
    timed = {**endpoints(args.runs), **in_process(args.runs)}
    rows = [(name, f"{sec * 1000:.0f} ms") for name, sec in timed.items()]
    width = max(len(r[0]) for r in rows)
    print(f"torch {torch.__version__}, {threads} thread(s), median of {args.runs} runs, "
          f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} on {os.cpu_count()} cores")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>10}")
    out = ROOT / "benchmarks" / "results" / "framework.json"
    out.write_text(json.dumps({"torch": torch.__version__, "threads": threads, "runs": args.runs,
                               "load_average": load, "rows": dict(rows)}, indent=2) + "\n")


if __name__ == "__main__":
    main()
