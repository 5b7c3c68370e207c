"""Speed of the shipped autoregressive digits models, printed as a table and saved to
benchmarks/results/autoregressive.json.

    python benchmarks/bench_autoregressive.py [--runs 7]

For every shipped ``ar-*`` checkpoint (one thread, as the app runs): the median wall time of sampling 16 digits
at temperature 1 (64 pixel steps, the model's incremental state reused between steps) and of the exact
log-likelihood of the 360 test digits (one pass), the calls of all models interleaved so that a load change on
the shared machine hits them alike, in wall time and in the thread's CPU time (the time on a core of its own:
the figure to read when the shared machine is loaded); and, for the best model, the same sampling without the incremental reuse
(a full pass per step: the price that the reuse saves). Targets (issue 23): the best model samples 16 digits in
at most 1 s and scores the 360 test digits in at most 0.5 s. The machine's load average is printed with the
table: the 2 cores are shared, and wall times grow with the load.

Also the live 2D chain-rule run (``core.autoregressive.live.LiveGridAR`` on 8gaussians, a frame's snapshot and
preview taken at every training event, more often than the tab's frames): updates a second, wall and CPU (target: 300).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks._common import interleaved, median, write_result  # noqa: E402

SAMPLES = 16  # digits sampled per call
SAMPLE_TARGET_S = 1.0  # the best model's 16 digits
LIKELIHOOD_TARGET_S = 0.5  # the best model's 360 test digits
LIVE_TARGET = 300  # updates a second of the live 2D run, frames included
LIVE_UPDATES = 1000  # updates of one live-run measurement


def live_rate() -> tuple[float, float]:
    """(updates per wall second, per CPU second of this thread) of ``LIVE_UPDATES`` updates of a fresh live 2D
    run, with a frame (snapshot and preview) at every training event."""
    from core.autoregressive.live import LiveGridAR

    live = LiveGridAR.continue_or_create(None, "8gaussians", None, "x1,x2", 48, 64, 2 * LIVE_UPDATES, 0)
    t0, c0 = time.perf_counter(), time.thread_time()
    for ev in live.session.run(LIVE_UPDATES, max_seconds=600):
        live.record(ev.iteration, ev.loss, final=ev.done)
        live.preview()
    return ev.iteration / (time.perf_counter() - t0), ev.iteration / (time.thread_time() - c0)


class FullPass:
    """A model read without incremental reuse: every step runs the whole network on all 64 pixels."""

    def __init__(self, model):
        self.model = model

    def __getattr__(self, name):
        return getattr(self.model, name)

    def begin(self, x, order=0):
        return {"order": order}

    def next_logits(self, state, x, pixel):
        return self.model.conditional_logits(x, state["order"])[:, pixel]

    def advance(self, state, x, pixel):
        pass


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()

    from core.autoregressive.digits import log_probs
    from core.autoregressive.recipes import BEST, SETTINGS
    from core.autoregressive.sampling import generate_autoregressive
    from core.metrics.likelihood import heldout_levels
    from core.runtime import checkpoints
    from core.runtime.device import configure_threads

    configure_threads(1)
    names = [n for n in SETTINGS if checkpoints.exists(n)]
    models = {n: checkpoints.load_model(n) for n in names}
    fns = {}
    for n, m in models.items():
        x = heldout_levels(m.levels == 2)
        fns[f"{n} sample"] = lambda m=m: generate_autoregressive(m, SAMPLES, temperature=1.0, seed=0)
        fns[f"{n} likelihood"] = lambda m=m, x=x: log_probs(m, x)
    if BEST in models:
        fns[f"{BEST} sample, full pass per step"] = lambda: generate_autoregressive(FullPass(models[BEST]), SAMPLES,
                                                                                   seed=0)
    cpu: dict[str, list[float]] = {n: [] for n in fns}

    def cpu_timed(name, fn):
        def run():
            c0 = time.thread_time()
            fn()
            cpu[name].append(time.thread_time() - c0)
        return run

    times = interleaved({n: cpu_timed(n, f) for n, f in fns.items()}, args.runs)
    result = {"load_average": os.getloadavg(), "runs": args.runs, "samples": SAMPLES,
              "median_s": {k: round(median(v), 4) for k, v in times.items()},
              "median_cpu_s": {k: round(median(v[1:]), 4) for k, v in cpu.items()}}
    if BEST in models:
        med = result["median_s"]
        result["best"] = {"model": BEST, "sample_16_s": med[f"{BEST} sample"], "sample_target_s": SAMPLE_TARGET_S,
                          "sample_16_cpu_s": result["median_cpu_s"][f"{BEST} sample"],
                          "likelihood_360_s": med[f"{BEST} likelihood"],
                          "likelihood_360_cpu_s": result["median_cpu_s"][f"{BEST} likelihood"], "likelihood_target_s": LIKELIHOOD_TARGET_S,
                          "reuse_speedup": round(med[f"{BEST} sample, full pass per step"] / med[f"{BEST} sample"], 2)}
    rates = [live_rate() for _ in range(3)]
    result["live_2d"] = {"updates_per_s": round(median([r[0] for r in rates]), 1),
                         "updates_per_cpu_s": round(median([r[1] for r in rates]), 1), "target": LIVE_TARGET}
    print(f"load average {result['load_average']}")
    print(f"{'':45s} {'wall':>8s}   {'cpu':>8s}")
    for k, v in result["median_s"].items():
        print(f"{k:45s} {v:8.4f} s {result['median_cpu_s'][k]:8.4f} s")
    if "best" in result:
        print(result["best"])
    print("live 2D:", result["live_2d"])
    write_result("autoregressive", result)


if __name__ == "__main__":
    main()
