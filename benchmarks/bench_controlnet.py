"""Latency of the ControlNet tab: 4 samples at the default settings, end to end.

    python benchmarks/bench_controlnet.py [--repeats 7]

Rows (median, min and max of ``--repeats`` runs after one warm-up):
- core: ``generate_controlled`` alone (the sampler loop: UNet + ControlNet per step);
- handler: the tab's ``generate`` (drawing -> condition, sampling, follow IoU, images, chart);
- API: a ``gradio_client`` call to ``/controlnet_generate`` on the launched app (upload of the
  sketch, queue, PNG encoding and download included): the end-to-end figure.
Plus the per-step cost of each network and the core latency against the number of steps.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

BUDGET_S = 3.0  # the budget for 4 samples at default settings, end to end


def timed(fn, repeats: int) -> list[float]:
    fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def row(name: str, secs: list[float]) -> str:
    return f"| {name:<46} | {statistics.median(secs) * 1000:8.0f} | {min(secs) * 1000:8.0f} | {max(secs) * 1000:8.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    import torch
    from PIL import Image

    from core.controlnet.drawing import condition_from_drawing, render_example
    from core.controlnet.sampling import DEFAULTS, generate_controlled, load
    from core.nn.unet_digits import placeholder_states
    from core.runtime.device import configure_threads
    from demos.controlnet import tab

    threads = configure_threads()
    sketch = render_example("7")
    cond = condition_from_drawing("stroke", sketch).expand(DEFAULTS.samples, -1, -1, -1)
    labels = torch.full((DEFAULTS.samples,), 7)
    unet, controlnet, sched_cfg = load("stroke")
    n, w, steps = DEFAULTS.samples, DEFAULTS.guidance_scale, DEFAULTS.steps
    print(f"threads={threads}  samples={n}  steps={steps}  guidance={w}  control scale={DEFAULTS.control_scale}\n")
    print(f"| {'what (4 samples, default settings)':<46} | {'median ms':>8} | {'min ms':>8} | {'max ms':>8} |")
    print(f"|{'-' * 48}|{'-' * 10}|{'-' * 10}|{'-' * 10}|")

    core = timed(lambda: generate_controlled(unet, controlnet, sched_cfg, cond=cond, labels=labels, steps=steps,
                                             guidance_scale=w), args.repeats)
    print(row("core: generate_controlled, class 7 + CFG", core))
    guess = timed(lambda: generate_controlled(unet, controlnet, sched_cfg, cond=cond, labels=labels, steps=steps,
                                              guidance_scale=w, guess_mode=True),
                  args.repeats)
    print(row("core: guess mode + CFG", guess))
    handler = timed(lambda: tab.generate(sketch, "stroke", "7", 1.0, False, w, steps, n, 0), args.repeats)
    print(row("handler: demos.controlnet.tab.generate", handler))

    from gradio_client import Client, handle_file

    import app

    demo = app.build_app()
    demo.launch(prevent_thread_lock=True, quiet=True, **app.launch_options())
    try:
        client = Client(demo.local_url, verbose=False)
        with tempfile.TemporaryDirectory() as tmp:
            png = Path(tmp) / "seven.png"
            Image.fromarray(sketch).save(png)
            value = {"background": handle_file(str(png)), "layers": [], "composite": handle_file(str(png))}
            api = timed(lambda: client.predict(value, "stroke", "7", 1.0, False, w, steps, n, 0,
                                               api_name="/controlnet_generate"), args.repeats)
        print(row("API: /controlnet_generate via gradio_client", api))
    finally:
        demo.close()
    verdict = "within" if statistics.median(api) <= BUDGET_S else "OVER"
    print(f"\nend to end (API median) {statistics.median(api):.2f} s: {verdict} the {BUDGET_S:.0f} s budget\n")

    x = torch.randn(2 * n, 1, 8, 8)
    t = torch.full((2 * n,), 500)
    y = torch.full((2 * n,), 7)
    c2 = torch.cat([cond, cond])
    states = placeholder_states(unet, 2 * n)
    with torch.no_grad():
        u = timed(lambda: unet(x, t, states, class_labels=y), 20)
        cn = timed(lambda: controlnet(x, t, states, c2, class_labels=y), 20)
    print(f"per step at batch {2 * n} (CFG doubles the batch): UNet {statistics.median(u) * 1000:.1f} ms, "
          f"ControlNet {statistics.median(cn) * 1000:.1f} ms\n")
    print("| steps | core median ms |\n|------:|---------------:|")
    for s in (10, 20, 30, 50):
        secs = timed(lambda: generate_controlled(unet, controlnet, sched_cfg, cond=cond, labels=labels, steps=s,
                                                     guidance_scale=w), 3)
        print(f"| {s:5d} | {statistics.median(secs) * 1000:14.0f} |")


if __name__ == "__main__":
    main()
