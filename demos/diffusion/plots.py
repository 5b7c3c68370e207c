"""Plotly figures and images for the DDPM vs DDIM tab, built from ``demos.common.figures``; every
title, legend and axis through ``tr`` (the request's language)."""
from __future__ import annotations

import numpy as np
import torch
from gradio.components.plot import PlotData

from core.data.digits import to_pixels
from core.diffusion.compare import Comparison
from core.diffusion.nfe import floor_band
from demos.common import figures as F
from demos.common.figures import COLORS as COLORS_CYCLE
from demos.common.figures import band, figure, finite_list, layout, lines
from demos.common.i18n import tr
from demos.common.images import digit_grid, label_grid

COLORS = {"ddpm": "rgba(214,39,40,0.7)", "ddim": "rgba(31,119,180,0.7)", "real": F.DATA_COLOR}
SOLID = {"ddpm": "#d62728", "ddim": "#1f77b4"}
LIMIT = 4.5  # half-width of the plotted square
TRAJECTORIES = 8  # paths drawn of the recorded ones: a stochastic sampler's jittery paths tangle beyond that
PATH_WIDTH, PATH_OPACITY = 0.9, 0.5  # thin, see-through paths: the data and the other paths show through them
BACKGROUND = "rgba(90,90,90,0.2)"  # the data under trajectories: a light background, not a second tangle
LEGEND_BELOW = {**F.BASE["legend"], "y": -0.2}  # under the x-axis titles


def _title(run) -> str:
    return f"{run.method.upper()}<br><span style='font-size:12px'>{run.generated.nfe} NFE · " \
           f"{run.generated.seconds * 1000:.0f} ms</span>"


def samples_figure(cmp: Comparison) -> PlotData:
    """DDPM and DDIM samples side by side, each over the real data."""
    runs = (cmp.ddpm, cmp.ddim)
    data = []
    for panel, run in enumerate(runs):
        data += [F.scatter(cmp.real, tr("diffusion.fig_data"), COLORS["real"], panel, legend=panel == 0),
                 F.scatter(run.generated.x.numpy(), run.method.upper(), COLORS[run.method], panel)]
    return F.figure(data, {**F.panels([_title(r) for r in runs], LIMIT, top=70), "legend": LEGEND_BELOW})


def background(real: np.ndarray, name: str, panel: int, legend: bool) -> dict:
    """The real data as a light background, drawn first (under everything else) in its panel."""
    return F.scatter(real, name, BACKGROUND, panel, size=2.5, legend=legend)


def path_traces(paths: np.ndarray, name: str, color: str, panel: int) -> list[dict]:
    """The first ``TRAJECTORIES`` of ``paths`` ``(k, steps, 2)``: thin translucent lines (one trace, in the
    legend as ``name``), hollow starts x_T and filled ends x_0 with a white rim (markers above every line)."""
    line, start, end = F.paths(paths[:TRAJECTORIES], name, color, panel, width=PATH_WIDTH, opacity=PATH_OPACITY)
    start["marker"].update(size=7)
    end["marker"].update(size=8, line={"color": "white", "width": 1})
    return [line, start, end]


def path_legend() -> list[dict]:
    """Legend entries for the start and end markers (grey: they stand for both samplers' markers)."""
    return [F.scatter(np.full((1, 2), np.nan), tr("diffusion.fig_start"), "#555555", 0, size=8, symbol="circle-open"),
            F.scatter(np.full((1, 2), np.nan), tr("diffusion.fig_end"), "#555555", 0, size=8)]


def trajectory_figure(cmp: Comparison) -> PlotData:
    """Paths of ``TRAJECTORIES`` points from x_T (hollow circle) to x_0 (dot), for both samplers from the same
    starts, each panel over the data drawn as a light background."""
    data, titles = [], []
    for panel, run in enumerate((cmp.ddpm, cmp.ddim)):
        path = np.stack([f[1].numpy() for f in run.frames], axis=1)  # (k, steps, 2)
        data.append(background(cmp.real, tr("diffusion.fig_data"), panel, legend=panel == 0))
        data += path_traces(path, run.method.upper(), SOLID[run.method], panel)
        titles.append(tr("diffusion.fig_paths", method=run.method.upper(), k=min(TRAJECTORIES, len(path))))
    return F.figure(data + path_legend(), {**F.panels(titles, LIMIT), "legend": LEGEND_BELOW})


def loss_figure(steps: list[int], losses: list[float]) -> PlotData:
    """The live run's training loss against updates (log scale)."""
    if not steps:  # before training: labelled axes and a note, not an empty log scale
        note = {"text": tr("diffusion.no_loss"), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                "showarrow": False, "font": {"size": 13, "color": "#777777"}}
        lay = F.layout(x_title=tr("diffusion.fig_update"), y_title=LOSS_TITLE, height=340, annotations=[note],
                       showlegend=False)
        for axis in ("xaxis", "yaxis"):  # no made-up numbers on an empty chart
            lay[axis].update(showticklabels=False, range=[0, 1])
        return F.figure([], lay)
    data = [F.lines(steps, losses, tr("diffusion.fig_loss"), F.COLORS[0], log_floor=1e-6)]
    return F.figure(data, F.layout(x_title=tr("diffusion.fig_update"), y_title=LOSS_TITLE, height=340,
                                   y_log=True, showlegend=False))


LOSS_TITLE = "‖ε − ε<sub>θ</sub>(x<sub>t</sub>, t)‖²"  # the loss axis, with real subscripts


def live_samples_figure(samples: np.ndarray, real: np.ndarray, step: int) -> PlotData:
    """DDIM samples of the live model at update ``step`` over the real data."""
    data = [F.scatter(real, tr("diffusion.fig_data"), COLORS["real"]),
            F.scatter(samples, tr("diffusion.fig_samples_at", step=step), COLORS["ddim"])]
    return F.figure(data, {**F.panels([""], LIMIT, height=340, top=20), "legend": LEGEND_BELOW})


def filmstrip(cmp: Comparison, columns: int = 8) -> np.ndarray:
    """Rows: DDPM x_t, DDPM predicted x_0, DDIM x_t, DDIM predicted x_0 of the first sample, at
    ``columns`` evenly spaced steps (left: first step, right: last), with row and step labels."""
    rows, steps = [], []
    for run in (cmp.ddpm, cmp.ddim):
        idx = np.unique(np.linspace(0, len(run.frames) - 1, columns).round().astype(int))
        steps, total = [str(i + 1) for i in idx], len(run.frames)
        for k in (1, 2):
            rows.append(to_pixels(torch.stack([run.frames[i][k][0] for i in idx])))
    cols = len(rows[0])
    names = [f"{m} {tr(key)}" for m in ("DDPM", "DDIM") for key in ("diffusion.fig_xt", "diffusion.fig_x0")]
    # labels large enough to read once the strip is shrunk to a phone's width (about half size there)
    return label_grid(digit_grid(np.concatenate(rows), cols=cols, px=64), names, steps, tile=64, size=22,
                      corner=tr("diffusion.fig_step", n=total))


TABLE1_FLOORS = {"floor": "diffusion.t1_floor_w2", "frechet_floor": "diffusion.t1_floor_frechet"}  # what each floor is
TABLE1_METRICS = {"w2": "diffusion.t1_w2", "frechet": "diffusion.t1_frechet"}  # the y-axis title of each metric


def reaches_floor(rows: list[dict], metric: str, floor_key: str) -> bool:
    """Whether a curve of the Table 1 chart reaches the floor's 95% band (a point in it or under it): the
    chart then needs its note (``diffusion.t1_floor_note``)."""
    _, _, hi = floor_band(rows, floor_key)
    return any(r[metric] <= hi for r in rows)


def table1_figure(rows: list[dict], metric: str, floor_key: str, title: str) -> PlotData:
    """Metric against steps (log x, linear y), one line per eta and one for DDPM, each point with its 95%
    interval as error bars, and the floor (mean over rows) with its 95% band. DDIM with eta = 1 and DDPM
    take the same steps from the same noise, so their curves coincide: DDPM is drawn dashed and slightly
    right of the DDIM eta = 1 curve, and its legend entry says so."""
    data, palette = [], iter(COLORS_CYCLE)
    combos = list(dict.fromkeys((r["method"], r["eta"]) for r in rows))
    for method, eta in combos:
        sel = sorted((r for r in rows if r["method"] == method and r["eta"] == eta), key=lambda r: r["steps"])
        ddpm = method == "ddpm"
        x = np.array([r["steps"] for r in sel], dtype=float) * (1.07 if ddpm else 1.0)
        y = np.array([r[metric] for r in sel])
        name = tr("diffusion.t1_ddpm") if ddpm else f"DDIM η={eta:g}"
        trace = lines(x, y, name, next(palette), dash="dash" if ddpm else "solid", markers=True)
        if f"{metric}_lo" in sel[0]:
            trace["error_y"] = {"type": "data", "symmetric": False, "visible": True, "thickness": 1.2, "width": 4,
                                "array": finite_list([r[f"{metric}_hi"] - r[metric] for r in sel]),
                                "arrayminus": finite_list([r[metric] - r[f"{metric}_lo"] for r in sel]),
                                "color": trace["line"]["color"]}
        data.append(trace)
    steps = sorted({r["steps"] for r in rows})
    floor, lo, hi = floor_band(rows, floor_key)
    xs = [steps[0] * 0.9, steps[-1] * 1.15]
    if f"{floor_key}_lo" in rows[0]:
        data = band(xs, [lo, lo], [hi, hi], tr("diffusion.t1_band"), "rgba(120,120,120,0.18)", legend=False) + data
    # the floor is a legend entry (dashed grey line, grey band its 95% range): no label floating over the curves
    floor_name = tr(TABLE1_FLOORS[floor_key]) if floor_key in TABLE1_FLOORS else floor_key
    data.append(lines(xs, [floor, floor], floor_name, "#555555", dash="dash", width=1.5))
    y_title = tr(TABLE1_METRICS[metric]) if metric in TABLE1_METRICS else metric
    out = layout(tr("diffusion.t1_title", title=title), tr("diffusion.t1_steps"), y_title, height=520, x_log=True,
                 legend=F.LEGEND_FOOT)
    out["xaxis"]["tickvals"] = steps  # the steps measured, not the log axis's minor "2" and "5" (read as 2, 5 steps)
    out["margin"]["t"] = 60  # the two title lines sit just above the plot, clear of the component's label
    return figure(data, out)
