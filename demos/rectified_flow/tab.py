"""The rectified-flow tab: flow matching on the straight path, reflow, OT coupling, one-step generation.

Tracks: 2D (shipped flows of two dataset pairs, or flows trained live between any two of Gaussian,
toy densities and drawings, with reflow) and digits (the 1- and 2-rectified digits flows through
``FlowMatchEulerDiscreteScheduler``, beside DDIM at equal network evaluations, from the benchmark JSON).
"""
from __future__ import annotations

import gradio as gr
import pandas as pd

from core.data.digits import DIGIT_CLASSES, to_pixels
from core.data.targets import POINT_DATASETS
from core.metrics.intervals import format_interval
from core.rectified_flow.live import LIVE_COUPLINGS, LiveRectifiedFlow
from core.rectified_flow.points import FLOW_POINTS_CONFIG, SOURCES
from core.rectified_flow import request as R
from core.rectified_flow.request import digits_request, points_request
from demos.common import share
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.live import Frame, LiveView
from demos.common.results import load_result
from demos.common.widgets import (BESIDE, CONTROLS_COLUMN, CPU_HEAVY, IMAGE_BUTTONS, NARROW, RESULT_COLUMN, TABLE, on_page_load,
                                   seed_box, sketchpad, slider, updates_slider)
from demos.rectified_flow import plots

# table headers: keys "rectified_flow.th_<name>" (``tr`` finds them by the module name; plain symbols stay as they are).
# A phone shows at most four columns (a label and up to three figures, each "v [lo, hi]" in one cell): the 2D flows'
# figures are two tables (paths; sliced W2 with its floor as a row), the digits' one row per measure.
PATH_HEADERS = ["flow_nfe_ms", "S", "transport"]
W2_HEADERS = ["flow", "w2_n", "w2_1"]
DIGIT_MEASURES = ["steps", "NFE", "ms", "confidence", "accuracy", "frechet", "frechet_floor"]  # rows, as DigitsResult's
MEASURED_HEADERS = ["figure", "value"]
SYMBOLS = ("NFE", "ms", "S")  # headers that read the same in every language (S: straightness, in the label)
PATH_WIDTHS = ["42%", "26%", "32%"]  # percent column widths: Gradio sizes columns in pixels otherwise
W2_WIDTHS = ["36%", "32%", "32%"]
DIGIT_WIDTHS = ["40%", "30%", "30%"]

D = R.DEFAULTS  # every view's defaults


def _th(h: str, **params) -> str:
    return h if h in SYMBOLS else tr(f"rectified_flow.th_{h}", **params)


def _table(rows: list[list], headers: list[str]) -> pd.DataFrame:
    """Rows under translated headers."""
    return pd.DataFrame(rows, columns=[_th(h) for h in headers])


def _stats(res) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(paths table: each flow's straightness and transport cost, its NFE and milliseconds in the row's name;
    W2 table: each flow's sliced W2 after N and after 1 Euler step, then the floor's row), each "v [lo, hi]"."""
    paths = _table([[tr("rectified_flow.row_flow", flow=plots.flow_name(r.label), nfe=r.nfe, ms=r.seconds * 1000),
                     float(f"{r.straightness:.3g}"), round(r.transport_cost, 3)] for r in res.rows], PATH_HEADERS)
    rows = [[plots.flow_name(r.label), format_interval(r.w2, "w2", 4), format_interval(r.w2_one_step, "w2", 4)]
            for r in res.rows]
    floor = format_interval(res.rows[0].w2, "floor", 4)  # one target sample behind every flow's W2: one floor
    rows.append([tr("rectified_flow.row_floor"), floor, floor])
    w2 = pd.DataFrame(rows, columns=[_th("flow"), _th("w2_n", steps=res.steps), _th("w2_1")])
    return paths, w2


@gpu
def sample_points(source, target, source_drawing, target_drawing, model, steps, n_points, seed, live):
    """Every flow of the pair from the same source points; returns (paths figure, 1-step figure, paths table,
    W2 table)."""
    res = points_request(source, target, source_drawing, target_drawing, model, live, steps, n_points, seed)
    return plots.transport_figure(res), plots.one_step_figure(res), *_stats(res)


def _live_draw(live: LiveRectifiedFlow, frame: Frame):
    """(loss figure, samples figure, status, state) of the live flows at ``frame``."""
    label = live.label(live.stage)
    it, ev = live.run.iteration, frame.event
    parts = [f"{live.source.name} → {live.target.name}", plots.flow_name(label),
             tr("rectified_flow.status_updates", it=it, total=live.total)]
    if ev is not None:
        parts += [tr("rectified_flow.status_loss", loss=ev.loss), tr("rectified_flow.status_rate", rate=ev.updates_per_second)]
    if frame.note:
        parts.append(frame.note)
    extent = max(live.source.extent, live.target.extent)
    return (plots.loss_figure(list(zip(live.steps, live.losses)), live.stage),
            plots.live_figure(live.preview(), live.real, label, it, extent), " · ".join(parts), live)


def waiting_view():
    """(loss figure, samples figure, status) before anything is trained live: empty axes, how to start."""
    return (*plots.waiting_figures(), tr("rectified_flow.status_idle"))


LIVE = LiveView("rf", _live_draw, waiting_view)


def train_flow(live, source, target, source_drawing, target_drawing, coupling, train_steps, seed):
    """Train (or resume) the session's current flow, streaming (loss, samples, status, state)."""
    yield from LIVE.train(LiveRectifiedFlow.continue_or_create(live, source, target, source_drawing, target_drawing,
                                                               coupling, train_steps, seed))


def step_flow(live, source, target, source_drawing, target_drawing, coupling, train_steps, seed):
    """A "step" of updates of the session's current flow, then one frame."""
    return LIVE.step(LiveRectifiedFlow.continue_or_create(live, source, target, source_drawing, target_drawing,
                                                          coupling, train_steps, seed))


def reflow(live, source, target, source_drawing, target_drawing, coupling, train_steps, seed):
    """Freeze the current flow, draw its pairs and start the next rectified flow (train it next)."""
    live = LiveRectifiedFlow.continue_or_create(live, source, target, source_drawing, target_drawing, coupling,
                                                train_steps, seed)
    live.reflow()
    return LIVE.frame(live)


def reset_flow():
    """Drop the session's live flows (a running call is cancelled)."""
    return LIVE.reset()


@gpu
def sample_digits(digit_class, n_images, steps, seed):
    """The 1- and 2-rectified digits flows from the same noise; returns (grid 1, grid 2, stats rows)."""
    res = digits_request(digit_class, n_images, steps, seed)
    grids = [digit_grid(to_pixels(x)) for x in res.images]
    return grids[0], grids[1], digit_table(res.rows)


def digit_table(rows: list[list]) -> pd.DataFrame:
    """One row per measure, one column per flow (a phone shows three columns whole): ``rows`` are
    ``DigitsResult.rows``, one per flow, its name first and then the figures of ``DIGIT_MEASURES``."""
    return pd.DataFrame([[_th(m, n=R.FRECHET_N), *(r[i + 1] for r in rows)] for i, m in enumerate(DIGIT_MEASURES)],
                        columns=[_th("measure"), *(plots.flow_name(r[0]) for r in rows)])


SPEED_ROWS = ("rf_points_default_s", "rf_digits_default_s", "live_updates_per_s", "endpoint_baseline_no_work_s",
              "endpoint_rf_points_s", "endpoint_rf_digits_s")  # the benchmark's speed keys, each a named row


def measured_rows(result: dict | None) -> pd.DataFrame:
    """The benchmark's headline figures as table rows, named in the request's language, each quality figure
    with its 95% interval."""
    rows = []
    for key, p in (result or {}).get("points", {}).items():
        pair = key.replace("->", " → ")
        rows += [[tr("rectified_flow.m_straightness", pair=pair), f"{p['straightness_ratio_2_over_1']:.5f}"],
                 [tr("rectified_flow.m_one_step", pair=pair), f"{p['one_step_w2_ratio_2_over_1']:.4f}"]]
        for label, f in p["flows"].items():
            rows.append([tr("rectified_flow.m_w2", pair=pair, flow=plots.flow_name(label)),
                         f"{format_interval(f['euler1'], 'w2', 4)} / {format_interval(f['euler100'], 'w2', 4)}"])
        rows.append([tr("rectified_flow.m_w2_floor", pair=pair),
                     format_interval(next(iter(p["flows"].values()))["euler1"], "floor", 4)])
    digits = (result or {}).get("digits", {})
    names = {"rf-digits-1": tr("rectified_flow.fig_rf1"), "rf-digits-2": tr("rectified_flow.fig_rf2"),
             "ddim": "DDIM (digits-unet)"}
    for key, name in names.items():
        for r in digits.get(key, []):
            if r["steps"] <= 4:
                rows.append([tr("rectified_flow.m_digits", flow=name, steps=r["steps"]),
                             f"{format_interval(r, 'frechet', 2)} / {format_interval(r, 'class_accuracy', 3)}"])
    first = next((rs[0] for rs in digits.values() if isinstance(rs, list) and rs), None)
    if first is not None and "frechet_floor" in first:
        rows.append([tr("rectified_flow.m_digits_floor"), format_interval(first, "frechet_floor", 2)])
    for key, value in (result or {}).get("speed", {}).items():
        name = tr(f"rectified_flow.m_{key}") if key in SPEED_ROWS else key
        rows.append([name, f"{value:.3g}"])
    return _table(rows, MEASURED_HEADERS)


def saved_views():
    """The saved benchmark's chart and headline table, in the request's language."""
    saved = load_result("rectified_flow")
    return plots.nfe_figure(saved), measured_rows(saved)


def _points_track():
    live = gr.State(None, time_to_live=3600)  # the user's LiveRectifiedFlow, dropped after an hour unused
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            with gr.Row():
                source = gr.Dropdown(list(SOURCES), value=D.source, label=t("rf.source"))
                target = gr.Dropdown(list(POINT_DATASETS), value=D.target, label=t("rf.target"))
                model = gr.Radio([(t("rf.model_shipped"), "shipped"), (t("rf.model_live"), "live")], value=D.model,
                                 label=t("rf.model"))
            with gr.Row():
                steps = slider(R.EULER_STEPS, t("rf.steps"), elem_id="rf-steps")
                n_points = slider(R.N_POINTS, t("rf.n_points"))
                seed = seed_box(t("rf.seed"))
            with gr.Accordion(t("rf.draw_source"), open=False):
                with gr.Row():
                    source_drawing = sketchpad(t("rf.draw_source"), pen=8)
                    target_drawing = sketchpad(t("rf.draw_target"), pen=8)
            go_btn = gr.Button(t("rf.sample"), variant="primary", elem_id="rf-points-run")
        with gr.Column(**RESULT_COLUMN):
            gr.Markdown(t("rf.transport"))  # headings, not plot labels drawn over the panels' titles
            transport = gr.Plot(show_label=False, elem_id="rf-transport")
    points = (D.source, D.target, None, None, D.model, D.steps, D.n, D.seed, None)  # the default request
    gr.Markdown(t("rf.one_step"))
    one_step = gr.Plot(show_label=False)
    stats = gr.Dataframe(label=t("rf.stats"), column_widths=PATH_WIDTHS, elem_id="rf-stats", **TABLE)
    w2 = gr.Dataframe(label=t("rf.w2_stats"), column_widths=W2_WIDTHS, elem_id="rf-w2", **TABLE)
    outputs = [transport, one_step, stats, w2]
    on_page_load(lambda: sample_points(*points), outputs)
    inputs = [source, target, source_drawing, target_drawing, model, steps, n_points, seed, live]
    go_btn.click(sample_points, inputs, outputs, api_name="rf_points", **CPU_HEAVY)
    share.link("rf_points", sample_points, inputs, outputs)
    with gr.Row():
        coupling = gr.Radio([(t(f"rf.coupling_{c}"), c) for c in LIVE_COUPLINGS], value=D.coupling,
                            label=t("rf.coupling"))
        train_steps = updates_slider(LiveRectifiedFlow.config, FLOW_POINTS_CONFIG.steps, t("rf.train_steps"),
                                     elem_id="rf-train-steps")
    with gr.Row():  # train / pause / step / reflow / reset, each #rf-<name>
        btn = {name: gr.Button(t(f"rf.{name}"), elem_id=f"rf-{name}", variant="stop" if name == "pause" else "secondary")
               for name in ("train", "pause", "step", "reflow", "reset")}
    status = gr.Textbox(label=t("rf.train_status"), interactive=False, lines=2,
                        elem_id="rf-train-status")
    with gr.Row():
        with gr.Column(min_width=300):
            gr.Markdown(t("rf.loss"))
            loss = gr.Plot(show_label=False, elem_id="rf-loss")
        with gr.Column(min_width=300):
            gr.Markdown(t("rf.live_samples"))
            live_samples = gr.Plot(show_label=False, elem_id="rf-live-samples")
    LIVE.show_empty_on_load([loss, live_samples, status])  # empty axes and how to start, in the visitor's language
    inputs = [live, source, target, source_drawing, target_drawing, coupling, train_steps, seed]
    LIVE.connect(live, [loss, live_samples, status, live], btn,
                 dict(train=(train_flow, inputs), step=(step_flow, inputs), reflow=(reflow, inputs),
                      reset=(reset_flow, None)), export="rf-2d-live")


def _digits_track():
    with gr.Row():
        digit_class = gr.Dropdown([(t("rf.any_class") if c == "any" else c, c) for c in DIGIT_CLASSES],
                                  value=D.digit_class,
                                  label=t("rf.class"), min_width=NARROW)
        n_images = slider(R.N_IMAGES, t("rf.n_images"), min_width=NARROW)
        steps = slider(R.DIGIT_STEPS, t("rf.digit_steps"), info=t("rf.digit_steps_info"), min_width=NARROW,
                       elem_id="rf-digit-steps")
        seed = seed_box(t("rf.seed"), min_width=NARROW)
    go_btn = gr.Button(t("rf.generate"), variant="primary", elem_id="rf-digits-run")
    digits = (D.digit_class, D.n_images, D.digit_steps, D.seed)  # the default request
    with gr.Row():  # headings, not image labels drawn over the first digits
        with gr.Column(min_width=300):
            gr.Markdown(t("rf.images_1"))
            img1 = gr.Image(show_label=False, format="png", elem_id="rf-digits-1", buttons=IMAGE_BUTTONS)
        with gr.Column(min_width=300):
            gr.Markdown(t("rf.images_2"))
            img2 = gr.Image(show_label=False, format="png", elem_id="rf-digits-2", buttons=IMAGE_BUTTONS)
    stats = gr.Dataframe(label=t("rf.digit_stats"), column_widths=DIGIT_WIDTHS, elem_id="rf-digit-stats", **TABLE)
    gr.Markdown(t("rf.confidence_note"))
    on_page_load(lambda: sample_digits(*digits), [img1, img2, stats])
    go_btn.click(sample_digits, [digit_class, n_images, steps, seed], [img1, img2, stats], api_name="rf_digits",
                 **CPU_HEAVY)
    share.link("rf_digits", sample_digits, [digit_class, n_images, steps, seed], [img1, img2, stats])
    saved = load_result("rectified_flow")
    if saved is None:
        gr.Markdown(t("rf.no_result"))
    gr.Markdown(t("rf.nfe_chart"))
    chart = gr.Plot(show_label=False, elem_id="rf-nfe-chart")
    table = gr.Dataframe(label=t("rf.measured"), column_widths=["55%", "45%"], elem_id="rf-measured",
                         **TABLE)  # every row, names whole on a phone
    on_page_load(saved_views, [chart, table])


def build() -> None:
    with gr.Tab(t("rf.tab"), elem_id="tab-rectified-flow"):
        gr.Markdown(t("rf.explain"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            for key, track in (("rf.points", _points_track), ("rf.digits", _digits_track)):
                with gr.Tab(t(key)):
                    track()
