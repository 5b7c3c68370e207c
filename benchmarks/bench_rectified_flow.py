"""Quality and speed of the rectified-flow tab, written to benchmarks/results/rectified_flow.json (the tab shows it).

    python benchmarks/bench_rectified_flow.py [--runs 5] [--n 500]

- 2D: for each shipped dataset pair, every flow's straightness, transport cost and sliced W2 at
  1, 2, 4 and 100 Euler steps beside the floor (``core.rectified_flow.points.flow_stats``), and the
  done-when ratios (2-rectified / 1-rectified straightness and 1-step W2).
- Digits: Fréchet distance (classifier features, test split) and class accuracy of ``n`` class-balanced
  samples against network evaluations: the 1- and 2-rectified flows (``FlowMatchEulerDiscreteScheduler``,
  1 NFE a step) beside DDIM on the diffusion tab's ``digits-unet`` (1 NFE a step), same labels and seed.
- Speed: median seconds of the tab's requests at default settings, in process and through gradio_client
  beside the round trip of a queued endpoint that does no work (``/gan_defaults``: what the queue and the
  client's polling cost on this machine now), and live training's updates per second.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("GENLAB_MEMO", "0")  # time the computation, not core.runtime.memo's kept results

from benchmarks.bench_diffusion import free_port, median_time  # noqa: E402
from core.metrics.intervals import format_interval  # noqa: E402

NFE_STEPS = (1, 2, 4, 8, 16)  # steps of every digits sampler in the chart (1 NFE a step for each)


def points_section() -> dict:
    from core.rectified_flow import points
    from core.rectified_flow.request import SHIPPED_PAIRS, SHIPPED_STAGES
    from core.runtime import checkpoints

    out = {}
    for source_name, target_name in SHIPPED_PAIRS:
        source, target = points.make_source(source_name), points.make_target(target_name)
        flows = {label: points.flow_stats(checkpoints.load_model(f"rf-2d-{source_name}-{target_name}-{stage}"),
                                          source, target) for stage, label in SHIPPED_STAGES}
        one, two = flows["1-rectified"], flows["2-rectified"]
        out[f"{source_name}->{target_name}"] = {
            "flows": flows,
            "straightness_ratio_2_over_1": two["straightness"] / one["straightness"],
            "one_step_w2_ratio_2_over_1": two["euler1"]["w2"] / one["euler1"]["w2"],
        }
    return out


def digits_section(n: int) -> dict:
    import torch

    from core.data.digits import load_split
    from core.metrics.classify import digits_quality
    from core.rectified_flow.digits import digits_flow_quality
    from core.runtime import checkpoints
    from core.sampling.generate import generate_digits

    split, clf = load_split(), checkpoints.load_model("digits-classifier")
    labels = torch.arange(n) % 10
    out: dict = {}
    for name in ("rf-digits-1", "rf-digits-2"):
        unet = checkpoints.load_model(name)
        out[name] = [{"steps": s, **digits_flow_quality(unet, s, n)} for s in NFE_STEPS]
    unet, cfg = checkpoints.load_model("digits-unet"), checkpoints.scheduler_config("digits-unet")
    rows = []
    for s in NFE_STEPS:
        gen = generate_digits(unet, cfg, labels, s, "ddim", seed=0)
        rows.append({"steps": s, "nfe": gen.nfe, **digits_quality(clf, gen.x, labels, split.x_test)})
    out["ddim"] = rows
    out["frechet_floor"] = rows[0]["frechet_floor"]
    out["samples"] = n
    return out


def speed_section(runs: int) -> dict:
    from core.rectified_flow.live import LiveRectifiedFlow
    from core.rectified_flow.request import digits_request, points_request

    live = LiveRectifiedFlow.continue_or_create(None, "gaussian", "moons", None, None, "independent", 1500, 0)
    live.session.step(20)
    out = {
        "rf_points_default_s": median_time(
            lambda: points_request("gaussian", "moons", None, None, "shipped", None, 8, 1000, 0), runs),
        "rf_digits_default_s": median_time(lambda: digits_request("any", 16, 1, 0), runs),
        "live_updates_per_s": live.session.step(200).updates_per_second,
    }
    return {**out, **endpoint_section(runs)}


def endpoint_section(runs: int) -> dict:
    from gradio_client import Client

    import app

    tabs = ("demos.gan", "demos.rectified_flow")
    demo = app.build_app(tabs)
    demo.launch(prevent_thread_lock=True, server_port=free_port(), quiet=True, **app.launch_options(tabs))
    client = Client(demo.local_url, verbose=False)
    out = {
        "endpoint_baseline_no_work_s": median_time(lambda: client.predict("wgan-gp", api_name="/gan_defaults"), runs),
        "endpoint_rf_points_s": median_time(lambda: client.predict(
            "gaussian", "moons", None, None, "shipped", 8, 1000, 0, api_name="/rf_points"), runs),
        "endpoint_rf_digits_s": median_time(lambda: client.predict("any", 16, 1, 0, api_name="/rf_digits"), runs),
    }
    demo.close()
    return out


def headline(res: dict) -> dict:
    h = {}
    for pair, p in res["points"].items():
        h[f"2D {pair}: S(2-rect) / S(1-rect)"] = round(p["straightness_ratio_2_over_1"], 5)
        h[f"2D {pair}: 1-step W2(2-rect) / W2(1-rect)"] = round(p["one_step_w2_ratio_2_over_1"], 4)
        for label, f in p["flows"].items():  # each with its 95% range and the floor's
            h[f"2D {pair}: {label} W2 at 1 / 100 Euler steps [95%]"] = (
                f"{format_interval(f['euler1'], 'w2', 4)} / {format_interval(f['euler100'], 'w2', 4)}")
        h[f"2D {pair}: W2 floor [95%]"] = format_interval(next(iter(p["flows"].values()))["euler1"], "floor", 4)
    d = {k: {r["steps"]: r for r in v} for k, v in res["digits"].items() if isinstance(v, list)}
    for s in (1, 2, 4):
        for k in ("rf-digits-1", "rf-digits-2", "ddim"):
            h[f"digits {k} {s} step(s): Fréchet / accuracy"] = (
                f"{d[k][s]['frechet']:.2f} / {d[k][s]['class_accuracy']:.3f}")
    h["digits Fréchet floor"] = round(res["digits"]["frechet_floor"], 2)
    for k, v in res["speed"].items():
        h[f"speed {k}"] = round(v, 3)
    return h


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--n", type=int, default=500, help="digits samples per measurement")
    args = parser.parse_args()
    from core.runtime.device import configure_threads

    configure_threads()
    res = {"points": points_section(), "digits": digits_section(args.n), "speed": speed_section(args.runs)}
    res["headline"] = headline(res)
    path = ROOT / "benchmarks" / "results" / "rectified_flow.json"
    path.write_text(json.dumps(res, indent=1) + "\n")
    for k, v in res["headline"].items():
        print(f"{k:60s} {v}")


if __name__ == "__main__":
    main()
