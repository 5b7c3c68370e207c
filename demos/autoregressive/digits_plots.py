"""Figures and pictures of the autoregressive tab's digits views (every text through ``tr()``)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from gradio.components.plot import PlotData

from core.autoregressive.models import PIXELS, SIDE
from core.autoregressive.request import (Completion, DigitsTable, MaskView, PixelFrame, ReceptiveFields)
from core.data.digits import to_pixels
from core.metrics.likelihood import levels_to_images
from demos.common import figures as F
from demos.common.i18n import tr

HIDDEN_RGB = (196, 222, 246)  # a pixel not drawn yet (pixel by pixel) or hidden (completion): pale blue
CURRENT_RGB = (214, 39, 40)  # the pixel drawn at this step: a red frame
CELL = 40  # on-screen pixels of one digit pixel in the pixel-by-pixel picture (320 px a digit)
GAP = 4  # between tiles
SAMPLE_PX = 64  # on-screen pixels of one sampled digit in the table view (16 in two rows beside the controls)
AFTER_COLOR = "#d9d9d9"  # a receptive field's pixels at and after the chosen one (never read by its conditional)
FIELD_SCALE = [[0, "#ffffff"], [1, "#08306b"]]  # a receptive field: white where the gradient is 0, blue (at least
# a fifth of the way) wherever it is not, dark at its largest


def _label(name: str) -> str:
    return tr(f"autoregressive.digits_model_{name}")


def _interval(value: float, lo: float, hi: float) -> str:
    return f"{value:.3f} [{lo:.3f}, {hi:.3f}]"


DATA_UNITS = ((17, "bits_per_pixel"), (2, "nats_per_image"))  # the table's two halves: data levels, unit


def table_frames(table: DigitsTable) -> tuple[pd.DataFrame, ...]:
    """One table per data and unit (``DATA_UNITS``: the 17-level digits in bits per pixel, the binary ones in nats
    per image, which do not compare), four columns each so that a phone shows every figure: the models of that
    data, then the two baselines; the test figure [95%], parameters, the seconds to sample 16."""
    frames = []
    for levels, unit in DATA_UNITS:
        rows = [[_label(r.name), _interval(r.value, r.lo, r.hi), f"{r.parameters:,}", f"{r.seconds:.2f}"]
                for r in table.rows if r.levels == levels]
        for name in ("independent", "uniform"):
            fig = table.baselines[name]
            value = _interval(fig[unit], fig[f"{unit}_lo"], fig[f"{unit}_hi"]) if f"{unit}_lo" in fig \
                else f"{fig[unit]:.3f}"
            rows.append([tr(f"autoregressive.digits_baseline_{name}"), value, "—", "—"])
        headers = [tr("autoregressive.digits_hdr_model"), tr(f"autoregressive.digits_hdr_{unit}"),
                   tr("autoregressive.digits_hdr_parameters"), tr("autoregressive.digits_hdr_seconds")]
        frames.append(pd.DataFrame(rows, columns=headers))
    return tuple(frames)


def samples_picture(images) -> np.ndarray:
    """Sampled digits ``(N, 1, 8, 8)`` in [-1, 1] as one grid, 8 a row (``SAMPLE_PX`` a digit)."""
    from demos.common.images import digit_grid

    return digit_grid(to_pixels(images), cols=8, px=SAMPLE_PX)


def _tile(levels: np.ndarray, num_levels: int, hidden: np.ndarray, cell: int) -> np.ndarray:
    """One digit ``(64,)`` as an RGB tile, ink dark on white, ``hidden`` pixels ``(64,)`` pale blue."""
    ink = to_pixels(levels_to_images(torch.from_numpy(np.clip(levels, 0, None))[None], num_levels))[0]
    ink = ink.astype(np.int32)
    rgb = np.repeat((255 - ink)[..., None], 3, axis=2).reshape(PIXELS, 3)
    rgb[hidden] = HIDDEN_RGB
    img = rgb.reshape(SIDE, SIDE, 3).astype(np.uint8)
    return np.kron(img, np.ones((cell, cell, 1), dtype=np.uint8))


def frame_picture(frame: PixelFrame) -> np.ndarray:
    """The image so far (pale blue: not drawn yet), the current pixel framed in red."""
    tile = _tile(frame.image, frame.levels, frame.image < 0, CELL)
    r, c = divmod(frame.pixel, SIDE)
    w = max(3, CELL // 8)
    y0, x0 = r * CELL, c * CELL
    for sl in ((slice(y0, y0 + w), slice(x0, x0 + CELL)), (slice(y0 + CELL - w, y0 + CELL), slice(x0, x0 + CELL)),
               (slice(y0, y0 + CELL), slice(x0, x0 + w)), (slice(y0, y0 + CELL), slice(x0 + CELL - w, x0 + CELL))):
        tile[sl] = CURRENT_RGB
    return tile


def conditional_figure(frame: PixelFrame) -> PlotData:
    """The current pixel's conditional as ``levels`` bars, the drawn value in red."""
    colors = [F.COLORS[1] if v == frame.value else F.COLORS[0] for v in range(frame.levels)]
    trace = F.bars(list(range(frame.levels)), frame.probs, tr("autoregressive.digits_fig_prob"), F.COLORS[0])
    trace["marker"]["color"] = colors
    r, c = divmod(frame.pixel, SIDE)
    title = tr("autoregressive.digits_fig_conditional", step=frame.step, row=r, col=c, value=frame.value)
    out = F.layout(title, tr("autoregressive.digits_fig_level"), tr("autoregressive.digits_fig_prob"), height=340)
    out["yaxis"]["range"] = [0, 1.05]
    out["xaxis"]["dtick"] = 1 if frame.levels <= 17 else None
    out["margin"] = {"t": 64, "l": 50, "r": 10, "b": 40}
    return F.figure([trace], out)


def _grid_heatmap(z, panel: int, x_ticks, y_ticks, colorscale) -> dict:
    trace = F.heatmap(list(range(z.shape[1])), list(range(z.shape[0])), z, "", colorscale, 0, 1, panel)
    trace.update(zsmooth=False, showscale=False, hovertemplate="%{z}<extra></extra>", xgap=0, ygap=0)
    return trace


def _domains(n_rows: int, n_cols: int, i: int, gap_x: float = 0.12, gap_y: float = 0.14):
    r, c = divmod(i, n_cols)
    w, h = (1 - gap_x * (n_cols - 1)) / n_cols, (1 - gap_y * (n_rows - 1)) / n_rows
    return [c * (w + gap_x), c * (w + gap_x) + w], [1 - r * (h + gap_y) - h, 1 - r * (h + gap_y)]


def _ticks(degrees: np.ndarray, every: int) -> dict:
    idx = list(range(0, len(degrees), every))
    return {"tickvals": idx, "ticktext": [str(int(degrees[i])) for i in idx]}


def masks_figure(view: MaskView) -> PlotData:
    """Four panels: the three masks (rows: a layer's units, columns: the layer below, each axis labelled with
    the units' m(k)) and which inputs each output reaches through them (in the order: strictly lower)."""
    d = view.degrees
    panels = [(view.masks[0], d[1], d[0], tr("autoregressive.digits_fig_mask1")),
              (view.masks[1], d[2], d[1], tr("autoregressive.digits_fig_mask2")),
              (view.masks[2], d[-1], d[2], tr("autoregressive.digits_fig_mask_out")),
              (view.reach, d[-1], d[0], tr("autoregressive.digits_fig_reach"))]
    data, layout = [], {**F.BASE, "height": 760, "margin": {"t": 40, "l": 50, "r": 10, "b": 50}, "annotations": []}
    for i, (z, rows, cols, title) in enumerate(panels):
        data.append(_grid_heatmap(np.asarray(z, dtype=float), i, None, None, [[0, "#f2f2f2"], [1, "#1f4e99"]]))
        xd, yd = _domains(2, 2, i)
        xa, ya = F.axis_ids(i)
        layout[xa.replace("x", "xaxis")] = {**F.AXIS, "domain": xd, "anchor": ya, "showgrid": False,
                                            **_ticks(cols, max(1, len(cols) // 8)),
                                            "title": {"text": tr("autoregressive.digits_fig_m_in"), "standoff": 2}}
        layout[ya.replace("y", "yaxis")] = {**F.AXIS, "domain": yd, "anchor": xa, "showgrid": False,
                                            "autorange": "reversed", **_ticks(rows, max(1, len(rows) // 8)),
                                            "title": {"text": tr("autoregressive.digits_fig_m_out"), "standoff": 2}}
        layout["annotations"].append({"text": f"<b>{title}</b>", "xref": "paper", "yref": "paper", "x": sum(xd) / 2,
                                      "y": yd[1] + 0.01, "xanchor": "center", "yanchor": "bottom",
                                      "showarrow": False, "font": {"size": 13}})
    return F.figure(data, layout)


def fields_figure(rf: ReceptiveFields) -> PlotData:
    """The plain and the gated PixelCNN's receptive fields of one pixel side by side; the pixel framed, the
    blind spot (pixels before it in raster order that it does not see) marked with a cross, the pixels at and
    after it (which no conditional may read) grey. Each grid is a square as wide as its half of the figure,
    at the top of it (``constrain: domain``): no empty rows under the 8x8 pixels."""
    data, shapes, layout = [], [], {**F.BASE, "height": 300, "margin": {"t": 56, "l": 10, "r": 10, "b": 10},
                                    "annotations": [], "showlegend": False, "plot_bgcolor": AFTER_COLOR}
    for i, (z, key, blind) in enumerate(((rf.plain, "plain", rf.plain_blind), (rf.gated, "gated", rf.gated_blind))):
        shown = np.where(z > 0, 0.2 + 0.8 * np.sqrt(z), 0.0)
        shown = np.where(rf.before | (z > 0), shown, np.nan)  # at or after the pixel: the grey background
        data.append(_grid_heatmap(shown, i, None, None, FIELD_SCALE))
        ys, xs = np.nonzero(rf.before & (z == 0))
        xa, ya = F.axis_ids(i)
        if len(xs):
            data.append({"type": "scatter", "mode": "markers", "x": xs.tolist(), "y": ys.tolist(), "xaxis": xa,
                         "yaxis": ya, "marker": {"symbol": "x", "size": 14, "color": F.COLORS[1]},
                         "name": tr("autoregressive.digits_fig_blind"), "hoverinfo": "name"})
        shapes.append({"type": "rect", "xref": xa, "yref": ya, "x0": rf.pixel_x - 0.5, "x1": rf.pixel_x + 0.5,
                       "y0": rf.pixel_y - 0.5, "y1": rf.pixel_y + 0.5, "line": {"color": F.COLORS[1], "width": 3}})
        xd, _ = _domains(1, 2, i, gap_x=0.06)
        axis = {**F.AXIS, "showgrid": False, "showline": False, "ticks": "", "showticklabels": False,
                "range": [-0.5, 7.5], "constrain": "domain"}
        layout[xa.replace("x", "xaxis")] = {**axis, "domain": xd, "anchor": ya}
        layout[ya.replace("y", "yaxis")] = {**axis, "domain": [0, 1], "anchor": xa, "range": [7.5, -0.5],
                                            "scaleanchor": xa, "constraintoward": "top"}
        layout["annotations"].append({"text": tr(f"autoregressive.digits_fig_field_{key}", blind=blind),
                                      "xref": "paper", "yref": "paper", "x": sum(xd) / 2, "y": 1.02,
                                      "xanchor": "center", "yanchor": "bottom", "showarrow": False})
    layout["shapes"] = shapes
    return F.figure(data, layout)


def orderings_figure(figures: dict, best: float, independent: float) -> PlotData:
    """MADE's bits per pixel per ordering and for the ensemble, with 95% intervals, beside two references."""
    keys = [k for k in figures if k.startswith("order_")] + ["ensemble"]
    names = [tr("autoregressive.digits_fig_order", i=k.split("_")[1]) if k != "ensemble"
             else tr("autoregressive.digits_fig_ensemble") for k in keys]
    rows = [figures[k] for k in keys]
    trace = F.bars(names, [r["bits_per_pixel"] for r in rows], "MADE", F.COLORS[0],
                   text=[f"{r['bits_per_pixel']:.3f}" for r in rows])
    trace["marker"]["color"] = [F.COLORS[2] if k == "ensemble" else F.COLORS[0] for k in keys]
    trace["textposition"] = "inside"
    F.interval_bars(trace, rows, "bits_per_pixel")
    out = F.layout(tr("autoregressive.digits_fig_orderings"), "", tr("autoregressive.digits_unit_bits_per_pixel"),
                   height=420)
    lo = min(best, min(r["bits_per_pixel_lo"] for r in rows)) - 0.1
    out["yaxis"]["range"] = [lo, independent + 0.1]
    shapes, notes = zip(F.hline(independent, tr("autoregressive.digits_baseline_independent")),
                        F.hline(best, tr("autoregressive.digits_fig_best", value=best), F.COLORS[1]))
    notes[1].update(x=0, xanchor="left")  # the best model's line labelled at the left, clear of the ensemble's bar
    out["shapes"], out["annotations"] = list(shapes), list(notes)
    out["margin"] = {"t": 60, "l": 60, "r": 10, "b": 60}
    return F.figure([trace], out)


def completion_picture(c: Completion) -> np.ndarray:
    """The digit, what the model is given (hidden pixels pale blue) and the completions, 5 a row."""
    tiles = [_tile(c.original, 17, np.zeros(PIXELS, bool), 12), _tile(c.original, 17, ~c.shown, 12)]
    tiles += [_tile(s, 17, np.zeros(PIXELS, bool), 12) for s in c.samples]
    cols = 5
    rows = -(-len(tiles) // cols)
    t = tiles[0].shape[0]
    canvas = np.full((rows * (t + GAP) + GAP, cols * (t + GAP) + GAP, 3), 235, np.uint8)
    for i, tile in enumerate(tiles):
        r, col = divmod(i, cols)
        canvas[GAP + r * (t + GAP): GAP + r * (t + GAP) + t, GAP + col * (t + GAP): GAP + col * (t + GAP) + t] = tile
    return canvas
