"""Speed of the DDPM vs DDIM tab, printed as one table (medians; ratios measured in one run).

    python benchmarks/bench_diffusion.py [--runs 7]

Rows: core DDIM sampler vs diffusers' DDIMPipeline on the same digits UNet; end-to-end latency of
each endpoint through gradio_client at default settings, next to the round trip of an endpoint
that does no work (what the queue and the client's polling cost on this machine now); cold start
(process start to first HTTP 200); live-training updates per second; the digits UNet's achieved
FLOP/s while sampling as a fraction of a large matmul's FLOP/s on this machine.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("GENLAB_MEMO", "0")  # time the computation, not core.runtime.memo's kept results

import torch  # noqa: E402

from benchmarks._common import free_port  # noqa: E402


def median_time(fn, runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def sampler_vs_pipeline(runs: int) -> tuple[float, float, float]:
    from diffusers import DDIMPipeline, DDIMScheduler
    from diffusers.configuration_utils import ConfigMixin, register_to_config
    from diffusers.models.modeling_utils import ModelMixin
    from diffusers.models.unets.unet_2d import UNet2DOutput

    from core.nn.unet_digits import NULL_CLASS, placeholder_states
    from core.runtime import checkpoints
    from core.sampling.adapters import ClassEps
    from core.sampling.scheduler_loop import sample

    unet, cfg = checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet")

    class Unconditional(ModelMixin, ConfigMixin):
        """The digits UNet with the null class, in the ``unet(x, t).sample`` form DDIMPipeline calls."""

        @register_to_config
        def __init__(self, sample_size: int = 8, in_channels: int = 1):
            super().__init__()
            self.inner = unet

        def forward(self, x, t):
            t = torch.as_tensor(t).expand(x.shape[0])
            labels = torch.full((x.shape[0],), NULL_CLASS)
            return UNet2DOutput(self.inner(x, t, placeholder_states(self.inner, x.shape[0]), class_labels=labels).sample)

    pipe = DDIMPipeline(unet=Unconditional().eval(), scheduler=DDIMScheduler.from_config(cfg))
    pipe.set_progress_bar_config(disable=True)
    labels = torch.full((16,), NULL_CLASS)

    def ours():
        g = torch.Generator().manual_seed(0)
        noise = torch.randn((16, 1, 8, 8), generator=g)
        sample(ClassEps(unet, labels), noise, steps=50, scheduler_config=cfg, method="ddim", generator=g)

    def theirs():
        pipe(batch_size=16, num_inference_steps=50, generator=torch.Generator().manual_seed(0), output_type="np")

    with torch.inference_mode():
        return interleaved(ours, theirs, runs)


def interleaved(a, b, runs: int) -> tuple[float, float, float]:
    """Median seconds of ``a`` and of ``b``, and the median of per-pair ratios ``b / a``, timed in
    alternation (a b, b a, a b, ...) so that a load change on a noisy machine hits both alike."""
    a(), b()
    ta, tb = [], []
    for i in range(runs):
        for fn, times in ((a, ta), (b, tb)) if i % 2 == 0 else ((b, tb), (a, ta)):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
    ratios = [y / x for x, y in zip(ta, tb)]
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def unet_flops_fraction(runs: int) -> tuple[float, float]:
    from torch.utils.flop_counter import FlopCounterMode

    from core.nn.unet_digits import placeholder_states
    from core.runtime import checkpoints

    unet = checkpoints.load_model("digits-unet")
    x, t = torch.randn(16, 1, 8, 8), torch.full((16,), 500)
    labels, states = torch.zeros(16, dtype=torch.long), placeholder_states(unet, 16)
    with torch.inference_mode():
        with FlopCounterMode(display=False) as counter:
            unet(x, t, states, class_labels=labels)
        flops = counter.get_total_flops()
        seconds = median_time(lambda: unet(x, t, states, class_labels=labels), runs * 5)
        a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
        mm = median_time(lambda: a @ b, runs)
    achieved, peak = flops / seconds, 2 * 2048**3 / mm
    return achieved, achieved / peak


def endpoints(runs: int) -> dict[str, float]:
    from gradio_client import Client

    import app

    demo = app.build_app()
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True, **app.launch_options())
    client = Client(demo.local_url, verbose=False)
    seeds = iter(range(1000, 2000))
    out = {
        "baseline: a queued endpoint with no work (/gan_defaults)": median_time(
            lambda: client.predict("wgan-gp", api_name="/gan_defaults"), runs),
        "diffusion_points (moons, 2000 points, 50 steps, DDPM + DDIM)": median_time(
            lambda: client.predict("moons", None, "shipped", 50, 0.0, 2000, 0, api_name="/diffusion_points"), runs),
        "diffusion_points, as above with a new seed every call": median_time(
            lambda: client.predict("moons", None, "shipped", 50, 0.0, 2000, next(seeds), api_name="/diffusion_points"),
            runs),
        "diffusion_digits (16 digits, 50 steps, DDPM + DDIM)": median_time(
            lambda: client.predict("any", 16, 50, 0.0, 0, api_name="/diffusion_digits"), runs),
        "diffusion_table1_live (moons, 500 points)": median_time(
            lambda: client.predict("moons", api_name="/diffusion_table1_live"), max(1, runs // 3)),
        "diffusion_train (300 updates, streamed)": median_time(
            lambda: client.predict("moons", None, 300, 0, api_name="/diffusion_train"), max(1, runs // 3)),
    }
    demo.close()
    return out


def cold_start() -> float:
    port = free_port()
    t0 = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(ROOT / "app.py"), "--port", str(port)], cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while time.perf_counter() - t0 < 120:
            try:
                if urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).status == 200:
                    return time.perf_counter() - t0
            except OSError:
                time.sleep(0.1)
        return float("nan")
    finally:
        proc.terminate()
        proc.wait()


def live_training_rate() -> float:
    from core.diffusion.live import LiveDiffusionPoints

    live = LiveDiffusionPoints.continue_or_create(None, "moons", None, 1000, 0)
    last = None
    for last in live.session.run(1000):
        live.record(last.iteration, last.loss)
        live.preview()  # what the tab draws at every frame
    return last.iteration / last.seconds


def main() -> None:
    from core.runtime.device import configure_threads

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    threads = configure_threads()
    ours, theirs, ratio = sampler_vs_pipeline(max(args.runs, 15))
    achieved, fraction = unet_flops_fraction(args.runs)
    rows = [("core DDIM sampler, 16 digits x 50 steps", f"{ours * 1000:.0f} ms"),
            ("diffusers DDIMPipeline, same UNet and noise", f"{theirs * 1000:.0f} ms"),
            ("ratio pipeline / core, median of paired runs (>= 1: core no slower)", f"{ratio:.3f}")]
    rows += [(name, f"{sec * 1000:.0f} ms") for name, sec in endpoints(args.runs).items()]
    rows += [("cold start: python app.py to first HTTP 200", f"{cold_start():.1f} s"),
             ("live training (moons, batch 512, incl. previews)", f"{live_training_rate():.0f} updates/s"),
             ("digits UNet achieved FLOP/s while sampling (batch 16)", f"{achieved / 1e9:.1f} GFLOP/s"),
             ("... as a fraction of a 2048^3 matmul's FLOP/s", f"{fraction:.1%}")]
    width = max(len(r[0]) for r in rows)
    print(f"torch {torch.__version__}, {threads} threads, median of {args.runs} runs")
    for name, value in rows:
        print(f"{name:<{width}}  {value:>14}")


if __name__ == "__main__":
    main()
