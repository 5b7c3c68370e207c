"""Live GAN training speed: optimizer updates per second and plot refreshes per second.

    python benchmarks/bench_gan.py [--seconds 4] [--repeats 3] [--skip-server]

Three measurements on the ring of 8 with each loss's default settings (width 128, depth 3,
batch 64; WGAN and WGAN-GP make 5 critic updates per generator update, and every update,
critic or generator, is counted):

1. ``core``: the sandbox's ``LiveSession`` alone, no frames;
2. ``tab``: the tab's streaming handler ``demos.gan.tab.train``, which also snapshots the run
   (heatmap, arrows, coverage on 2,500 samples, sliced W2 every 2 s) and writes both
   Plotly figures for every frame;
3. ``server``: the same handler behind a launched Gradio server, streamed to ``gradio_client``;
   refreshes are the frames the client received.

Torch threads 1 and 2 are interleaved run by run, so a change in machine load affects both
alike. Prints medians over ``--repeats`` runs of ``--seconds`` each.
"""
from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GENLAB_MEMO", "0")  # time the computation, not core.runtime.memo's kept results

from core.gan.losses import LOSSES  # noqa: E402
from core.gan.sandbox import Arch, Sandbox  # noqa: E402
from core.gan.train import DEFAULTS  # noqa: E402
from core.train.live import LiveSession  # noqa: E402

THREADS = (1, 2)
ITERATIONS = 20_000  # more than any run can finish: runs are bounded by time


def settings(loss: str) -> list:
    d, a = DEFAULTS[loss], Arch()
    return [d.loss, d.optimizer, d.lr_g, d.lr_d, d.d_steps, d.gp_lambda, d.clip, d.batch_size, a.noise_dim,
            a.hidden, a.depth, 0]


def bench_core(loss: str, seconds: float) -> float:
    box = Sandbox.create("ring", None, Arch(), DEFAULTS[loss])
    for _ in box.session.run(20):  # warm-up
        pass
    ev = None
    for ev in LiveSession(box.run, interval=float("inf"), max_seconds=seconds).run(ITERATIONS):
        pass
    return ev.updates_per_second


def bench_tab(loss: str, seconds: float) -> tuple[float, float]:
    from demos.gan import tab as gan

    box, start, frames, updates0 = None, None, 0, 0
    for out in gan.train(None, "ring", None, *settings(loss), ITERATIONS):
        box = out[0]
        if start is None:  # clock starts at the first frame, after the run is built
            start, updates0 = time.perf_counter(), box.run.updates
            continue
        frames += 1
        if time.perf_counter() - start >= seconds:
            break
    elapsed = time.perf_counter() - start
    return (box.run.updates - updates0) / elapsed, frames / elapsed


def bench_server(client, loss: str, seconds: float) -> tuple[float, float]:
    job = client.submit("ring", None, *settings(loss), ITERATIONS, api_name="/gan_train")
    start, frames, first, last = None, 0, None, None
    for out in job:
        status = out[2]
        updates = int(re.search(r"([\d,]+) optimizer updates", status).group(1).replace(",", ""))
        if start is None:
            start, first = time.perf_counter(), updates
            continue
        frames, last = frames + 1, updates
        if time.perf_counter() - start >= seconds:
            break
    elapsed = time.perf_counter() - start
    job.cancel()
    time.sleep(0.5)
    return (last - first) / elapsed, frames / elapsed


def launch():
    import gradio as gr

    from demos.common.i18n import STRINGS as COMMON
    from demos.gan import tab as gan

    with gr.Blocks() as demo:
        with gr.Tabs():
            gan.build()
    demo.queue(default_concurrency_limit=1)
    i18n = gr.I18n(**{k: {**COMMON[k], **gan.STRINGS[k]} for k in gan.STRINGS})
    demo.launch(prevent_thread_lock=True, quiet=True, i18n=i18n)
    from gradio_client import Client

    return demo, Client(demo.local_url, verbose=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--skip-server", action="store_true")
    args = parser.parse_args()
    demo, client = (None, None) if args.skip_server else launch()
    rows: dict[tuple, list] = {}
    for _ in range(args.repeats):
        for loss in LOSSES:
            for n in THREADS:
                torch.set_num_threads(n)
                rows.setdefault(("core", loss, n), []).append((bench_core(loss, args.seconds), float("nan")))
                rows.setdefault(("tab", loss, n), []).append(bench_tab(loss, args.seconds))
                if client is not None:
                    rows.setdefault(("server", loss, n), []).append(bench_server(client, loss, args.seconds))
    print(f"{'where':<8}{'loss':<15}{'threads':>8}{'updates/s':>12}{'refreshes/s':>13}")
    for (where, loss, n), vals in rows.items():
        ups = statistics.median(v[0] for v in vals)
        rps = statistics.median(v[1] for v in vals)
        print(f"{where:<8}{loss:<15}{n:>8}{ups:>12.0f}{rps:>13.1f}")
    print(f"medians of {args.repeats} runs of {args.seconds:g} s; machine load average: "
          f"{', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if demo is not None:
        demo.close()


if __name__ == "__main__":
    main()
