"""Plotly figures and images for the GAN tab."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from gradio.components.plot import PlotData
from plotly.subplots import make_subplots

from core.gan.losses import is_wasserstein
from core.gan.probe import Snapshot
from core.gan.sandbox import Sandbox
from demos.common.figures import PLOT_HEIGHT, plotly_json

REAL, FAKE, ARROW = "#1b7837", "#762a83", "#e66101"  # real data, generated samples, gradient arrows
ARROW_LENGTH = 0.12  # longest arrow, as a fraction of the plotted width
PRGN = [[i / 10, c] for i, c in enumerate(["#40004b", "#762a83", "#9970ab", "#c2a5cf", "#e7d4e8", "#f7f7f7", "#d9f0d3",
                                           "#a6dba0", "#5aae61", "#1b7837", "#00441b"])]  # purple: fake, green: real


def _margin(fig: go.Figure, height: int = PLOT_HEIGHT) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), legend=dict(orientation="h", y=-0.12))
    return fig


def _list(a) -> list:
    """Floats rounded for the wire; NaN and inf become null (a break in a Plotly line)."""
    a = np.asarray(a, dtype=np.float64).round(5)
    if np.isfinite(a).all():
        return a.tolist()
    out = a.astype(object)
    out[~np.isfinite(a)] = None
    return out.tolist()


def plane_figure(snap: Snapshot, loss: str, extent: float, label: str = "") -> PlotData:
    """Samples over the real data, the critic as a heatmap, and arrows ``-grad_x L_G`` at some samples."""
    v = snap.values
    if is_wasserstein(loss):
        mid = float(np.median(v))
        half = float(np.abs(v - mid).max()) or 1.0
        zmin, zmax, title = mid - half, mid + half, "f(x)"
    else:
        zmin, zmax, title = 0.0, 1.0, "D(x)"
    norms = np.linalg.norm(snap.arrow_dir, axis=1)
    top = float(norms.max()) if len(norms) else 0.0
    scale = 2 * extent * ARROW_LENGTH / top if top > 0 else 0.0
    tips = snap.arrow_at + snap.arrow_dir * scale
    seg = np.full((len(tips) * 3, 2), np.nan)
    seg[0::3], seg[1::3] = snap.arrow_at, tips
    angles = np.degrees(np.arctan2(snap.arrow_dir[:, 0], snap.arrow_dir[:, 1]))
    axis = _list(snap.axis)
    data = [
        {"type": "heatmap", "x": axis, "y": axis, "z": _list(v), "zmin": zmin, "zmax": zmax, "colorscale": PRGN,
         "zsmooth": "fast", "opacity": 0.75, "name": title, "colorbar": {"title": {"text": title}, "thickness": 12},
         "hovertemplate": "x=%{x:.2f} y=%{y:.2f} value=%{z:.3f}<extra></extra>"},
        {"type": "scatter", "mode": "markers", "name": "real data", "x": _list(snap.real[:, 0]),
         "y": _list(snap.real[:, 1]), "marker": {"size": 4, "color": REAL, "opacity": 0.55}},
        {"type": "scatter", "mode": "markers", "name": "generated G(z)", "x": _list(snap.fake[:, 0]),
         "y": _list(snap.fake[:, 1]), "marker": {"size": 4, "color": FAKE}},
        {"type": "scatter", "mode": "lines", "name": f"−∇ₓ L_G (longest {top:.2g})", "hoverinfo": "skip",
         "x": _list(seg[:, 0]), "y": _list(seg[:, 1]), "line": {"color": ARROW, "width": 1.5}},
        {"type": "scatter", "mode": "markers", "showlegend": False, "hoverinfo": "skip", "x": _list(tips[:, 0]),
         "y": _list(tips[:, 1]), "marker": {"symbol": "arrow", "size": 7, "angle": _list(angles), "color": ARROW}},
    ]
    head = f"{label} · " if label else ""
    layout = {
        "height": PLOT_HEIGHT + 60, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "uirevision": "plane",
        "title": {"text": f"{head}{loss} · iteration {snap.iteration} · heatmap {title}", "x": 0.01,
                  "font": {"size": 14}},
        "legend": {"orientation": "h", "y": -0.08},
        "xaxis": {"range": [-extent, extent], "constrain": "domain"},
        "yaxis": {"range": [-extent, extent], "scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
    }
    return plotly_json(data, layout)


def _line(x, y, name: str, color: str, axis: int, dash: str = "solid", markers: bool = False) -> dict:
    suffix = "" if axis == 1 else str(axis)
    return {"type": "scatter", "mode": "lines+markers" if markers else "lines", "name": name, "x": list(x),
            "y": _list(y), "line": {"color": color, "dash": dash}, "xaxis": "x" + suffix,
            "yaxis": "y" + suffix, "marker": {"size": 4}}


def curves_figure(box: Sandbox) -> PlotData:
    """Loss curves; W1 estimate (WGANs) and sliced W2 with its floor; mode coverage on the mixtures."""
    h, m, loss = box.run.history, box.metrics, box.run.cfg.loss
    critic = "critic loss" if is_wasserstein(loss) else "D loss"
    data = [_line(h.iteration, h.d_loss, critic, REAL, 1), _line(h.iteration, h.g_loss, "G loss", FAKE, 1)]
    if is_wasserstein(loss) and h.w_estimate:
        data.append(_line(h.iteration, h.w_estimate, "W1 estimate E f(x) − E f(G(z))", ARROW, 2))
    data += [_line(m.w2_iteration, m.w2, "sliced W2", "#2166ac", 2, markers=True),
             _line(m.w2_iteration, m.floor, "W2 noise floor", "#2166ac", 2, dash="dot")]
    titles = ["losses", "distances", ""]
    if box.target.mixture is not None:
        k = box.target.mixture.centres.shape[0]
        data += [_line(m.iteration, [100 * v / k for v in m.modes], f"modes covered (% of {k})", "#b2182b", 3),
                 _line(m.iteration, [100 * v for v in m.hq], "high-quality samples (%)", "#4d4d4d", 3)]
        titles[2] = "mode coverage (%)"
    domains = ([0.0, 0.28], [0.36, 0.64], [0.72, 1.0])
    layout = {"height": 340, "margin": {"l": 10, "r": 10, "t": 40, "b": 10}, "uirevision": "curves",
              "legend": {"orientation": "h", "y": -0.25},
              "annotations": [{"text": t, "x": sum(d) / 2, "y": 1.0, "xref": "paper", "yref": "paper",
                               "xanchor": "center", "yanchor": "bottom", "showarrow": False} for t, d in
                              zip(titles, domains) if t]}
    for i, dom in enumerate(domains, start=1):
        suffix = "" if i == 1 else str(i)
        layout["xaxis" + suffix] = {"domain": dom, "anchor": "y" + suffix, "title": {"text": "iteration"}}
        layout["yaxis" + suffix] = {"anchor": "x" + suffix}
    if box.target.mixture is not None:
        layout["yaxis3"]["range"] = [0, 105]
    return plotly_json(data, layout)


def status_text(box: Sandbox, updates_per_second: float | None = None, refreshes_per_second: float | None = None
                ) -> str:
    """One line of figures: progress, speed, coverage, W2 against its floor."""
    snap, run = box.last, box.run
    parts = [f"**{box.source}** · iteration {run.iteration:,} · {run.updates:,} optimizer updates"]
    if updates_per_second is not None:
        parts.append(f"{updates_per_second:,.0f} updates/s")
    if refreshes_per_second is not None:
        parts.append(f"{refreshes_per_second:.1f} refreshes/s")
    if snap.coverage is not None:
        c = snap.coverage
        parts.append(f"modes {c['modes']}/{c['num_modes']} · high-quality {100 * c['hq']:.1f}%")
    if box.last_w2 is not None:
        w = box.last_w2
        parts.append(f"sliced W2 {w['w2']:.3f} (floor {w['floor']:.3f}, ×{w['ratio']:.1f})")
    if is_wasserstein(run.cfg.loss) and run.history.w_estimate:
        parts.append(f"W1 estimate {run.history.w_estimate[-1]:.3f}")
    return " · ".join(parts)


def shipped_table(rows: list[dict]) -> list[list]:
    """Rows of the shipped-runs table: loss, mixture, modes and high-quality % per seed and their means."""
    out = []
    for r in rows:
        out.append([r["loss"], r["dataset"], " / ".join(str(m) for m in r["modes"]) + f" (of {r['num_modes']})",
                    round(float(np.mean(r["modes"])), 2), " / ".join(f"{100 * h:.1f}" for h in r["hq"]),
                    round(100 * float(np.mean(r["hq"])), 1), round(float(np.mean(r["w2_ratio"])), 2)])
    return out


def js_w1_figure(rows) -> go.Figure:
    """Generator gradient norm vs distance (log scale) and the critics' estimates vs the truth."""
    fig = make_subplots(rows=1, cols=2, horizontal_spacing=0.1,
                        subplot_titles=["|∂L_G/∂θ| vs distance θ", "what the critics measure"])
    th = [r.theta for r in rows]
    fig.add_trace(go.Scatter(x=th, y=[max(r.grad_js, 1e-12) for r in rows], name="minimax GAN (JS)",
                             mode="lines+markers", line=dict(color=FAKE)), 1, 1)
    fig.add_trace(go.Scatter(x=th, y=[max(r.grad_ns, 1e-12) for r in rows], name="non-saturating GAN",
                             mode="lines+markers", line=dict(color="#999999", dash="dash")), 1, 1)
    fig.add_trace(go.Scatter(x=th, y=[max(r.grad_w1, 1e-12) for r in rows], name="WGAN-GP critic (W1)",
                             mode="lines+markers", line=dict(color=ARROW)), 1, 1)
    fig.update_yaxes(type="log", title_text="gradient norm", row=1, col=1)
    fig.add_trace(go.Scatter(x=th, y=[r.js_estimate for r in rows], name="JS estimate", mode="lines+markers",
                             line=dict(color=FAKE)), 1, 2)
    fig.add_trace(go.Scatter(x=th, y=[float(np.log(2))] * len(th), name="true JS = log 2",
                             line=dict(color=FAKE, dash="dot")), 1, 2)
    fig.add_trace(go.Scatter(x=th, y=[r.w1_estimate for r in rows], name="W1 estimate", mode="lines+markers",
                             line=dict(color=ARROW)), 1, 2)
    fig.add_trace(go.Scatter(x=th, y=th, name="true W1 = θ", line=dict(color=ARROW, dash="dot")), 1, 2)
    for col in (1, 2):
        fig.update_xaxes(title_text="distance θ between the supports", row=1, col=col)
    return _margin(fig, 400)


def class_histogram(counts: list[int], mean_confidence: float, n: int) -> go.Figure:
    fig = go.Figure(go.Bar(x=[str(i) for i in range(len(counts))], y=counts, marker_color=FAKE))
    fig.update_layout(title=dict(text=f"classifier's verdict on {n} samples · mean confidence {mean_confidence:.3f}",
                                 font=dict(size=14)), xaxis_title="predicted digit", yaxis_title="samples")
    return _margin(fig, 320)
