"""Figures of the rectified-flow tab, from ``demos.common.figures``; every title, legend and axis through
``tr`` (the request's language)."""
from __future__ import annotations

import re

import numpy as np
from gradio.components.plot import PlotData

from core.rectified_flow.request import PointsResult
from demos.common.figures import (
    BASE,
    COLORS,
    DATA_COLOR,
    figure,
    grid,
    interval_bars,
    layout,
    lines,
    panels,
    paths,
    scatter,
    stacked,
    two_per_row,
)
from demos.common.i18n import tr

SOURCE_COLOR = "rgba(255,127,14,0.35)"  # source points x_1 (t = 1)
PATH_COLOR = "#3b0f70"  # trajectories, dark so that straight and curved paths stand out
PATH_WIDTH, PATH_OPACITY = 1.0, 0.55  # thin and translucent: the target points drawn over them stay in sight
TARGET_COLOR = "rgba(70,70,70,0.6)"  # the target data over the paths and samples: grey, darker than DATA_COLOR
LIVE_HEIGHT = 340  # pixels of each live-view figure (loss, samples)


def flow_name(label: str) -> str:
    """A flow's name ("2-rectified", "OT-CFM") in the request's language."""
    k = re.fullmatch(r"(\d+)-rectified", label)
    return tr("rectified_flow.fig_k_rectified", k=int(k.group(1))) if k else label


def transport_figure(res: PointsResult) -> PlotData:
    """One panel per flow: 64 paths (thin, translucent, drawn first), source (orange), samples after ``steps``
    Euler steps, and the target data (grey) drawn last, above the paths and samples, so it stays in sight.
    The legend keeps the reading order source, target, samples, paths."""
    titles = [f"{flow_name(r.label)} · {r.nfe} NFE<br>S = {r.straightness:.3g}" for r in res.rows]
    data = []
    for i, r in enumerate(res.rows):
        first = i == 0
        data += [{**trace, "showlegend": first and trace["mode"] == "lines", "legendrank": 4} for trace in
                 paths(r.paths, tr("rectified_flow.fig_paths"), PATH_COLOR, i, width=PATH_WIDTH, opacity=PATH_OPACITY)]
        data += [{**scatter(res.x1, tr("rectified_flow.fig_source"), SOURCE_COLOR, i, legend=first, size=2),
                  "legendrank": 1},
                 {**scatter(r.samples, tr("rectified_flow.fig_samples", steps=res.steps), COLORS[0], i, legend=first,
                            size=2.5, opacity=0.5), "legendrank": 3},
                 {**scatter(res.real, tr("rectified_flow.fig_target_t0"), TARGET_COLOR, i, legend=first, size=2.5),
                  "legendrank": 2}]
    return figure(data, _below_legend(panels(titles, res.extent, height=400)))


def _below_legend(lay: dict) -> dict:
    """Two panels a row (readable on a phone too), the legend under them clear of the x-axis titles."""
    n = sum(1 for k in lay if k.startswith("xaxis"))
    two_per_row(lay)
    for i in range(n):
        lay["yaxis" + ("" if i == 0 else str(i + 1))]["title"] = {"text": "x₂"}
    lay["margin"] = {**lay["margin"], "b": 120, "t": 80}
    lay["height"] += 40  # room between a row's x-axis titles and the next row's two-line panel titles
    area = lay["height"] - 200  # the plot area between the margins, in pixels
    lay["legend"] = {**BASE["legend"], "y": -65 / area}
    return lay


def one_step_figure(res: PointsResult) -> PlotData:
    """One panel per flow: its samples after a single Euler step, over the target data."""
    titles = [tr("rectified_flow.fig_one_step_title", label=flow_name(r.label), w2=r.w2_one_step["w2"])
              for r in res.rows]
    data = []
    for i, r in enumerate(res.rows):
        data += [scatter(res.real, tr("rectified_flow.fig_target"), DATA_COLOR, i, legend=i == 0),
                 scatter(r.one_step, tr("rectified_flow.fig_one_step"), COLORS[2], i, legend=i == 0, opacity=0.6)]
    return figure(data, _below_legend(panels(titles, res.extent, height=400)))


def _waiting(text: str) -> PlotData:
    """An empty figure (no axes) with ``text`` in the middle: nothing trained live yet."""
    note = {"text": text, "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5, "showarrow": False,
            "font": {"size": 13, "color": "#555555"}}
    hidden = {"visible": False, "showgrid": False, "showline": False}
    return figure([], layout(height=LIVE_HEIGHT, xaxis=hidden, yaxis=hidden, annotations=[note]))


def loss_figure(curve: list[tuple[int, float]], stage: int) -> PlotData:
    """The current stage's training loss, from ``(update, loss)`` points."""
    data = [lines(*zip(*curve), tr("rectified_flow.fig_stage", stage=stage), COLORS[0])] if curve else []
    return figure(data, layout("", tr("rectified_flow.fig_update"), tr("rectified_flow.fig_loss"), height=LIVE_HEIGHT,
                               y_log=True))


def live_figure(samples: np.ndarray, real: np.ndarray, label: str, iteration: int, extent: float) -> PlotData:
    """The live flow's one-step samples over the target data."""
    data = [scatter(real, tr("rectified_flow.fig_target"), DATA_COLOR),
            scatter(samples, tr("rectified_flow.fig_one_step"), COLORS[2], opacity=0.6)]
    return figure(data, panels([tr("rectified_flow.fig_live_title", label=flow_name(label), it=iteration)], extent,
                               height=LIVE_HEIGHT))


def waiting_figures() -> tuple[PlotData, PlotData]:
    """The live view's (loss, samples) figures before anything is trained: a note where each will be."""
    return _waiting(tr("rectified_flow.fig_waiting_loss")), _waiting(tr("rectified_flow.fig_waiting_samples"))


def nfe_figure(result: dict | None) -> PlotData | None:
    """Digits quality against network evaluations: Fréchet distance and class accuracy of the 1- and
    2-rectified flows beside DDIM (the diffusion tab's digits UNet), from the benchmark JSON, each point with
    its 95% interval; one chart above the other (side by side they are too narrow on a phone)."""
    if not result or "digits" not in result:
        return None
    digits = result["digits"]
    data = []
    flows = [("rf-digits-1", tr("rectified_flow.fig_rf1")), ("rf-digits-2", tr("rectified_flow.fig_rf2")),
             ("ddim", "DDIM (digits-unet)")]
    for j, (key, name) in enumerate(flows):
        rows = digits.get(key, [])
        nfe = [r["nfe"] for r in rows]
        for panel, metric in enumerate(("frechet", "class_accuracy")):
            data.append(interval_bars(lines(nfe, [r[metric] for r in rows], name, COLORS[j], panel, markers=True,
                                          legend=panel == 0, dash="dash" if key == "ddim" else "solid"), rows, metric))
    floor = digits.get("frechet_floor")
    if floor is not None:
        data.append(lines([1, max(r["nfe"] for r in digits["ddim"])], [floor, floor],
                          tr("rectified_flow.fig_floor"), "#555555", 0, dash="dot"))
    lay = grid([tr("rectified_flow.fig_frechet_title"), tr("rectified_flow.fig_accuracy_title")],
               tr("rectified_flow.fig_nfe"), [tr("rectified_flow.fig_frechet"), tr("rectified_flow.fig_accuracy")])
    nfes = sorted({r["nfe"] for rows in digits.values() if isinstance(rows, list) for r in rows})
    for axis in ("xaxis", "xaxis2"):
        lay[axis].update(type="log", tickvals=nfes, range=[np.log10(0.8), np.log10(max(nfes) * 1.25)])
    lay["margin"] = {"l": 60, "r": 20, "t": 40, "b": 130}
    stacked(lay, row_height=260)
    lay["legend"] = {**BASE["legend"], "y": -70 / (lay["height"] - 170)}
    return figure(data, lay)
