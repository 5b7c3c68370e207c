"""Figures of the guidance tab, from ``demos.common.figures``; every title, legend and axis through ``tr``
(the request's language)."""
from __future__ import annotations

import numpy as np

from demos.common import figures as F
from demos.common.i18n import tr

FIELD_COLORS = {"class": F.COLORS[0], "uncond": F.COLORS[8], "guided": F.COLORS[1]}
METHOD_COLORS = {"cfg": F.COLORS[0], "classifier": F.COLORS[1]}
FIELD_ROW_HEIGHT = 360  # pixels a row of the score-field figure (two panels a row)
SWEEP_ROW_HEIGHT = 230  # pixels a chart of the sweep figure (one chart a row)


def method_name(method: str) -> str:
    """The guidance method's name in the request's language."""
    return tr(f"guidance.name_{method}")


def _centres(centres: np.ndarray, label: int, panel: int, legend: bool) -> list[dict]:
    others = np.delete(centres, label, axis=0)
    return [F.scatter(others, tr("guidance.fig_other_modes"), F.COLORS[8], panel, size=9, legend=legend, symbol="x"),
            F.scatter(centres[label:label + 1], tr("guidance.fig_chosen"), F.COLORS[2], panel, size=13, legend=legend,
                      symbol="star")]


def field_figure(field, extent: float) -> F.PlotData:
    """Three panels of arrows (score directions, each field's longest arrow the same length), two a row (three
    side by side are too narrow on a phone); the legend fills the fourth cell."""
    first = tr("guidance.fig_classifier_grad") if field.method == "classifier" else tr("guidance.fig_conditional")
    titles = [first, tr("guidance.fig_unconditional"), tr("guidance.fig_guided", w=field.w)]
    data = []
    for i, key in enumerate(("class", "uncond", "guided")):
        data += F.arrows(field.at, field.fields[key], titles[i], FIELD_COLORS[key], length=0.45, panel=i)
        data += _centres(field.centres, field.label, i, legend=i == 0)
    for trace in data:
        if trace.get("mode") == "lines":
            trace["showlegend"] = False
    lay = F.two_per_row(F.panels(titles, extent, top=90), row_height=FIELD_ROW_HEIGHT)
    lay["yaxis3"]["title"] = {"text": "x₂"}  # the third panel sits under the first: its own y-axis title
    lay["legend"] = {**F.BASE["legend"], "orientation": "v", "x": 0.6, "y": lay["yaxis3"]["domain"][1] - 0.05,
                     "yanchor": "top"}  # in the empty fourth cell
    lay["title"] = {"text": tr("guidance.fig_scores", t=field.t), "x": 0.01, "xanchor": "left", "font": {"size": 14}}
    return F.figure(data, lay)


def points_figure(res, extent: float) -> F.PlotData:
    """Real ring (grey) under samples without and with guidance, side by side, over at least ``extent`` (wider
    when strong guidance carries samples past it: none is left out of view)."""
    reach = max(float(np.abs(g.x.numpy()).max()) for g in (res.plain, res.guided))
    extent = max(extent, float(np.ceil(reach * 1.05 * 2) / 2))
    plain_w, w = res.stats[0]["w"], res.stats[1]["w"]
    titles = [tr("guidance.fig_no_guidance", w=plain_w), f"{method_name(res.method)}, w = {w:g}"]
    data = []
    for i, g in enumerate((res.plain, res.guided)):
        data.append(F.scatter(res.real, tr("guidance.fig_real"), F.DATA_COLOR, i, size=3, legend=i == 0))
        data.append(F.scatter(g.x.numpy(), tr("guidance.fig_class_w", c=res.label, w=res.stats[i]["w"]),
                              F.COLORS[0] if i == 0 else F.COLORS[1], i, size=4, legend=True))
    lay = F.panels(titles, extent, height=460)
    lay["margin"]["b"] = 90
    lay["legend"] = {**F.BASE["legend"], "y": -0.2}
    return F.figure(data, lay)


def sweep_figure(result: dict) -> F.PlotData:
    """Class accuracy, within-class diversity and the class Fréchet distance against the scale, one line per
    method, each point with its 95% interval as an error bar where the sweep recorded one."""
    lay = F.grid([tr("guidance.fig_fidelity"), tr("guidance.fig_diversity"), tr("guidance.fig_class_frechet")],
                 tr("guidance.fig_scale"), [tr("guidance.fig_accuracy"), tr("guidance.fig_feature_distance"),
                                            tr("guidance.fig_frechet_axis")],
                 y_logs=[False, False, True])
    lay["margin"].update(b=110, t=40)
    F.stacked(lay, row_height=SWEEP_ROW_HEIGHT)  # one chart a row: three side by side are too narrow on a phone
    lay["legend"] = {**F.BASE["legend"], "y": -70 / (lay["height"] - 150)}  # under the shared x-axis title
    lay["yaxis3"]["tickvals"] = [10, 20, 30, 50, 100, 200, 300, 500, 1000]  # no crowded minor log labels
    data = []
    for method, rows in result["sweep"].items():
        x = [r["scale"] for r in rows]
        color = METHOD_COLORS[method]
        for panel, key in enumerate(("class_accuracy", "diversity", "class_frechet")):
            data.append(F.interval_bars(F.lines(x, [r[key] for r in rows], method_name(method), color, panel,
                                                markers=True, legend=panel == 0), rows, key))
    shape, note = F.hline(result["real_diversity"], tr("guidance.fig_test_digits"), panel=1)
    lay.update(shapes=[shape], annotations=lay["annotations"] + [note])
    return F.figure(data, lay)
