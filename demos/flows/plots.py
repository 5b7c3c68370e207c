"""Figures of the flows tab, from ``demos.common.figures``; every title, legend, axis and table row through
``tr`` (the request's language)."""
from __future__ import annotations

import numpy as np
from gradio.components.plot import PlotData

from core.flows.layerview import LayerView
from core.flows.request import Evaluation
from core.metrics.intervals import format_interval
from demos.common.figures import (
    BASE,
    COLORS,
    DATA_COLOR,
    figure,
    heatmap,
    layout,
    lines,
    panels,
    paths,
    scatter,
    two_per_row,
)
from demos.common.i18n import tr

GRID_COLOR = "rgba(31,119,180,0.45)"  # the deformed grid
DENSITY_SCALE = "Viridis"  # exp(log p)
LOGDET_SCALE = "RdBu"  # log|det J|, diverging around 0


def _density(axis, log_p, panel: int, title: str) -> dict:
    return heatmap(axis, axis, np.exp(log_p), title, DENSITY_SCALE, panel=panel)


def _bar_beside(lay: dict, trace: dict, panel: int, length: int = 140) -> dict:
    """``trace``'s colour bar just right of its own panel, ``length`` pixels long over the middle of the panel's
    height (a square panel is about 140 pixels tall on a phone): the panel is pinned to the right end of its cell
    (where it shrinks to stay square), so the bar touches it on any width."""
    suffix = "" if panel == 0 else str(panel + 1)
    (_, right), (bottom, top) = lay["xaxis" + suffix]["domain"], lay["yaxis" + suffix].get("domain", [0, 1])
    lay["xaxis" + suffix]["constraintoward"] = "right"
    trace["colorbar"].update(x=right + 0.01, xanchor="left", y=(bottom + top) / 2, yanchor="middle",
                             len=length, lenmode="pixels")
    return trace


def evaluation_figure(ev: Evaluation) -> PlotData:
    """Three panels: held-out data, the model's density exp(log p), and log|det J| over the plane."""
    ext = ev.target.extent
    bound = float(np.abs(ev.log_det).max()) or 1.0
    det = heatmap(ev.axis, ev.axis, ev.log_det, "log|det J|", LOGDET_SCALE, zmin=-bound, zmax=bound, panel=2)
    # top: clear of the Plot's label, which takes two lines on a phone
    lay = two_per_row(panels([tr("flows.fig_heldout"), tr("flows.fig_model_density"), "log |det ∂f/∂x|"], ext,
                             top=90), row_height=380)
    lay["yaxis3"]["title"] = {"text": "x₂"}  # the third panel sits under the first: its own y-axis title
    lay["xaxis"]["constraintoward"] = "right"  # the data panel over the log|det J| one, as both are pinned
    for i, title in enumerate(lay["annotations"]):  # each title over its panel, which is pinned right in its cell
        title.update(x=lay["xaxis" + ("" if i == 0 else str(i + 1))]["domain"][1], xanchor="right")
    # each scale beside its own panel: the density's in the right margin, log|det J|'s right of the bottom panel
    data = [scatter(ev.real, tr("flows.fig_heldout"), COLORS[0], 0, size=3, legend=False),
            _bar_beside(lay, _density(ev.axis, ev.log_p, 1, "p(x)"), 1), _bar_beside(lay, det, 2)]
    return figure(data, lay)


def likelihood_rows(ev: Evaluation) -> list[list]:
    """Rows ``[quantity, value]`` of the stats table."""
    q = ev.likelihood.as_dict()
    rows = [[tr("flows.row_points"), q["n"]], [tr("flows.row_nll"), format_interval(q, "nll", 4)]]
    if q["floor"] is not None:
        rows += [[tr("flows.row_floor"), format_interval(q, "floor", 4)],
                 [tr("flows.row_gap"), format_interval(q, "gap", 4)]]
    rows.append(["max |f⁻¹(f(x)) − x|", f"{q['invertibility']:.2e}"])
    return rows


def _extent(*clouds: np.ndarray) -> float:
    """A square half-width showing 99% of the points of every cloud."""
    top = max(float(np.quantile(np.abs(c), 0.99)) for c in clouds)
    return float(np.clip(top * 1.25, 1.0, 50.0))


def layers_figure(view: LayerView, k: int) -> PlotData:
    """Stage ``k``: data and the grid pushed through layers 1..k, beside Gaussian samples pulled back to it."""
    ext = _extent(view.data[k], view.latent[k])
    where = (tr("flows.fig_data_space") if k == 0 else tr("flows.fig_latent_space") if k == view.num_layers
             else tr("flows.fig_after_layer", k=k))
    data = paths(view.grid[k], tr("flows.fig_grid"), GRID_COLOR, 0, width=1, opacity=0.8, ends=False)
    data += [scatter(view.data[k], tr("flows.fig_data_f"), COLORS[0], 0, size=3),
             scatter(view.latent[k], "N(0, I) → f⁻¹", COLORS[1], 1, size=3)]
    # two short lines a title: one line each ran into the other on a phone
    lay = panels([tr("flows.fig_data_grid", where=where), tr("flows.fig_pulled_back", where=where)], ext, top=84)
    lay["margin"]["b"] = 110
    lay["legend"] = {**BASE["legend"], "y": -0.3}  # under the x-axis title, clear of it
    return figure(data, lay)


def layer_list(names: list[str]) -> str:
    """The flow's layers, a repeated block written once with its count: ``"affine coupling × 8"``,
    ``"(actnorm → invertible linear → affine coupling) × 4"``, ``"additive coupling × 8 → scaling"``."""
    if not names:
        return ""
    best_p, best_r = 1, 1
    for p in range(1, len(names) // 2 + 1):  # the block repeated from the start that covers the most layers
        r = 1
        while names[r * p:(r + 1) * p] == names[:p]:
            r += 1
        if r > 1 and p * r > best_p * best_r:
            best_p, best_r = p, r
    block = " → ".join(names[:best_p])
    head = block if best_r == 1 else (f"{block} × {best_r}" if best_p == 1 else f"({block}) × {best_r}")
    rest = layer_list(names[best_p * best_r:])
    return f"{head} → {rest}" if rest else head


def nll_figure(steps: list[int], losses: list[float], floor: float | None) -> PlotData:
    """The training NLL curve, with the true density's NLL as a floor where known."""
    data = [lines(steps, losses, tr("flows.fig_train_nll"), COLORS[0])]
    lay = layout("", tr("flows.fig_update"), tr("flows.fig_nll_axis"), height=380)
    if not steps:  # before the first update: say how to start rather than show a bare grid
        lay["annotations"] = [{"text": tr("flows.fig_no_updates"), "xref": "paper", "yref": "paper", "x": 0.5,
                               "y": 0.85, "showarrow": False, "font": {"size": 13, "color": "#777777"}}]
    lay["margin"]["b"] = 90
    lay["legend"] = {**BASE["legend"], "y": -0.25}
    if floor is not None:
        data.append(lines([steps[0] if steps else 0, steps[-1] if steps else 1], [floor, floor],
                          tr("flows.fig_true_nll"), "#555555", dash="dash"))
    return figure(data, lay)


def live_density_figure(real: np.ndarray, axis: np.ndarray | None, log_p: np.ndarray | None, extent: float,
                        step: int) -> PlotData:
    """Data beside the live model's density exp(log p) at update ``step``; ``log_p`` None: before any training,
    the data beside a note on how to start."""
    data = [scatter(real, tr("flows.fig_data"), DATA_COLOR, 0, size=3, legend=False)]
    second = tr("flows.fig_no_density") if log_p is None else tr("flows.fig_live_density", step=step)
    lay = panels([tr("flows.fig_data"), second], extent, height=400, top=84)  # two-line titles (one ran off a phone)
    if log_p is not None:
        data.append(_bar_beside(lay, _density(axis, log_p, 1, "p(x)"), 1))
    return figure(data, lay)
