"""The guidance tab: classifier guidance and classifier-free guidance on a labelled 2D ring and on digits.

Tracks: 2D (score fields over the plane at a noise level, samples of a class with and without guidance),
digits (a gallery for class, method, scale, steps and seed) and the saved fidelity-diversity sweep.
"""
from __future__ import annotations

import gradio as gr
import pandas as pd

from core.data.digits import to_pixels
from core.guidance.quality import SWEEP_SAMPLES
from core.guidance.request import (
    DEFAULTS,
    DIGIT_LABELS,
    FIELD_EXTENT,
    N_IMAGES,
    N_POINTS,
    RING_LABELS,
    SCALE,
    STEPS,
    T,
    digits_request,
    field_request,
    points_request,
)
from core.metrics.intervals import format_interval
from demos.common import share
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.results import load_result
from demos.common.widgets import (BESIDE, CONTROLS_COLUMN, CPU_HEAVY, IMAGE_BUTTONS, NARROW, RESULT_COLUMN, TABLE, on_page_load,
                                   seed_box, slider)
from demos.guidance import plots

# table headers and row names: keys "guidance.th_<name>" (plain symbols stay as they are). A phone shows at most
# four columns (a label and up to three figures, each "v [lo, hi]" in one cell): the 2D and digits statistics are
# one row per measure; the sweep keeps its rows (method and scale in the row's name) in two tables.
POINT_MEASURES = ["w", "NFE", "ms", "on_class", "spread", "shift"]  # rows; columns: no guidance, guided
POINT_HEADERS = ["measure", "plain", "guided"]
DIGIT_MEASURES = ["method", "w", "NFE", "ms", "accuracy", "diversity", "class_frechet"]  # rows of one column
DIGIT_HEADERS = ["measure", "value"]
SWEEP_HEADERS = ["method_w", "accuracy", "diversity", "class_frechet"]  # fidelity and diversity
SWEEP_MORE_HEADERS = ["method_w", "frechet", "seconds"]  # the Fréchet over every class, and the time
SPEED_HEADERS = ["batch", "batched_ms", "separate_ms", "speedup"]
SYMBOLS = ("w", "NFE", "ms")  # headers that read the same in every language
POINT_WIDTHS, DIGIT_WIDTHS = ["34%", "33%", "33%"], ["45%", "55%"]  # percent: Gradio sizes columns in pixels otherwise
SWEEP_WIDTHS, SWEEP_MORE_WIDTHS = ["21%", "26%", "29%", "24%"], ["34%", "38%", "28%"]
SPEED_WIDTHS = ["19%", "27%", "27%", "27%"]


def _th(h: str, **params) -> str:
    return h if h in SYMBOLS else tr(f"guidance.th_{h}", **params)


def _table(rows: list[list], headers: list[str], **params) -> pd.DataFrame:
    """Rows under translated headers."""
    return pd.DataFrame(rows, columns=[_th(h, **params) for h in headers])


def _long(measures: list[str], columns: list[list], headers: list[str]) -> pd.DataFrame:
    """One row per measure (its translated name first), one column per thing compared (``columns``, each its
    figures in the order of ``measures``)."""
    return _table([[_th(m), *(c[i] for c in columns)] for i, m in enumerate(measures)], headers)


@gpu
def show_field(method, label, scale, direction, t_level):
    """The class (or classifier-gradient), unconditional and guided score fields at noise level t; a figure."""
    return plots.field_figure(field_request(method, label, scale, direction, t_level), FIELD_EXTENT)


@gpu
def sample_points(method, label, scale, direction, n_points, steps, seed):
    """Samples of a ring class without and with guidance; returns (figure, stats rows)."""
    res = points_request(method, label, scale, direction, n_points, steps, seed)
    columns = [[s["w"], s["nfe"], round(s["seconds"] * 1000, 1), *(format_interval(s, k) for k in ("on_class", "spread",
                                                                                                     "shift"))]
               for s in res.stats]
    return plots.points_figure(res, FIELD_EXTENT), _long(POINT_MEASURES, columns, POINT_HEADERS)


@gpu
def generate_digits(label, method, scale, direction, steps, seed, n_images):
    """Digits of a class under guidance; returns (image grid, stats rows)."""
    res = digits_request(label, method, scale, direction, steps, seed, n_images)
    s, g = res.stats, res.generated
    row = [plots.method_name(res.method), res.w, g.nfe, round(g.seconds * 1000, 1),
           *(format_interval(s, k, d) for k, d in (("class_accuracy", 3), ("diversity", 2), ("class_frechet", 1)))]
    return digit_grid(to_pixels(g.x), cols=10), _long(DIGIT_MEASURES, [row], DIGIT_HEADERS)


def _guidance_controls(label_choices, label_key: str):
    with gr.Row():
        method = gr.Radio([(t("guidance.method_cfg"), "cfg"), (t("guidance.method_classifier"), "classifier")],
                          value=DEFAULTS.method, label=t("guidance.method"))
        direction = gr.Radio([(t("guidance.toward"), "toward"), (t("guidance.away"), "away")],
                             value=DEFAULTS.direction, label=t("guidance.direction"))
        label = gr.Dropdown(list(label_choices), value=DEFAULTS.label, label=t(label_key))
    scale = slider(SCALE, t("guidance.scale"), info=t("guidance.scale_info"))
    return method, label, scale, direction


def _points_track():
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            method, label, scale, direction = _guidance_controls(RING_LABELS, "guidance.mode")
            t_level = slider(T, t("guidance.t"), info=t("guidance.t_info"), elem_id="guidance-t")
            field_btn = gr.Button(t("guidance.show_field"), elem_id="guidance-field-run")
        with gr.Column(**RESULT_COLUMN):
            gr.Markdown(t("guidance.field"))  # a heading, not a plot label drawn over the panels' titles
            field = gr.Plot(show_label=False, elem_id="guidance-field")
    gr.Markdown(t("guidance.field_explain"), latex_delimiters=LATEX)  # under the first screen's result
    d = DEFAULTS
    on_page_load(lambda: show_field(d.method, d.label, d.scale, d.direction, d.t), [field])
    field_inputs = [method, label, scale, direction, t_level]
    field_btn.click(show_field, field_inputs, [field], api_name="guidance_field", **CPU_HEAVY)
    t_level.release(show_field, field_inputs, [field], api_name=False, **CPU_HEAVY)
    with gr.Row():
        n_points = slider(N_POINTS, t("guidance.n_points"), min_width=NARROW)
        steps = slider(STEPS, t("guidance.steps"), min_width=NARROW)
        seed = seed_box(t("guidance.seed"), min_width=NARROW)
    go_btn = gr.Button(t("guidance.sample_points"), variant="primary", elem_id="guidance-points-run")
    gr.Markdown(t("guidance.samples"))
    samples = gr.Plot(show_label=False, elem_id="guidance-points-samples")
    stats = gr.Dataframe(label=t("guidance.stats"), column_widths=POINT_WIDTHS, elem_id="guidance-points-stats",
                         **TABLE)
    on_page_load(lambda: sample_points(d.method, d.label, d.scale, d.direction, d.n_points, d.steps, d.seed),
                 [samples, stats])
    gr.Markdown(t("guidance.points_note"))
    inputs = [method, label, scale, direction, n_points, steps, seed]
    go_btn.click(sample_points, inputs, [samples, stats], api_name="guidance_points", **CPU_HEAVY)
    share.link("guidance_points", sample_points, inputs, [samples, stats])


def _digits_track():
    d = DEFAULTS
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            method, label, scale, direction = _guidance_controls(DIGIT_LABELS, "guidance.class")
            with gr.Row():
                steps = slider(STEPS, t("guidance.steps"), min_width=NARROW)
                n_images = slider(N_IMAGES, t("guidance.n_images"), min_width=NARROW)
                seed = seed_box(t("guidance.seed"), min_width=NARROW)
            go_btn = gr.Button(t("guidance.generate"), variant="primary", elem_id="guidance-digits-run")
        with gr.Column(**RESULT_COLUMN):
            gr.Markdown(t("guidance.gallery"))  # a heading, not an image label drawn over the first digit
            gallery = gr.Image(show_label=False, format="png", elem_id="guidance-digits-gallery",
                               buttons=IMAGE_BUTTONS)
    stats = gr.Dataframe(label=t("guidance.stats"), column_widths=DIGIT_WIDTHS, elem_id="guidance-digits-stats",
                         **TABLE)
    gr.Markdown(t("guidance.digits_note"))
    on_page_load(lambda: generate_digits(d.label, d.method, d.scale, d.direction, d.steps, d.seed, d.n_images),
                 [gallery, stats])
    inputs = [label, method, scale, direction, steps, seed, n_images]
    go_btn.click(generate_digits, inputs, [gallery, stats], api_name="guidance_digits", **CPU_HEAVY)
    share.link("guidance_digits", generate_digits, inputs, [gallery, stats])


def saved_sweep(saved: dict):
    """The saved sweep (``benchmarks/bench_guidance.py``): (figure, fidelity-diversity table and the table of the
    Fréchet over every class and the time, each figure with its 95% interval, speed table)."""
    names = [tr("guidance.row_method_w", method=tr(f"guidance.short_{m}"), w=r["scale"])
             for m, rs in saved["sweep"].items() for r in rs]
    sweep = [r for rs in saved["sweep"].values() for r in rs]
    rows = [[name, *(format_interval(r, k, d) for k, d in (("class_accuracy", 3), ("diversity", 2),
                                                            ("class_frechet", 1)))] for name, r in zip(names, sweep)]
    more = [[name, format_interval(r, "frechet", 1), round(r["seconds"], 1)] for name, r in zip(names, sweep)]
    speed = [[r["batch"], round(r["batched_ms"], 2), round(r["separate_ms"], 2), round(r["ratio"], 2)]
             for r in saved["batched_forward"]]
    n = saved.get("settings", {}).get("samples", SWEEP_SAMPLES)  # digits per scale and method
    return (plots.sweep_figure(saved), _table(rows, SWEEP_HEADERS), _table(more, SWEEP_MORE_HEADERS, n=n),
            _table(speed, SPEED_HEADERS))


def _sweep_track():
    gr.Markdown(t("guidance.sweep_explain"))
    saved = load_result("guidance")
    if saved is None:
        gr.Markdown(t("guidance.missing"))
    else:
        gr.Markdown(t("guidance.sweep_plot"))
        fig = gr.Plot(show_label=False, elem_id="guidance-sweep")
        table = gr.Dataframe(label=t("guidance.sweep_table"), column_widths=SWEEP_WIDTHS,
                             elem_id="guidance-sweep-table", **TABLE)  # every row
        more = gr.Dataframe(label=t("guidance.sweep_more_table"), column_widths=SWEEP_MORE_WIDTHS,
                            elem_id="guidance-sweep-more", **TABLE)
        gr.Markdown(t("guidance.sweep_columns"))
        speed = gr.Dataframe(label=t("guidance.speed_table"), column_widths=SPEED_WIDTHS, elem_id="guidance-speed",
                             **TABLE)
        on_page_load(lambda: saved_sweep(saved), [fig, table, more, speed])
        gr.Markdown(t("guidance.speed_note"))
    gr.Markdown(t("guidance.finding"), latex_delimiters=LATEX)


def build() -> None:
    with gr.Tab(t("guidance.tab"), elem_id="tab-guidance"):
        gr.Markdown(t("guidance.explain"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab(t("guidance.points")):
                _points_track()
            with gr.Tab(t("guidance.digits")):
                _digits_track()
            with gr.Tab(t("guidance.sweep")):
                _sweep_track()
