"""Plotly figures and images for the DDPM vs DDIM tab."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import torch
from plotly.subplots import make_subplots

from core.compare import Comparison
from core.digits import to_pixels
from demos.common import PLOT_HEIGHT, digit_grid

COLORS = {"ddpm": "rgba(214,39,40,0.7)", "ddim": "rgba(31,119,180,0.7)", "real": "rgba(110,110,110,0.35)"}
LIMIT = 4.5  # half-width of the plotted square


def _square(fig: go.Figure, rows: int = 1, cols: int = 2) -> go.Figure:
    for i in range(1, rows * cols + 1):
        fig.update_xaxes(range=[-LIMIT, LIMIT], row=(i - 1) // cols + 1, col=(i - 1) % cols + 1)
        fig.update_yaxes(range=[-LIMIT, LIMIT], scaleanchor=f"x{i if i > 1 else ''}", scaleratio=1,
                         row=(i - 1) // cols + 1, col=(i - 1) % cols + 1)
    fig.update_layout(height=PLOT_HEIGHT, margin=dict(l=10, r=10, t=70, b=10), legend=dict(orientation="h"))
    return fig


def _coords(x) -> np.ndarray:
    """float32 coordinates: Plotly sends arrays as base64 typed arrays, half the size of float64."""
    return np.asarray(x, dtype=np.float32)


def _points(x: np.ndarray, name: str, color: str, size: float = 3) -> go.Scatter:
    x = _coords(x)
    return go.Scatter(x=x[:, 0], y=x[:, 1], mode="markers", name=name, marker=dict(size=size, color=color))


def samples_figure(cmp: Comparison) -> go.Figure:
    """DDPM and DDIM samples side by side, each over the real data."""
    titles = [f"{r.method.upper()} · {r.generated.nfe} NFE · {r.generated.seconds * 1000:.0f} ms"
              for r in (cmp.ddpm, cmp.ddim)]
    fig = make_subplots(rows=1, cols=2, subplot_titles=titles, horizontal_spacing=0.05)
    for col, run in enumerate((cmp.ddpm, cmp.ddim), start=1):
        fig.add_trace(_points(cmp.real, "data", COLORS["real"]), row=1, col=col)
        fig.add_trace(_points(run.generated.x.numpy(), run.method.upper(), COLORS[run.method]), row=1, col=col)
    fig.data[2].showlegend = False
    return _square(fig)


def trajectory_figure(cmp: Comparison) -> go.Figure:
    """Paths of a few points from x_T (hollow) to x_0 (filled), for both samplers."""
    fig = make_subplots(rows=1, cols=2, subplot_titles=["DDPM paths", "DDIM paths"], horizontal_spacing=0.05)
    for col, run in enumerate((cmp.ddpm, cmp.ddim), start=1):
        path = np.stack([f[1].numpy() for f in run.frames], axis=1)  # (k, steps, 2)
        xs = _coords(np.concatenate([np.append(p[:, 0], np.nan) for p in path]))
        ys = _coords(np.concatenate([np.append(p[:, 1], np.nan) for p in path]))
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", line=dict(width=1, color=COLORS[run.method]),
                                 opacity=0.6, name=f"{run.method.upper()} path", showlegend=False), row=1, col=col)
        fig.add_trace(go.Scatter(x=path[:, -1, 0], y=path[:, -1, 1], mode="markers", showlegend=False,
                                 marker=dict(size=5, color=COLORS[run.method])), row=1, col=col)
    return _square(fig)


def loss_figure(steps: list[int], losses: list[float]) -> go.Figure:
    fig = go.Figure(go.Scatter(x=steps, y=losses, mode="lines", name="loss"))
    fig.update_layout(height=300, margin=dict(l=10, r=10, t=30, b=10), xaxis_title="update",
                      yaxis_title="‖ε − ε_θ(x_t, t)‖²", yaxis_type="log")
    return fig


def live_samples_figure(samples: np.ndarray, real: np.ndarray, step: int) -> go.Figure:
    fig = go.Figure([_points(real, "data", COLORS["real"]), _points(samples, f"samples @ {step}", COLORS["ddim"])])
    fig.update_xaxes(range=[-LIMIT, LIMIT])
    fig.update_yaxes(range=[-LIMIT, LIMIT], scaleanchor="x", scaleratio=1)
    fig.update_layout(height=PLOT_HEIGHT, margin=dict(l=10, r=10, t=30, b=10), legend=dict(orientation="h"))
    return fig


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


def table1_figure(rows: list[dict], metric: str, floor_key: str, title: str) -> go.Figure:
    """Metric against steps (log axis), one line per eta and one for DDPM, with the noise floor."""
    fig = go.Figure()
    for (method, eta) in dict.fromkeys((r["method"], r["eta"]) for r in rows):
        sel = [r for r in rows if r["method"] == method and r["eta"] == eta]
        name = "DDPM" if method == "ddpm" else f"DDIM η={eta:g}"
        fig.add_trace(go.Scatter(x=[r["steps"] for r in sel], y=[r[metric] for r in sel], mode="lines+markers",
                                 name=name, line=dict(dash="dot" if method == "ddpm" else "solid")))
    floor = float(np.mean([r[floor_key] for r in rows]))
    fig.add_hline(y=floor, line=dict(color="gray", dash="dash"), annotation_text="noise floor")
    fig.update_layout(title=title, height=PLOT_HEIGHT, xaxis_type="log", xaxis_title="steps", yaxis_title=metric,
                      yaxis_type="log", margin=dict(l=10, r=10, t=50, b=10))
    return fig
