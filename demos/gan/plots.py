"""Plotly figures for the GAN tab, built from ``demos.common.figures``; every title, legend, axis and
status line through ``tr`` (the request's language)."""
from __future__ import annotations

import numpy as np
from gradio.components.plot import PlotData

from core.gan.experiment import W1_TOLERANCE
from core.gan.losses import is_wasserstein
from core.gan.probe import Snapshot
from core.gan.sandbox import Sandbox
from demos.common import figures as F
from demos.common.figures import PLOT_HEIGHT
from demos.common.i18n import tr

REAL, FAKE, ARROW = "#000000", "#c51b7d", "#e66101"  # real data, generated samples, gradient arrows
ARROW_LENGTH = 0.12  # longest arrow, as a fraction of the plotted width
# critic colours: blue where the critic says "fake", pale in between, teal where it says "real"; light
# enough that black real points and magenta samples stand out on every part of it
FIELD = [[0.0, "#4575b4"], [0.25, "#91bfdb"], [0.5, "#f7f7f7"], [0.75, "#b8e186"], [1.0, "#4dac26"]]
MARKER_EDGE = {"color": "white", "width": 0.6}
# a loss's name in a table's row label: a soft hyphen lets the one name wider than a phone's label column break
# as "non-" / "saturating" (unbroken, it reads as the loss's name)
LOSS_LABELS = {"nonsaturating": "non\u00adsaturating"}
W1_BAND = "rgba(230, 97, 1, 0.18)"  # the W1 estimate's tolerance around the true W1 (ARROW, pale)


def plane_figure(snap: Snapshot, loss: str, extent: float, label: str = "") -> PlotData:
    """Samples over the real data, the critic as a heatmap, and arrows ``-grad_x L_G`` at some samples."""
    v = snap.values
    if is_wasserstein(loss):
        mid = float(np.median(v))
        half = float(np.abs(v - mid).max()) or 1.0
        zmin, zmax, title = mid - half, mid + half, "f(x)"
    else:
        zmin, zmax, title = 0.0, 1.0, "D(x)"
    field = F.heatmap(snap.axis, snap.axis, v, title, FIELD, zmin, zmax, opacity=0.8)
    field["colorbar"].update(orientation="h", x=0.5, xanchor="center", y=-0.16, yanchor="top", len=0.6,
                             thickness=10, title={"text": title, "side": "left"})
    real = F.scatter(snap.real, tr("gan.fig_real"), REAL, size=5, opacity=0.8)
    fake = F.scatter(snap.fake, tr("gan.fig_fake"), FAKE, size=5)
    real["marker"]["line"], fake["marker"]["line"] = MARKER_EDGE, MARKER_EDGE
    top = float(np.linalg.norm(snap.arrow_dir, axis=1).max()) if len(snap.arrow_dir) else 0.0
    arrows = F.arrows(snap.arrow_at, snap.arrow_dir, tr("gan.fig_arrows", top=top), ARROW, 2 * extent * ARROW_LENGTH)
    head = f"{label}<br>" if label else ""  # the run's name on a line of its own: one line is cut on a phone
    layout = F.panels([""], extent, height=PLOT_HEIGHT + 180, top=36)
    layout["xaxis"]["constrain"] = layout["yaxis"]["constrain"] = "domain"  # the plane fills a square
    layout.update(uirevision="plane", margin={"l": 50, "r": 10, "t": 58 if label else 40, "b": 150},
                  title={"text": head + tr("gan.fig_plane_title", loss=loss, it=snap.iteration, field=title),
                         "x": 0.01, "xanchor": "left", "font": {"size": 13}},
                  legend={"orientation": "h", "x": 0, "y": -0.32, "yanchor": "top", "font": {"size": 12}})
    return F.figure([field, fake, *arrows, real], layout)  # real data on top: the ring's modes are tight


STACKED_ROW, STACKED_GAP = 146, 77  # the three curve panels one above the other (pixels a panel, between panels):
#                                     as wide as the screen, on a phone too; the gap holds each panel's title
JS_ROW, JS_GAP = 262, 225  # the two panels of the JS-vs-W1 figure one above the other (side by side, a phone cut
#                            their titles); the gap holds the upper panel's axis title and legend


def curves_figure(box: Sandbox) -> PlotData:
    """Loss curves; W1 estimate (WGANs) and sliced W2 with its floor; mode coverage on the mixtures. A shipped
    run recorded its losses every few iterations but its distances and coverage only at its end: those show as
    labelled points, with a note that training on draws their curves."""
    h, m, loss = box.run.history, box.metrics, box.run.cfg.loss
    critic = tr("gan.fig_critic_loss") if is_wasserstein(loss) else tr("gan.fig_d_loss")
    data = [F.lines(h.iteration, h.d_loss, critic, F.COLORS[2], 0), F.lines(h.iteration, h.g_loss, tr("gan.fig_g_loss"),
                                                                           FAKE, 0)]
    if is_wasserstein(loss) and h.w_estimate:
        data.append(F.lines(h.iteration, h.w_estimate, tr("gan.fig_w1"), ARROW, 1))
    w2 = F.lines(m.w2_iteration, m.w2, tr("gan.fig_w2"), "#2166ac", 1, markers=True)
    floor = F.lines(m.w2_iteration, m.floor, tr("gan.fig_w2_floor"), "#2166ac", 1, dash="dot")
    data += [w2, floor]
    titles = [tr("gan.fig_losses"), tr("gan.fig_distances"), ""]
    y_titles = [tr("gan.fig_loss_axis"), tr("gan.fig_distance_axis"), ""]
    ends_only = len(m.w2_iteration) == 1 and len(h.iteration) > 1  # a shipped run, not trained on yet
    if ends_only:
        _label_points(w2, "{:.3f}", "top left")
        floor.update(mode="markers", marker={"size": 14, "symbol": "line-ew-open", "color": "#2166ac"})
    if box.target.mixture is not None:
        k = box.target.mixture.centres.shape[0]
        modes = F.lines(m.iteration, m.modes_percent(k), tr("gan.fig_modes", k=k), "#b2182b", 2,
                        markers=True)
        hq = F.lines(m.iteration, [100 * v for v in m.hq], tr("gan.fig_hq"), "#4d4d4d", 2, markers=True)
        if ends_only:
            _label_points(modes, "{:.0f}%")
            _label_points(hq, "{:.0f}%")
        data += [modes, hq]
        titles[2], y_titles[2] = tr("gan.fig_coverage"), "%"
    layout = F.grid(titles, tr("gan.fig_iteration"), y_titles)
    layout.update(uirevision="curves", margin={"l": 60, "r": 20, "t": 50, "b": 60},
                  legend={"orientation": "h", "y": -0.1, "x": 0})
    F.stacked(layout, STACKED_ROW, STACKED_GAP)  # one x-axis title, under the bottom panel
    last = max([0, *h.iteration, *m.iteration, *m.w2_iteration])
    for i in range(3):  # a shipped run shows its whole history: the axes start at 0
        layout["xaxis" + ("" if i == 0 else str(i + 1))]["range"] = [0, max(1, last) * 1.03]
    if box.target.mixture is not None:
        layout["yaxis3"]["range"] = [0, 105]
    if ends_only:  # in the empty left part of the coverage panel (of the distances panel without one)
        panel = "3" if box.target.mixture is not None else "2"
        layout["annotations"].append({"text": tr("gan.fig_ends_only"), "xref": f"x{panel} domain",
                                      "yref": f"y{panel} domain", "x": 0.03, "y": 0.5, "xanchor": "left",
                                      "yanchor": "middle", "align": "left", "showarrow": False,
                                      "font": {"size": 12, "color": "#555555"}})
    return F.figure(data, layout)


def _label_points(trace: dict, fmt: str, where: str = "middle left") -> None:
    """Write each point's value beside it (left of the point: the last one sits at the axis' right end)."""
    trace.update(mode="markers+text", text=[fmt.format(v) for v in trace["y"]], textposition=where,
                 textfont={"size": 12, "color": trace["line"]["color"]})


def status_text(box: Sandbox, updates_per_second: float | None = None, refreshes_per_second: float | None = None
                ) -> str:
    """One line of figures: progress, speed, coverage, W2 against its floor."""
    snap, run = box.last, box.run
    source = box.source if box.source != "live" else tr("gan.live")
    parts = [f"**{source}** · " + tr("gan.st_iteration", it=run.iteration, updates=run.updates)]
    if updates_per_second is not None:
        parts.append(tr("gan.st_ups", v=updates_per_second))
    if refreshes_per_second is not None:
        parts.append(tr("gan.st_rps", v=refreshes_per_second))
    if snap.coverage is not None:
        c = snap.coverage
        lo, hi = (100 * c.get(k, c["hq"]) for k in ("hq_lo", "hq_hi"))  # 95% interval (Wilson)
        parts.append(tr("gan.st_modes", modes=c["modes"], k=c["num_modes"], hq=100 * c["hq"], lo=lo, hi=hi))
    if box.last_w2 is not None:
        w = box.last_w2
        lo, hi = w.get("floor_lo", w["floor"]), w.get("floor_hi", w["floor"])
        parts.append(tr("gan.st_w2", w2=w["w2"], w2_lo=w.get("w2_lo", w["w2"]), w2_hi=w.get("w2_hi", w["w2"]),
                        floor=w["floor"], lo=lo, hi=hi, ratio=w["ratio"]))
    if is_wasserstein(run.cfg.loss) and run.history.w_estimate:
        parts.append(tr("gan.st_w1", v=run.history.w_estimate[-1]))
    if box.lr_scale != 1.0:  # a shipped run goes on at the rates its schedule ended with, not those shown
        parts.append(tr("gan.st_lr", lr_g=run.cfg.lr_g, lr_d=run.cfg.lr_d, pct=100 * box.lr_scale))
    return " · ".join(parts)


def _mean_over_seeds(figure: tuple[float, float, float], digits: int) -> str:
    """``mean [lo, hi]``: the mean over the shipped seeds and its 95% Student-t interval (``shipped_summary``)."""
    mean, lo, hi = figure
    return f"{mean:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"


def shipped_tables(rows: list[dict]) -> tuple[list[list], list[list]]:
    """Rows of the shipped-runs tables, one per loss and mixture (``shipped_summary``'s rows), each led by the run
    (loss, mixture and its number of modes): the high-quality % and W2 / floor as their means over the seeds with
    95% intervals, ``mean [lo, hi]``; and each seed's modes covered and high-quality %, ``s0 / s1 / s2`` (a count
    of modes is read per seed: its mean's t-interval ran past the number of modes)."""
    means, seeds = [], []
    for r in rows:
        loss = LOSS_LABELS.get(r["loss"], r["loss"])
        run = tr("gan.th_run_label", loss=loss, dataset=r["dataset"], k=r["num_modes"])
        means.append([run, _mean_over_seeds(r["hq_percent_mean"], 1), _mean_over_seeds(r["w2_ratio_mean"], 2)])
        seeds.append([run, " / ".join(str(m) for m in r["modes"]), " / ".join(f"{100 * h:.1f}" for h in r["hq"])])
    return means, seeds


def js_w1_figure(rows) -> PlotData:
    """Generator gradient norm vs distance (log scale) above the critics' estimates vs the truth, sharing the
    distance axis; each panel with its own legend below it (the two panels reuse colours for one loss). The W1
    estimate is drawn inside its tolerance band around the true W1, beside the critic's raw gap it comes from
    (``core.gan.experiment``: the raw gap overshoots by the critic's slope)."""
    th = [r.theta for r in rows]
    tiny = 1e-12  # a zero gradient on a log axis
    grads = [F.lines(th, [r.grad_js for r in rows], tr("gan.fig_js_gan"), FAKE, 0, markers=True, log_floor=tiny),
             F.lines(th, [r.grad_ns for r in rows], tr("gan.fig_ns_gan"), "#999999", 0, dash="dash", markers=True,
                     log_floor=tiny),
             F.lines(th, [r.grad_w1 for r in rows], tr("gan.fig_wgan_gp"), ARROW, 0, markers=True, log_floor=tiny)]
    for trace, key in zip(grads, ("grad_js", "grad_ns", "grad_w1")):  # gradients down to 1e-8: not rounded to 0
        trace["y"] = F.typed_array([max(getattr(r, key), tiny) for r in rows])
    tol = [W1_TOLERANCE * v for v in th]  # the estimate's stated tolerance around the truth
    measures = [F.lines(th, [r.js_estimate for r in rows], tr("gan.fig_js_est"), FAKE, 1, markers=True),
                F.lines(th, [float(np.log(2))] * len(th), tr("gan.fig_js_true"), FAKE, 1, dash="dot"),
                *F.band(th, [v - e for v, e in zip(th, tol)], [v + e for v, e in zip(th, tol)],
                        tr("gan.fig_w1_band", pct=100 * W1_TOLERANCE), W1_BAND, 1),
                F.lines(th, th, tr("gan.fig_w1_true"), ARROW, 1, dash="dot"),
                F.lines(th, [r.w1_estimate for r in rows], tr("gan.fig_w1_est"), ARROW, 1, markers=True),
                F.lines(th, [r.w1_gap for r in rows], tr("gan.fig_w1_gap"), "#999999", 1, dash="dash",
                        markers=True)]
    for trace in measures:
        trace["legend"] = "legend2"
    titles = [tr("gan.fig_grad_title"), tr("gan.fig_measure_title")]
    layout = F.grid(titles, tr("gan.fig_theta"), [tr("gan.fig_grad_norm"), tr("gan.fig_estimate")],
                    y_logs=[True, False])
    layout["margin"] = {"l": 60, "r": 20, "t": 40, "b": 70}
    F.stacked(layout, JS_ROW, JS_GAP, share_x_title=False)  # each x-axis titled: a legend sits between
    legend = {"orientation": "h", "x": 0, "xanchor": "left", "yanchor": "top", "font": {"size": 12}}
    layout["legend"] = {**legend, "y": 1 - JS_ROW / (2 * JS_ROW + JS_GAP) - 0.1}
    layout["legend2"] = {**legend, "y": -0.1}
    layout["yaxis"].update(dtick=2, exponentformat="power")  # 10⁻⁶, not Plotly's SI "1µ" / "10n"
    return F.figure(grads + measures, layout)


def w1_summary(row, gp_lambda: float) -> str:
    """One line on the WGAN-GP critic's W1 estimate at ``row.theta`` (a ``DistanceResult``): the estimate beside the
    true W1 and its error, and the raw gap it comes from, the estimate times the critic's slope (about
    ``1 + theta / (2 gp_lambda)``, where the soft gradient penalty lets it settle)."""
    return tr("gan.why_summary", theta=row.theta, est=row.w1_estimate, err=row.w1_estimate / row.theta - 1,
              gap=row.w1_gap, slope=row.slope, pred=1 + row.theta / (2 * gp_lambda))


def class_histogram(counts: list[int], mean_confidence: float, n: int, shown: int) -> PlotData:
    """How many of the ``n`` samples scored the classifier reads as each digit (every digit ticked); the title says
    that the gallery shows ``shown`` of them."""
    labels = [str(i) for i in range(len(counts))]
    data = [F.bars(labels, counts, tr("gan.fig_samples"), FAKE, text=[str(c) for c in counts])]
    layout = F.layout(tr("gan.fig_verdict", n=n, shown=shown, conf=mean_confidence), tr("gan.fig_predicted"),
                      tr("gan.fig_samples"), height=320)
    layout["xaxis"].update(type="category", tickmode="linear", dtick=1)
    layout["yaxis"]["range"] = [0, 1.18 * max([1, *counts])]  # room for the labels above the bars
    layout["margin"]["t"] = 70  # the title's two lines
    return F.figure(data, layout)
