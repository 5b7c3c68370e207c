"""Figures of the rectified-flow tab, from ``demos.common.figures``."""
from __future__ import annotations

import numpy as np
from gradio.components.plot import PlotData

from core.rectified_flow.request import PointsResult
from demos.common.figures import COLORS, DATA_COLOR, figure, grid, layout, lines, panels, paths, scatter

SOURCE_COLOR = "rgba(255,127,14,0.35)"  # source points x_1 (t = 1)


def transport_figure(res: PointsResult) -> PlotData:
    """One panel per flow: source (orange), target data (grey), samples after ``steps`` Euler steps and 64 paths."""
    titles = [f"{r.label} · {r.nfe} NFE · S = {r.straightness:.3g}" for r in res.rows]
    data = []
    for i, r in enumerate(res.rows):
        first = i == 0
        data += [scatter(res.x1, "source x₁ (t = 1)", SOURCE_COLOR, i, legend=first),
                 scatter(res.real, "target data (t = 0)", DATA_COLOR, i, legend=first),
                 scatter(r.samples, f"samples x₀, {res.steps} step(s)", COLORS[0], i, legend=first, opacity=0.6)]
        data += [{**tr, "showlegend": first and tr["mode"] == "lines"} for tr in
                 paths(r.paths, "paths", COLORS[1], i, width=1)]
    return figure(data, panels(titles, res.extent, height=380))


def one_step_figure(res: PointsResult) -> PlotData:
    """One panel per flow: its samples after a single Euler step, over the target data."""
    titles = [f"{r.label} · 1 step · W2 {r.w2_one_step['w2']:.3f}" for r in res.rows]
    data = []
    for i, r in enumerate(res.rows):
        data += [scatter(res.real, "target data", DATA_COLOR, i, legend=i == 0),
                 scatter(r.one_step, "1-step samples", COLORS[2], i, legend=i == 0, opacity=0.6)]
    return figure(data, panels(titles, res.extent, height=380))


def loss_figure(curve: list[tuple[int, float]], stage: int) -> PlotData:
    """The current stage's training loss, from ``(update, loss)`` points."""
    data = [lines(*zip(*curve), f"stage {stage}", COLORS[0])] if curve else []
    return figure(data, layout("", "update", "flow-matching loss", height=300, y_log=True))


def live_figure(samples: np.ndarray, real: np.ndarray, label: str, iteration: int, extent: float) -> PlotData:
    """The live flow's one-step samples over the target data."""
    data = [scatter(real, "target data", DATA_COLOR), scatter(samples, "1-step samples", COLORS[2], opacity=0.6)]
    return figure(data, panels([f"{label} · {iteration:,} updates · 1 Euler step"], extent, height=340))


def nfe_figure(result: dict | None) -> PlotData | None:
    """Digits quality against network evaluations: Fréchet distance and class accuracy of the 1- and
    2-rectified flows beside DDIM (the diffusion tab's digits UNet), from the benchmark JSON."""
    if not result or "digits" not in result:
        return None
    digits = result["digits"]
    data = []
    for j, (key, name) in enumerate([("rf-digits-1", "1-rectified flow"), ("rf-digits-2", "2-rectified flow"),
                                     ("ddim", "DDIM (digits-unet)")]):
        rows = digits.get(key, [])
        nfe = [r["nfe"] for r in rows]
        for panel, metric in enumerate(("frechet", "class_accuracy")):
            data.append(lines(nfe, [r[metric] for r in rows], name, COLORS[j], panel, markers=True,
                              legend=panel == 0, dash="dash" if key == "ddim" else "solid"))
    floor = digits.get("frechet_floor")
    if floor is not None:
        data.append(lines([1, max(max(r["nfe"] for r in digits[k]) for k in ("ddim",))], [floor, floor],
                          "floor (train vs test)", "#555555", 0, dash="dot"))
    lay = grid(["Fréchet distance (lower is better)", "class accuracy"], "network evaluations (NFE)",
               ["Fréchet distance", "accuracy"], height=360)
    lay["xaxis"]["type"] = lay["xaxis2"]["type"] = "log"
    return figure(data, lay)
