"""Figures and tables of the autoregressive tab, from ``demos.common.figures``; every title, legend, axis and
table row through ``tr`` (the request's language)."""
from __future__ import annotations

import numpy as np
from gradio.components.plot import PlotData

from core.autoregressive.grid2d import ORDERS, cell_width
from core.autoregressive.live import GridPreview
from core.autoregressive.request2d import GridSamples, GridView
from core.metrics.intervals import format_interval
from demos.common.figures import (BASE, COLORS, DATA_COLOR, LEGEND_FOOT, bars, figure, heatmap, layout, lines, panels,
                                  scatter)
from demos.common.i18n import tr

JOINT_SCALE = "Viridis"  # P(cell)
LINE_COLOR = "#ff4d4d"  # the conditioning line over the heatmap (visible on Viridis' dark and light ends)
MODEL_COLOR, DATA_COND_COLOR = COLORS[0], COLORS[4]  # the two conditionals: blue (the source), orange (the data)
SUB = {"x1": "x₁", "x2": "x₂"}  # a coordinate's name as the figures write it
ORDER_KEYS = dict(zip(ORDERS, ("autoregressive.order_x1", "autoregressive.order_x2")))  # each order's label


def _other(given: str) -> str:
    return "x2" if given == "x1" else "x1"


def _extent(axis: np.ndarray) -> float:
    """The grid's half-width from its cells' centres ``axis`` ``(K,)``: the last centre plus half a cell."""
    return float(axis[-1] + (axis[1] - axis[0]) / 2)


def _joint_trace(axis: np.ndarray, joint: np.ndarray) -> dict:
    """The joint ``(K, K)`` (rows x2) as a heatmap of its cells (no smoothing: the cells are the model)."""
    top = float(joint.max()) or 1.0
    trace = heatmap(axis, axis, joint, tr("autoregressive.fig_cell_prob"), JOINT_SCALE, zmin=0.0, zmax=top)
    trace["zsmooth"] = False
    trace["colorbar"].update(len=0.75, thickness=10)
    return trace


def _joint_layout(title: str, extent: float, height: int = 420) -> dict:
    lay = panels([title], extent, height=height)
    lay["margin"]["r"] = 10
    lay["xaxis"]["constraintoward"] = "right"  # the square panel beside its colour bar, not centred away from it
    return lay


def joint_figure(view: GridView) -> PlotData:
    """The source's joint on its grid with the conditioning line (vertical at x1 = a, horizontal at x2 = a)."""
    extent = _extent(view.axis)
    source = tr(f"autoregressive.fig_src_{view.source}")
    lay = _joint_layout(tr("autoregressive.fig_joint", source=source), extent)
    x = view.given == "x1"
    lay["shapes"] = [{"type": "line", "xref": "x", "yref": "y", "line": {"color": LINE_COLOR, "width": 2,
                                                                          "dash": "dash"},
                      **({"x0": view.at_value, "x1": view.at_value, "y0": -extent, "y1": extent} if x else
                         {"x0": -extent, "x1": extent, "y0": view.at_value, "y1": view.at_value})}]
    label = tr("autoregressive.fig_at", given=SUB[view.given], at=view.at_value)
    lay["annotations"].append({"text": label, "xref": "x", "yref": "y", "showarrow": False,
                               "x": view.at_value if x else -extent, "y": extent if x else view.at_value,
                               "xanchor": "left", "yanchor": "top" if x else "bottom",
                               "font": {"size": 12, "color": LINE_COLOR}, "bgcolor": "rgba(0,0,0,0.45)"})
    return figure([_joint_trace(view.axis, view.joint)], lay)


def conditional_figure(view: GridView) -> PlotData:
    """The source's conditional of the other coordinate at the conditioning cell, as bars beside the data's own."""
    given, other = SUB[view.given], SUB[_other(view.given)]
    title = tr("autoregressive.fig_cond_title", other=other, given=given, at=view.at_value)
    data, axis = [], view.axis.astype(float).round(4).tolist()
    if view.source != "data":
        name = tr("autoregressive.fig_model_cond_bayes" if view.derived else "autoregressive.fig_model_cond")
        data.append(bars(axis, view.conditional, name, MODEL_COLOR, legend=True))
    data.append(bars(axis, view.data_conditional, tr("autoregressive.fig_data_cond"), DATA_COND_COLOR, legend=True))
    for trace in data:
        trace["hovertemplate"] = other + "=%{x:.2f} p=%{y:.3f}<extra>%{fullData.name}</extra>"
    lay = layout(title, other, tr("autoregressive.fig_probability"), height=420, barmode="group", bargap=0.1,
                 legend=LEGEND_FOOT)
    lay["margin"]["b"] = 40
    lay["xaxis"]["range"] = [float(view.axis[0] - (view.axis[1] - view.axis[0])),
                             float(view.axis[-1] + (view.axis[1] - view.axis[0]))]
    if view.data_mass == 0:
        line = tr("autoregressive.fig_line_column" if view.given == "x1" else "autoregressive.fig_line_row")
        lay["annotations"] = [{"text": tr("autoregressive.fig_no_data", line=line), "xref": "paper", "yref": "paper",
                               "x": 0.5, "y": 0.95, "showarrow": False, "font": {"size": 12, "color": DATA_COND_COLOR}}]
    return figure(data, lay)


def stats_rows(view: GridView) -> list[list]:
    """Rows ``[quantity, value]``: the grid, its total probability, the conditioning cell, the held-out NLL
    beside the true density's (with 95% intervals), and where the conditional shown comes from."""
    k = len(view.axis)
    line = tr("autoregressive.fig_line_column" if view.given == "x1" else "autoregressive.fig_line_row")
    rows = [[tr("autoregressive.row_total"), f"{view.total:.6f}"],
            [tr("autoregressive.row_grid"),
             tr("autoregressive.row_grid_value", k=k, h=cell_width(_extent(view.axis), k))],
            [tr("autoregressive.row_at"),
             tr("autoregressive.row_at_value", given=SUB[view.given], index=view.at_index, at=view.at_value)],
            [tr("autoregressive.row_data_mass", line=line), f"{view.data_mass:.2%}"]]
    if view.likelihood is not None:
        q = view.likelihood.as_dict()
        rows += [[tr("autoregressive.row_points"), q["n"]],
                 [tr("autoregressive.row_nll"), format_interval(q, "nll", 4)]]
        if q["floor"] is not None:
            rows += [[tr("autoregressive.row_floor"), format_interval(q, "floor", 4)],
                     [tr("autoregressive.row_gap"), format_interval(q, "gap", 4)]]
    elif view.floor is not None:
        rows.append([tr("autoregressive.row_floor"), f"{view.floor:.4f}"])
    how = "data" if view.source == "data" else "bayes" if view.derived else "net"
    rows.append([tr("autoregressive.row_derived"), tr(f"autoregressive.row_derived_{how}")])
    return rows


def nll_figure(steps: list[int], losses: list[float], floor: float | None) -> PlotData:
    """The live training NLL curve, with the true density's NLL as a floor where known."""
    data = [lines(steps, losses, tr("autoregressive.fig_train_nll"), COLORS[0])]
    lay = layout("", tr("autoregressive.fig_update"), tr("autoregressive.fig_nll_axis"), height=380, legend=LEGEND_FOOT)
    lay["margin"]["b"] = 40
    if not steps:  # before the first update: say how to start rather than show a bare grid
        lay["annotations"] = [{"text": tr("autoregressive.fig_no_updates"), "xref": "paper", "yref": "paper", "x": 0.5,
                               "y": 0.85, "showarrow": False, "font": {"size": 13, "color": "#777777"}}]
    if floor is not None:
        data.append(lines([steps[0] if steps else 0, steps[-1] if steps else 1], [floor, floor],
                          tr("autoregressive.fig_true_nll"), "#555555", dash="dash"))
    return figure(data, lay)


def live_joint_figure(preview: GridPreview, step: int) -> PlotData:
    """The live model's joint on its grid (at most 96 x 96 cells) at update ``step``."""
    return figure([_joint_trace(preview.axis, preview.joint)],
                  _joint_layout(tr("autoregressive.fig_live_joint", step=step), _extent(preview.axis), height=380))


def waiting_figure(real: np.ndarray, extent: float) -> PlotData:
    """Before any live training: the data a run would learn, and how to start."""
    lay = _joint_layout(tr("autoregressive.fig_no_joint"), extent, height=380)
    lay["margin"]["t"] = 70  # a two-line title
    return figure([scatter(real, tr("autoregressive.fig_data"), DATA_COLOR, size=3, legend=False)], lay)


def samples_figure(out: GridSamples, real: np.ndarray, extent: float, source: str) -> PlotData:
    """Points sampled by the chain rule over the data."""
    name = tr(f"autoregressive.fig_src_{source}")
    title = tr("autoregressive.fig_samples_title", n=len(out.points), source=name)
    data = [scatter(real, tr("autoregressive.fig_data"), DATA_COLOR, size=3),
            scatter(out.points, tr("autoregressive.fig_samples"), COLORS[0], size=3, opacity=0.6)]
    lay = panels([title], extent, height=440)
    lay["legend"] = {**BASE["legend"], "y": -0.16}
    lay["margin"]["b"] = 80
    return figure(data, lay)


def samples_line(out: GridSamples) -> str:
    """The sampling's cost: points, network passes and time."""
    return tr("autoregressive.samples_line", n=len(out.points), nfe=out.nfe, ms=out.seconds * 1000)
