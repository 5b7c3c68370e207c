"""Plotly figures and images for the DDPM vs DDIM tab."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import torch
from gradio.components.plot import PlotData

from core.data.digits import to_pixels
from core.diffusion.compare import Comparison
from demos.common.figures import COLORS as COLORS_CYCLE
from demos.common.figures import PLOT_HEIGHT, band, figure, finite_list, hline, layout, lines, plotly_json, typed_array
from demos.common.images import digit_grid

COLORS = {"ddpm": "rgba(214,39,40,0.7)", "ddim": "rgba(31,119,180,0.7)", "real": "rgba(110,110,110,0.35)"}
LIMIT = 4.5  # half-width of the plotted square


def _panels(titles: list[str], top: int = 70) -> dict:
    """Layout of ``len(titles)`` square panels side by side, each over [-LIMIT, LIMIT]^2, titled above."""
    n, gap = len(titles), 0.05
    width = (1 - gap * (n - 1)) / n
    layout = {"height": PLOT_HEIGHT, "margin": {"l": 10, "r": 10, "t": top, "b": 10}, "legend": {"orientation": "h"},
              "annotations": []}
    for i, title in enumerate(titles):
        x, y, start = _axis("x", i), _axis("y", i), i * (width + gap)
        layout["xaxis" + x[1:]] = {"domain": [start, start + width], "anchor": y, "range": [-LIMIT, LIMIT],
                                   "automargin": True}
        layout["yaxis" + y[1:]] = {"anchor": x, "range": [-LIMIT, LIMIT], "scaleanchor": x, "scaleratio": 1,
                                   "automargin": True}
        if title:
            layout["annotations"].append({"text": title, "x": start + width / 2, "y": 1.0, "xref": "paper",
                                          "yref": "paper", "xanchor": "center", "yanchor": "bottom",
                                          "showarrow": False, "font": {"size": 16}})
    return layout


def _axis(letter: str, panel: int) -> str:
    return letter if panel == 0 else f"{letter}{panel + 1}"


def _trace(x, y, panel: int, **style) -> dict:
    return {"type": "scatter", "x": typed_array(x), "y": typed_array(y), "xaxis": _axis("x", panel),
            "yaxis": _axis("y", panel), **style}


def _points(x, name: str, color: str, panel: int = 0, size: float = 3, legend: bool = True) -> dict:
    x = np.asarray(x)
    return _trace(x[:, 0], x[:, 1], panel, mode="markers", name=name, showlegend=legend,
                  marker={"size": size, "color": color})


def samples_figure(cmp: Comparison) -> PlotData:
    """DDPM and DDIM samples side by side, each over the real data."""
    runs = (cmp.ddpm, cmp.ddim)
    titles = [f"{r.method.upper()} · {r.generated.nfe} NFE · {r.generated.seconds * 1000:.0f} ms" for r in runs]
    data = []
    for panel, run in enumerate(runs):
        data += [_points(cmp.real, "data", COLORS["real"], panel, legend=panel == 0),
                 _points(run.generated.x.numpy(), run.method.upper(), COLORS[run.method], panel)]
    return plotly_json(data, _panels(titles))


def trajectory_figure(cmp: Comparison) -> PlotData:
    """Paths of a few points from x_T to x_0 (the dot), for both samplers."""
    data = []
    for panel, run in enumerate((cmp.ddpm, cmp.ddim)):
        path = np.stack([f[1].numpy() for f in run.frames], axis=1)  # (k, steps, 2)
        breaks = np.full((len(path), 1), np.nan)  # NaN between paths: one line trace, k pieces
        xs, ys = (np.concatenate([path[..., d], breaks], axis=1).ravel() for d in (0, 1))
        data += [_trace(xs, ys, panel, mode="lines", line={"width": 1, "color": COLORS[run.method]}, opacity=0.6,
                        name=f"{run.method.upper()} path", showlegend=False),
                 _points(path[:, -1], run.method.upper(), COLORS[run.method], panel, size=5, legend=False)]
    return plotly_json(data, _panels(["DDPM paths", "DDIM paths"]))


def loss_figure(steps: list[int], losses: list[float]) -> go.Figure:
    fig = go.Figure(go.Scatter(x=steps, y=losses, mode="lines", name="loss"))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="update",
                      yaxis_title="‖ε − ε_θ(x_t, t)‖²", yaxis_type="log")
    return fig


def live_samples_figure(samples: np.ndarray, real: np.ndarray, step: int) -> PlotData:
    data = [_points(real, "data", COLORS["real"]), _points(samples, f"samples @ {step}", COLORS["ddim"])]
    return plotly_json(data, _panels([""], top=30))


def filmstrip(cmp: Comparison, columns: int = 8) -> np.ndarray:
    """Rows: DDPM x_t, DDPM predicted x_0, DDIM x_t, DDIM predicted x_0 of the first sample, at
    ``columns`` evenly spaced steps (left: first step, right: last)."""
    rows = []
    for run in (cmp.ddpm, cmp.ddim):
        idx = np.unique(np.linspace(0, len(run.frames) - 1, columns).round().astype(int))
        for k in (1, 2):
            rows.append(to_pixels(torch.stack([run.frames[i][k][0] for i in idx])))
    cols = len(rows[0])
    return digit_grid(np.concatenate(rows), cols=cols, px=64)


TABLE1_FLOORS = {  # what each floor is, written on the chart
    "floor": "floor: real vs real, same size (95% band)",
    "frechet_floor": "floor: held-out vs held-out digits, 180 a side (95% band)",
}


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
        name = "DDPM (= DDIM η=1: same noise, same variance)" if ddpm else f"DDIM η={eta:g}"
        trace = lines(x, y, name, next(palette), dash="dash" if ddpm else "solid", markers=True)
        if f"{metric}_lo" in sel[0]:
            trace["error_y"] = {"type": "data", "symmetric": False, "visible": True, "thickness": 1.2, "width": 4,
                                "array": finite_list([r[f"{metric}_hi"] - r[metric] for r in sel]),
                                "arrayminus": finite_list([r[metric] - r[f"{metric}_lo"] for r in sel]),
                                "color": trace["line"]["color"]}
        data.append(trace)
    steps = sorted({r["steps"] for r in rows})
    floor = float(np.mean([r[floor_key] for r in rows]))
    shapes, notes = [], []
    if f"{floor_key}_lo" in rows[0]:
        lo, hi = (float(np.mean([r[f"{floor_key}_{k}"] for r in rows])) for k in ("lo", "hi"))
        xs = [steps[0] * 0.9, steps[-1] * 1.15]
        data = band(xs, [lo, lo], [hi, hi], "floor 95%", "rgba(120,120,120,0.18)", legend=False) + data
    shape, note = hline(floor, TABLE1_FLOORS.get(floor_key, "floor"))
    shapes.append(shape)
    notes.append(note)
    y_title = {"w2": "sliced W2 (lower is better)", "frechet": "Fréchet distance (lower is better)"}.get(metric, metric)
    out = layout(f"{title} · bars: 95% interval", "steps (log scale)", y_title, x_log=True,
                 shapes=shapes, annotations=notes, legend={"orientation": "h", "y": -0.3})
    return figure(data, out)
