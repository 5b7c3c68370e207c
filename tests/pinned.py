"""Pinned outputs: a few seeded results per tab, summarised, so a refactor can show it changed no picture.

``python -m tests.pinned --write`` records ``tests/data/pinned.json``; ``tests/test_pinned.py`` recomputes
every entry and compares (relative tolerance ``RTOL``: the same machine gives the same bits; another CPU
may round a long sampling chain differently in the last digits).

Each entry runs a request function (or a few live-training updates) at fixed settings and seed and keeps,
for every array in the result (searched through dataclasses, tuples, lists and dicts), its shape, sum and
sum of absolute values.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import math
import re
from pathlib import Path

import numpy as np

VOLATILE = re.compile(r"second|^\.rows\[\d+\]\[3\]$")  # wall times (rf_digits' rows: column 3 is ms), not results

PATH = Path(__file__).resolve().parent / "data" / "pinned.json"
RTOL = 1e-4


def summarise(value, prefix: str = "") -> dict:
    """``{path: [shape, sum, abs sum]}`` of every array (tensor or ndarray) inside ``value``."""
    import torch

    out: dict = {}
    if isinstance(value, torch.Tensor):
        value = value.detach().cpu().double().numpy()
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiub":
        a = value.astype(np.float64)
        out[prefix or "."] = [list(a.shape), float(np.nansum(a)), float(np.nansum(np.abs(a)))]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            out.update(summarise(getattr(value, f.name), f"{prefix}.{f.name}"))
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            out.update(summarise(v, f"{prefix}[{i}]"))
    elif isinstance(value, dict):
        for k, v in value.items():
            out.update(summarise(v, f"{prefix}[{k!r}]"))
    elif isinstance(value, float) and not isinstance(value, bool) and math.isfinite(value):
        out[prefix or "."] = [[], value, abs(value)]
    return out


def cases() -> dict:
    """name -> a function of no arguments returning the result to summarise."""
    from core.autoregressive.request import completion_request
    from core.autoregressive.request import samples_request as ar_digits
    from core.autoregressive.request2d import chain_rule_request
    from core.autoregressive.request2d import samples_request as ar_points
    from core.controlnet.drawing import render_example
    from core.controlnet.request import run_request
    from core.diffusion.compare import PointsSettings, compare_digits, compare_points_request
    from core.diffusion.framework import langevin_request, sde_ode_request
    from core.diffusion.nfe import sampler_points_request
    from core.flows.request import digits_request as flows_digits
    from core.gan.digits import request_digits as gan_digits
    from core.guidance.request import digits_request as guidance_digits
    from core.guidance.request import points_request as guidance_points
    from core.latent_diffusion.request import img2img_request as ld_img2img
    from core.latent_diffusion.request import interpolate_request as ld_interpolate
    from core.rectified_flow.request import digits_request as rf_digits
    from core.rectified_flow.request import points_request as rf_points
    from core.vae.request import two_stage_request, vae_samples


    return {
        "diffusion_points": lambda: compare_points_request(
            PointsSettings("moons", "shipped", steps=20, eta=0.5, n=200, seed=3)),
        "diffusion_digits": lambda: compare_digits("7", 4, 10, 0.0, 3),
        "samplers_dpmpp": lambda: sampler_points_request("moons", "dpmpp_2m", 10, 200, 3),
        "samplers_heun": lambda: sampler_points_request("moons", "heun", 10, 200, 3),
        "samplers_euler_maruyama": lambda: sampler_points_request("moons", "euler_maruyama", 10, 200, 3),
        "langevin": lambda: langevin_request("moons", "langevin", levels=5, steps_per_level=5, log10_step_size=-2,
                                             n=200, seed=3),
        "pc": lambda: langevin_request("moons", "pc", steps=10, snr=0.16, corrector_steps=1, predictor="sde", n=200,
                                       seed=3),
        "sde_ode": lambda: sde_ode_request("moons", 10, 100, 4, 3),
        "gan_digits": lambda: gan_digits(8, 3),
        "vae_samples": lambda: vae_samples(8, 3, 1.0),
        "vae_two_stage": lambda: two_stage_request(4, 1.0, 3),
        "flows_digits": lambda: flows_digits(0.8, 8, 3),
        "rf_points": lambda: rf_points("gaussian", "moons", None, None, "shipped", None, 3, 200, 3),
        "rf_digits": lambda: rf_digits("4", 4, 5, 3),
        "guidance_points": lambda: guidance_points("cfg", 2, 2.0, "toward", 200, 20, 3),
        "guidance_digits": lambda: guidance_digits(3, "cfg", 2.0, "toward", 10, 3, 4),
        "ld_interpolate": lambda: ld_interpolate("3", 3, 4, 3, 3.0, 10, "2"),
        "ld_img2img": lambda: ld_img2img(render_example("5"), "5", 0.5, 3.0, 10, 3, 2, "2"),
        "controlnet": lambda: run_request(render_example("7"), "stroke", "7", 1.0, False, 2.0, 10, 2, 3),
        "ar_digits": lambda: ar_digits("ar-pixelcnn", 1.0, 3),
        "ar_made_digits": lambda: ar_digits("ar-made", 0.8, 3),
        "ar_complete": lambda: completion_request("test digit", 5, None, "ar-made", 2, 32, 4, 1.0, 3),
        "ar_chain_rule": lambda: chain_rule_request("8gaussians", None, "shipped", "x2,x1", 1.0),
        "ar_points": lambda: ar_points("8gaussians", None, "shipped", "x1,x2", 300, 1.0, 3),
        **live_cases(),
    }


def live_cases() -> dict:
    """A few updates of every live view's trainer, then its preview: the live runs are pinned too."""
    from core.data.targets import make_target

    def diffusion():
        from core.diffusion.live import LiveDiffusionPoints

        live = LiveDiffusionPoints(make_target("moons"), 300, 3)
        ev = live.session.step(20)
        live.record(ev.iteration, ev.loss)
        return [ev.loss, live.preview()]

    def flows():
        from core.flows.live import LiveDensityFlow

        live = LiveDensityFlow(make_target("moons"), "realnvp", 4, 300, 3)
        ev = live.session.step(20)
        live.record(ev.iteration, ev.loss)
        return [ev.loss, {k: v for k, v in live.model.state_dict().items()}]

    def rectified_flow():
        from core.rectified_flow.live import LiveRectifiedFlow
        from core.rectified_flow.points import make_source

        live = LiveRectifiedFlow(make_source("gaussian", None), make_target("moons"), "independent", 300, 3)
        ev = live.session.step(20)
        live.record(ev.iteration, ev.loss)
        return [ev.loss, live.preview()]

    def vae():
        from core.vae.live import LiveVAE

        live = LiveVAE(make_target("moons"), 300, 3, 1.0)
        ev = live.session.step(20)
        live.record(ev.iteration, ev.loss)
        return [ev.loss, live.preview()]

    def gan():
        from core.gan.sandbox import Sandbox, Settings

        s = Settings("nonsaturating", "adam", 1e-3, 1e-3, 1, 10.0, 0.01, 128, 2, 64, 2, 3)
        box = Sandbox.continue_or_create(None, "moons", None, s)
        box.session.step(20)
        return {k: v for k, v in box.model.state_dict().items()}

    return {"live_diffusion": diffusion, "live_flows": flows, "live_rectified_flow": rectified_flow,
            "live_vae": vae, "live_gan": gan}


def compute(names=None) -> dict:
    from core.runtime.device import configure_threads

    configure_threads()
    table = cases()
    out = {}
    for name, fn in table.items():
        if names is None or name in names:
            out[name] = {k: v for k, v in summarise(fn()).items() if not VOLATILE.search(k)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record tests/data/pinned.json")
    args = parser.parse_args()
    result = compute()
    if args.write:
        PATH.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n")
        print(f"wrote {PATH} ({len(result)} entries)")
    else:
        print(json.dumps(result, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
