"""Figures as Plotly JSON for ``gr.Plot``, written directly, one look for the whole app.

plotly.py's validation costs 10-30 ms a figure (``make_subplots`` alone), more than the sampling
behind it, so traces and layouts are plain dicts here. Every tab builds its figures from these
pieces and ``figure(data, layout)``:

- layouts: ``layout`` (one chart), ``panels`` (square 2D panels side by side, equal axes),
  ``grid`` (line charts side by side, each with its own axis titles), ``two_per_row`` and ``stacked``
  (panels or charts rearranged for a phone's width);
- traces: ``scatter`` (points), ``lines`` (curves, with optional error bars; NaN breaks a line),
  ``band`` (a shaded interval, for a floor and its spread), ``paths`` (many trajectories in one
  trace, with start and end markers), ``heatmap`` (a field over the plane), ``arrows`` (a vector
  field), ``bars``, ``hline`` (a labelled horizontal line, e.g. a floor); ``interval_bars`` adds each point's
  95% interval to a trace.

Panel ``i`` of a multi-panel layout uses axes ``x{i+1}``/``y{i+1}`` (``axis_ids``).
"""
from __future__ import annotations

import base64
import json
from typing import Sequence

import numpy as np
from gradio.components.plot import PlotData

PLOT_HEIGHT = 420  # height of the Plotly figures, in pixels
FONT = {"family": "Inter, 'Noto Sans CJK SC', 'Noto Sans SC', sans-serif", "size": 13}
BASE = {  # the one look: white background, light grid, labels never cut
    "paper_bgcolor": "white", "plot_bgcolor": "white", "font": FONT,
    "legend": {"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": {"size": 12},
               "itemsizing": "constant"},  # a legend dot as big as the text, however small the points
    "hoverlabel": {"font": {"size": 12}},
}
# a legend at the figure's foot, whatever the plot's height: Plotly grows the bottom margin to fit it, never over
# an axis title (for long legends)
LEGEND_FOOT = {**BASE["legend"], "yref": "container", "y": 0, "yanchor": "bottom"}
AXIS = {"showgrid": True, "gridcolor": "#e6e6e6", "zeroline": False, "linecolor": "#999999", "showline": True,
        "ticks": "outside", "automargin": True}
COLORS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf", "#7f7f7f",
          "#bcbd22"]  # the default colour cycle, one per series
DATA_COLOR = "rgba(90,90,90,0.35)"  # real data drawn under samples


def plotly_json(data: list[dict], layout: dict) -> PlotData:
    """A Plotly figure for ``gr.Plot`` from plain trace and layout dicts, without plotly.py's validation."""
    return PlotData(type="plotly", plot=json.dumps({"data": data, "layout": layout}, allow_nan=False))


def figure(data: list[dict], layout: dict) -> PlotData:
    """``plotly_json`` with the app's look merged under ``layout``."""
    merged = {**BASE, **layout}
    for key, value in layout.items():
        if key.startswith(("xaxis", "yaxis")):
            merged[key] = {**AXIS, **value}
    return plotly_json(data, merged)


def typed_array(values) -> dict:
    """float32 values as a Plotly typed array (base64), as plotly.py sends numpy arrays; NaN stays NaN
    (a break in a line) and the JSON stays about 4 bytes a number."""
    raw = np.ascontiguousarray(values, dtype=np.float32).tobytes()
    return {"dtype": "f4", "bdata": base64.b64encode(raw).decode("ascii")}


def finite_list(values) -> list:
    """Floats rounded for the wire (6 decimals, or 6 significant digits below 1e-4, so that small values on
    a log axis are not rounded to 0); NaN and inf become null (a break in a line, no JSON error)."""
    raw = np.asarray(values, dtype=np.float64)
    a = raw.round(6)
    small = np.isfinite(raw) & (raw != 0) & (np.abs(raw) < 1e-4)
    if small.any():
        a[small] = [float(f"{v:.6g}") for v in raw[small]]
    if np.isfinite(a).all():
        return a.tolist()
    out = a.astype(object)
    out[~np.isfinite(a)] = None
    return out.tolist()


def axis_ids(panel: int) -> tuple[str, str]:
    """Trace axis references of panel ``panel`` (0-based): ``("x", "y")``, ``("x2", "y2")``, ..."""
    suffix = "" if panel == 0 else str(panel + 1)
    return "x" + suffix, "y" + suffix


def _title(text: str, x: float, y: float = 1.0, size: int = 14) -> dict:
    return {"text": text, "x": x, "y": y, "xref": "paper", "yref": "paper", "xanchor": "center",
            "yanchor": "bottom", "showarrow": False, "font": {"size": size}}


def layout(title: str = "", x_title: str = "", y_title: str = "", height: int = PLOT_HEIGHT, x_log: bool = False,
           y_log: bool = False, **extra) -> dict:
    """One chart with titled axes."""
    out = {"height": height, "margin": {"l": 60, "r": 20, "t": 50 if title else 20, "b": 50},
           "xaxis": {"title": {"text": x_title}, **({"type": "log"} if x_log else {})},
           "yaxis": {"title": {"text": y_title}, **({"type": "log"} if y_log else {})}}
    if title:
        out["title"] = {"text": title, "x": 0.01, "xanchor": "left", "font": {"size": 15}}
    return {**out, **extra}


def panels(titles: Sequence[str], extent: float | Sequence[float] = 4.5, height: int = PLOT_HEIGHT,
           x_title: str = "x₁", y_title: str = "x₂", gap: float = 0.06, top: int = 60) -> dict:
    """``len(titles)`` square 2D panels side by side, each over ``[-extent, extent]^2`` (or per-panel extents),
    equal axis scales, titled above."""
    n = len(titles)
    extents = [float(extent)] * n if np.isscalar(extent) else [float(e) for e in extent]
    width = (1 - gap * (n - 1)) / n
    out = {"height": height, "margin": {"l": 50, "r": 20, "t": top, "b": 50}, "annotations": []}
    for i, (title, ext) in enumerate(zip(titles, extents)):
        x, y = axis_ids(i)
        start = i * (width + gap)
        # constrain="domain": the panel shrinks to stay square, its ranges never grow (on a phone too)
        out["xaxis" + x[1:]] = {"domain": [start, start + width], "anchor": y, "range": [-ext, ext],
                                "title": {"text": x_title}, "constrain": "domain"}
        out["yaxis" + y[1:]] = {"anchor": x, "range": [-ext, ext], "scaleanchor": x, "scaleratio": 1,
                                "title": {"text": y_title if i == 0 else ""}, "constrain": "domain"}
        if title:
            out["annotations"].append(_title(title, start + width / 2))
    return out


def two_per_row(lay: dict, row_height: int = 400, gap_y: float = 0.16) -> dict:
    """A ``panels`` layout rearranged two panels a row (readable on a phone too: three or four side by side are
    each too narrow there), each panel's title above it; the height grows by ``row_height`` a row."""
    n = sum(1 for k in lay if k.startswith("xaxis"))
    rows = -(-n // 2)
    cell_h = (1 - gap_y * (rows - 1)) / rows
    for i in range(n):
        row, col = divmod(i, 2)
        suffix = "" if i == 0 else str(i + 1)
        top = 1 - row * (cell_h + gap_y)
        lay["xaxis" + suffix]["domain"] = [col * 0.54, col * 0.54 + 0.46]
        lay["yaxis" + suffix]["domain"] = [top - cell_h, top]
        if i < len(lay["annotations"]):
            lay["annotations"][i].update(x=col * 0.54 + 0.23, y=top)
    lay["height"] = row_height * rows + 60
    return lay


def stacked(lay: dict, row_height: int = 250, gap: int = 70, share_x_title: bool = True) -> dict:
    """A ``grid`` or ``panels`` layout rearranged one chart a row, each as wide as the figure (charts side by side
    are too narrow to read on a phone), each chart's title above it (``gap`` pixels between charts). With
    ``share_x_title``, an x-axis title common to every chart is kept on the bottom one only. The height becomes
    ``row_height`` a chart plus the layout's margins (set them before)."""
    n = sum(1 for k in lay if k.startswith("xaxis"))
    names = ["" if i == 0 else str(i + 1) for i in range(n)]
    area = row_height * n + gap * (n - 1)
    cell, step = row_height / area, (row_height + gap) / area
    shared = share_x_title and len({json.dumps(lay["xaxis" + s].get("title")) for s in names}) == 1
    spans = [lay["xaxis" + s]["domain"] for s in names]  # a chart's title is the annotation above its span
    for a in lay.get("annotations", []):
        owner = [i for i, (lo, hi) in enumerate(spans) if a.get("xref") == "paper" and lo <= a["x"] <= hi]
        if owner:
            a.update(x=0.5, y=1 - owner[0] * step)
    for i, s in enumerate(names):
        top = 1 - i * step
        lay["xaxis" + s]["domain"] = [0, 1]
        lay["yaxis" + s]["domain"] = [top - cell, top]
        if shared and i < n - 1:
            lay["xaxis" + s]["title"] = {"text": ""}
    margin = lay["margin"]
    lay["height"] = area + margin["t"] + margin["b"]
    return lay


def grid(titles: Sequence[str], x_titles: Sequence[str] | str, y_titles: Sequence[str] | str,
         height: int = 340, y_logs: Sequence[bool] | None = None, gap: float = 0.08) -> dict:
    """Line charts side by side (one per title), each with its own axis titles."""
    n = len(titles)
    xt = [x_titles] * n if isinstance(x_titles, str) else list(x_titles)
    yt = [y_titles] * n if isinstance(y_titles, str) else list(y_titles)
    logs = list(y_logs) if y_logs is not None else [False] * n
    width = (1 - gap * (n - 1)) / n
    out = {"height": height, "margin": {"l": 60, "r": 20, "t": 40, "b": 50}, "annotations": []}
    for i in range(n):
        x, y = axis_ids(i)
        start = i * (width + gap)
        out["xaxis" + x[1:]] = {"domain": [start, start + width], "anchor": y, "title": {"text": xt[i]}}
        out["yaxis" + y[1:]] = {"anchor": x, "title": {"text": yt[i]}, **({"type": "log"} if logs[i] else {})}
        if titles[i]:
            out["annotations"].append(_title(titles[i], start + width / 2))
    return out


def scatter(points, name: str, color: str, panel: int = 0, size: float = 3, legend: bool = True,
            opacity: float | None = None, symbol: str | None = None) -> dict:
    """Points ``(n, 2)`` as markers."""
    p = np.asarray(points, dtype=np.float32).reshape(-1, 2)
    x, y = axis_ids(panel)
    marker = {"size": size, "color": color, **({"symbol": symbol} if symbol else {})}
    trace = {"type": "scatter", "mode": "markers", "name": name, "showlegend": legend, "x": typed_array(p[:, 0]),
             "y": typed_array(p[:, 1]), "xaxis": x, "yaxis": y, "marker": marker,
             "hovertemplate": "(%{x:.2f}, %{y:.2f})<extra>" + name + "</extra>"}
    if opacity is not None:
        trace["opacity"] = opacity
    return trace


def lines(x, y, name: str, color: str, panel: int = 0, dash: str = "solid", markers: bool = False,
          width: float = 2, error=None, legend: bool = True, log_floor: float | None = None) -> dict:
    """A curve; ``error`` (same length as ``y``) draws symmetric error bars; ``log_floor`` clamps values
    below it (for log axes)."""
    yv = np.asarray(y, dtype=np.float64)
    if log_floor is not None:
        yv = np.maximum(yv, log_floor)
    xa, ya = axis_ids(panel)
    trace = {"type": "scatter", "mode": "lines+markers" if markers else "lines", "name": name, "showlegend": legend,
             "x": finite_list(x), "y": finite_list(yv), "xaxis": xa, "yaxis": ya,
             "line": {"color": color, "dash": dash, "width": width}, "marker": {"size": 6}}
    if error is not None:
        trace["error_y"] = {"type": "data", "array": finite_list(error), "visible": True, "color": color,
                            "thickness": 1.2, "width": 4}
    return trace


def interval_bars(trace: dict, rows: Sequence[dict], key: str) -> dict:
    """``trace`` (one point per row) with each point's 95% interval, ``row[key + "_lo"]`` to ``row[key + "_hi"]``
    (``core.metrics.intervals``), as an asymmetric error bar, where every row recorded one."""
    if rows and all(key + "_lo" in r and key + "_hi" in r for r in rows):
        trace["error_y"] = {"type": "data", "symmetric": False, "visible": True, "thickness": 1, "width": 3,
                            "array": finite_list([r[key + "_hi"] - r[key] for r in rows]),
                            "arrayminus": finite_list([r[key] - r[key + "_lo"] for r in rows])}
    return trace


def band(x, low, high, name: str, color: str, panel: int = 0, legend: bool = True) -> list[dict]:
    """A shaded interval between ``low`` and ``high`` over ``x`` (two traces)."""
    xa, ya = axis_ids(panel)
    edge = {"type": "scatter", "mode": "lines", "x": finite_list(x), "xaxis": xa, "yaxis": ya,
            "line": {"width": 0, "color": color}, "hoverinfo": "skip"}
    return [{**edge, "y": finite_list(low), "showlegend": False, "name": name},
            {**edge, "y": finite_list(high), "fill": "tonexty", "fillcolor": color, "name": name,
             "showlegend": legend}]


def hline(y: float, text: str, color: str = "#555555", panel: int = 0, dash: str = "dash") -> tuple[dict, dict]:
    """A horizontal line across panel ``panel`` and its label at the line's right end: ``(shape, annotation)``."""
    xa, ya = axis_ids(panel)
    shape = {"type": "line", "xref": f"{xa} domain", "yref": ya, "x0": 0, "x1": 1, "y0": y, "y1": y,
             "line": {"color": color, "dash": dash, "width": 1.5}}
    note = {"text": text, "xref": f"{xa} domain", "yref": ya, "x": 1, "y": y, "xanchor": "right",
            "yanchor": "bottom", "showarrow": False, "font": {"size": 12, "color": color}}
    return shape, note


def paths(trajectories, name: str, color: str, panel: int = 0, width: float = 1, opacity: float = 0.55,
          ends: bool = True) -> list[dict]:
    """Trajectories ``(k, T, 2)`` as one line trace (NaN between paths), with hollow start and filled end markers."""
    p = np.asarray(trajectories, dtype=np.float32)
    breaks = np.full((len(p), 1), np.nan, dtype=np.float32)
    xs, ys = (np.concatenate([p[..., d], breaks], axis=1).ravel() for d in (0, 1))
    xa, ya = axis_ids(panel)
    out = [{"type": "scatter", "mode": "lines", "name": name, "x": typed_array(xs), "y": typed_array(ys),
            "xaxis": xa, "yaxis": ya, "line": {"color": color, "width": width}, "opacity": opacity,
            "hoverinfo": "skip"}]
    if ends:
        out += [scatter(p[:, 0], f"{name}: start", color, panel, size=6, legend=False, symbol="circle-open"),
                scatter(p[:, -1], f"{name}: end", color, panel, size=6, legend=False)]
    return out


def heatmap(axis_x, axis_y, z, title: str, colorscale="Viridis", zmin: float | None = None,
            zmax: float | None = None, panel: int = 0, opacity: float = 1.0, colorbar_x: float | None = None) -> dict:
    """A field ``z`` ``(len(axis_y), len(axis_x))`` over the plane (rows are y)."""
    xa, ya = axis_ids(panel)
    trace = {"type": "heatmap", "x": finite_list(axis_x), "y": finite_list(axis_y), "z": finite_list(z),
             "colorscale": colorscale, "zsmooth": "best", "opacity": opacity, "name": title, "xaxis": xa,
             "yaxis": ya, "colorbar": {"title": {"text": title}, "thickness": 12, "len": 0.8},
             "hovertemplate": "x=%{x:.2f} y=%{y:.2f} value=%{z:.3g}<extra></extra>"}
    if zmin is not None:
        trace["zmin"], trace["zmax"] = zmin, zmax
    if colorbar_x is not None:
        trace["colorbar"]["x"] = colorbar_x
    return trace


def arrows(at, direction, name: str, color: str, length: float, panel: int = 0, normalise: bool = False,
           width: float = 1.5) -> list[dict]:
    """A vector field: arrows from ``at`` ``(k, 2)`` along ``direction`` ``(k, 2)``, the longest ``length``
    long (or every arrow ``length`` long if ``normalise``): a segment trace and an arrow-head trace."""
    at, d = np.asarray(at, dtype=np.float64), np.asarray(direction, dtype=np.float64)
    norms = np.linalg.norm(d, axis=1)
    if normalise:
        d = d / np.maximum(norms, 1e-12)[:, None] * length
    else:
        top = float(norms.max()) if len(norms) else 0.0
        d = d * (length / top if top > 0 else 0.0)
    tips = at + d
    seg = np.full((len(at) * 3, 2), np.nan)
    seg[0::3], seg[1::3] = at, tips
    angles = np.degrees(np.arctan2(d[:, 0], d[:, 1]))
    xa, ya = axis_ids(panel)
    return [{"type": "scatter", "mode": "lines", "name": name, "hoverinfo": "skip", "x": typed_array(seg[:, 0]),
             "y": typed_array(seg[:, 1]), "xaxis": xa, "yaxis": ya, "line": {"color": color, "width": width}},
            {"type": "scatter", "mode": "markers", "showlegend": False, "hoverinfo": "skip",
             "x": typed_array(tips[:, 0]), "y": typed_array(tips[:, 1]), "xaxis": xa, "yaxis": ya,
             "marker": {"symbol": "arrow", "size": 7, "angle": finite_list(angles), "color": color}}]


def bars(x, y, name: str, color: str, panel: int = 0, text: Sequence[str] | None = None, error=None,
         legend: bool = False) -> dict:
    """A bar chart; ``text`` labels the bars, ``error`` draws error bars."""
    xa, ya = axis_ids(panel)
    trace = {"type": "bar", "x": list(x), "y": finite_list(y), "name": name, "marker": {"color": color},
             "xaxis": xa, "yaxis": ya, "showlegend": legend, "cliponaxis": False}
    if text is not None:
        trace.update(text=list(text), textposition="outside")
    if error is not None:
        trace["error_y"] = {"type": "data", "array": finite_list(error), "visible": True}
    return trace
