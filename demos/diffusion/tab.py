"""The DDPM vs DDIM tab: two samplers, one model, the same starting noise.

Tracks: 2D points (shipped model per toy dataset, or a drawing trained live) and digits (the
class-conditional UNet), plus the steps-vs-quality chart of the DDIM paper's Table 1.
"""
from __future__ import annotations

import gradio as gr
import numpy as np
import pandas as pd

from core.data.digits import DIGIT_CLASSES, to_pixels
from core.data.targets import POINT_DATASETS, make_target
from core.data.toy2d import TOY_DATASETS
from core.diffusion import sweeps
from core.diffusion.compare import (DIGITS, N_IMAGES, N_POINTS, POINTS, STEPS, PointsSettings, compare_digits,
                                    compare_points_request, real_digits)
from core.diffusion.live import LIVE_POINTS_CONFIG, LiveDiffusionPoints
from core.runtime.validation import ETA
from demos.common import share
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.results import load_result
from demos.common.live import Frame, LiveView
from demos.common.widgets import (BESIDE, CONTROLS_COLUMN, CPU_HEAVY, IMAGE_BUTTONS, NARROW, RESULT_COLUMN, number_box, on_page_load,
                                   seed_box, sketchpad, slider, updates_slider)
from demos.diffusion import framework_view, plots, samplers_view
from demos.diffusion.tables import long_table, quality_table

SAMPLERS = ("ddpm", "ddim")  # the long tables' value columns, in this order


def _long(rows: list[tuple[str, list]]) -> pd.DataFrame:
    """A long table (``demos.diffusion.tables``): a row per measure, a column per sampler."""
    return long_table([(f"diffusion.m_{key}", cells) for key, cells in rows], [m.upper() for m in SAMPLERS])


def _range(m: dict, key: str, digits: int) -> str:
    """``[lo, hi]``: a figure's 95% interval."""
    return f"[{m[key + '_lo']:.{digits}f}, {m[key + '_hi']:.{digits}f}]"


def _with_range(m: dict, key: str, digits: int) -> str:
    """``v [lo, hi]``: a figure and its 95% interval in one cell."""
    return f"{m[key]:.{digits}f} {_range(m, key, digits)}"


def _timing(runs) -> list[tuple[str, list]]:
    """The rows every comparison starts with: network evaluations and wall time of each sampler."""
    return [("nfe", [r.generated.nfe for r in runs]), ("ms", [round(r.generated.seconds * 1000, 1) for r in runs])]


def _point_stats(cmp) -> pd.DataFrame:
    """SW2 with its 95% range (+- one real sample's noise at this size), the floor (real vs real, same size,
    8 draws) with the range a perfect model's run lands in, and their ratio (a ratio below 1 inside that range
    is noise)."""
    runs = (cmp.ddpm, cmp.ddim)
    return _long(_timing(runs) + [("sw2", [_with_range(r.metrics, "w2", 4) for r in runs]),
                                  ("floor", [_with_range(r.metrics, "floor", 4) for r in runs]),
                                  ("ratio", [_ratio(r) for r in runs])])


def _ratio(run) -> str:
    """The value / floor ratio; with the value inside the floor's range (``Run.at_floor``) it says so."""
    return f"{run.metrics['ratio']:.2f}" + (" " + tr("diffusion.row_at_floor") if run.at_floor else "")


def _digit_stats(cmp) -> pd.DataFrame:
    """Confidence and class accuracy with their 95% intervals, what real held-out digits score with the same
    classifier (a model cannot beat real digits by more than the noise), and the samples' figure over real
    digits'."""
    real, runs = real_digits(), (cmp.ddpm, cmp.ddim)
    rows = _timing(runs)
    for key in ("confidence", "class_accuracy"):
        if key in cmp.ddpm.metrics:
            rows += [(key, [_with_range(r.metrics, key, 3) for r in runs]),
                     (f"real_{key}", [_with_range(real, key, 3)] * len(runs)),
                     (f"ratio_{key}", [f"{r.ratio_to(real, key):.2f}" for r in runs])]
        else:  # class "any": no class was asked, so no accuracy
            rows += [(key, [tr("diffusion.row_no_class")] * len(runs)),
                     (f"real_{key}", [_with_range(real, key, 3)] * len(runs)), (f"ratio_{key}", ["-"] * len(runs))]
    return _long(rows)


@gpu
def sample_points(dataset, drawing, source, steps, eta, n_points, seed, live):
    """DDPM vs DDIM on 2D points; returns (samples figure, stats table, trajectory figure)."""
    settings = PointsSettings(dataset=dataset, source=source, steps=steps, eta=eta, n=n_points, seed=seed)
    cmp = compare_points_request(settings, drawing=drawing, live=live)
    return plots.samples_figure(cmp), _point_stats(cmp), plots.trajectory_figure(cmp)


def _live_draw(live: LiveDiffusionPoints, frame: Frame):
    """(loss figure, samples figure, status, state) of a live run at ``frame``."""
    it, ev = live.run.iteration, frame.event
    status = tr("diffusion.status", name=live.target.name, it=it, total=live.total)
    if ev is not None:
        status += " · " + tr("diffusion.status_loss", loss=ev.loss, rate=ev.updates_per_second)
    if frame.note:
        status += " · " + frame.note
    return (plots.loss_figure(live.steps, live.losses), plots.live_samples_figure(live.preview(), live.real, it),
            status, live)


def untrained_view():
    """(loss figure, samples figure, status) before any live training: the data a run would learn (no model)."""
    real = make_target("moons", None, POINT_DATASETS).reference(LiveDiffusionPoints.config.preview_points, 1)
    return plots.loss_figure([], []), plots.live_samples_figure(np.zeros((0, 2)), real, 0), tr("diffusion.untrained")


LIVE = LiveView("diffusion", _live_draw, untrained_view)


def train_points(live, dataset, drawing, train_steps, seed):
    """Train (or resume) the session's 2D model up to ``train_steps`` updates on the shared live session,
    streaming (loss figure, samples figure, status, state); pause ends the call, train again resumes."""
    yield from LIVE.train(LiveDiffusionPoints.continue_or_create(live, dataset, drawing, train_steps, seed))


def step_training(live, dataset, drawing, train_steps, seed):
    """A "step" of updates of the session's model, then one frame."""
    return LIVE.step(LiveDiffusionPoints.continue_or_create(live, dataset, drawing, train_steps, seed))


def reset_training():
    """Drop the session's live model (a running call is cancelled): the untrained view."""
    return LIVE.reset()


@gpu
def sample_digits(digit_class, n_images, steps, eta, seed):
    """DDPM vs DDIM on digits; returns (DDPM grid, DDIM grid, stats table, filmstrip)."""
    cmp = compare_digits(digit_class, n_images, steps, eta, seed)
    grids = [digit_grid(to_pixels(r.generated.x)) for r in (cmp.ddpm, cmp.ddim)]
    return grids[0], grids[1], _digit_stats(cmp), plots.filmstrip(cmp)


def saved_table1():
    """The saved Table 1 curves (2D and digits figures) from benchmarks/results and the note under them, shown
    where a curve reaches its floor's band (what such a point means); or (None, None, no note)."""
    saved = load_result("ddim_table1")
    if saved is None:
        return None, None, gr.Markdown(visible=False)
    charts = [(saved["points"]["rows"], "w2", "floor"), (saved["digits"]["rows"], "frechet", "frechet_floor")]
    titles = [tr("diffusion.track_2d", dataset=saved["points"]["dataset"]), tr("diffusion.t1_digits")]
    reached = any(plots.reaches_floor(*chart) for chart in charts)
    return (*(plots.table1_figure(*chart, title) for chart, title in zip(charts, titles)),
            gr.Markdown(tr("diffusion.t1_floor_note") if reached else "", visible=reached))


def recompute_table1(dataset, progress=gr.Progress()):
    """A small live version of Table 1 on a toy dataset."""
    rows = sweeps.sweep_points(dataset, steps=sweeps.SMALL_STEPS, n=500, seeds=(0,),
                               progress=lambda f, msg: progress(f, desc=msg))
    return plots.table1_figure(rows, "w2", "floor", tr("diffusion.t1_live", dataset=dataset))


def _sampler_controls(track: str):
    """Steps (``#diffusion-<track>-steps``), eta and seed. Steps is a number field, not a slider: a slider's box
    cuts a typed 5000 to its maximum without a word; the field sends what was typed, and out of range the request
    is refused naming the parameter, the range and the value (the field's info names the range)."""
    with gr.Row():
        steps = number_box(STEPS, t("diffusion.steps"), info=t("diffusion.steps_info"), min_width=NARROW,
                           elem_id=f"diffusion-{track}-steps")
        eta = slider(ETA, t("diffusion.eta"), min_width=NARROW)
        seed = seed_box(t("diffusion.seed"))
    return steps, eta, seed


def _points_track():
    live = gr.State(None, time_to_live=3600)  # the user's LiveDiffusionPoints, dropped after an hour unused
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            with gr.Row():
                dataset = gr.Dropdown(list(POINT_DATASETS), value=POINTS.dataset, label=t("diffusion.dataset"),
                                      allow_custom_value=True)  # core checks it, and accepts the older spelling "drawn"
                source = gr.Radio([(t("diffusion.source_shipped"), "shipped"), (t("diffusion.source_live"), "live")],
                                  value=POINTS.source, label=t("diffusion.source"))
                n_points = slider(N_POINTS, t("diffusion.n_points"), min_width=NARROW)
            steps, eta, seed = _sampler_controls("points")
            with gr.Accordion(t("diffusion.draw"), open=False):
                drawing = sketchpad(t("diffusion.draw"), pen=8)
            go_btn = gr.Button(t("diffusion.sample"), variant="primary", elem_id="diffusion-points-run")
        with gr.Column(**RESULT_COLUMN):
            samples = gr.Plot(label=t("diffusion.samples"), elem_id="diffusion-points-samples")
    stats = quality_table("diffusion-points-stats", label=t("diffusion.stats"))
    traj = gr.Plot(label=t("diffusion.trajectories"), elem_id="diffusion-points-paths")
    inputs = [dataset, drawing, source, steps, eta, n_points, seed, live]
    go_btn.click(sample_points, inputs, [samples, stats, traj], api_name="diffusion_points", **CPU_HEAVY)
    share.link("diffusion_points", sample_points, inputs, [samples, stats, traj])
    p = POINTS
    on_page_load(lambda: sample_points(p.dataset, None, p.source, p.steps, p.eta, p.n, p.seed, None),
                 [samples, stats, traj])
    with gr.Row():
        train_steps = updates_slider(LiveDiffusionPoints.config, LIVE_POINTS_CONFIG.steps, t("diffusion.train_steps"),
                                     scale=2, min_width=220)
        train_btn = gr.Button(t("diffusion.train"), elem_id="diffusion-train")
        pause_btn = gr.Button(t("diffusion.pause"), variant="stop", elem_id="diffusion-pause")
        step_btn = gr.Button(t("diffusion.step"), elem_id="diffusion-step")
        reset_btn = gr.Button(t("diffusion.reset"), elem_id="diffusion-reset")
    status = gr.Textbox(label=t("diffusion.train_status"), interactive=False, lines=2, max_lines=4,
                        elem_id="diffusion-train-status")  # two lines: the whole status on a phone
    with gr.Row():
        loss = gr.Plot(label=t("diffusion.loss"), elem_id="diffusion-loss")
        live_samples = gr.Plot(label=t("diffusion.live_samples"), elem_id="diffusion-live-samples")
    LIVE.show_empty_on_load([loss, live_samples, status])
    train_inputs = [live, dataset, drawing, train_steps, seed]
    LIVE.connect(live, [loss, live_samples, status, live],
                 dict(train=train_btn, pause=pause_btn, step=step_btn, reset=reset_btn),
                 dict(train=(train_points, train_inputs), step=(step_training, train_inputs),
                      reset=(reset_training, None)), export="diffusion-2d-live")


def _digits_track():
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            with gr.Row():
                classes = [(t("diffusion.class_any") if c == "any" else c, c)
                           for c in DIGIT_CLASSES]  # "any" in the page's language
                digit_class = gr.Dropdown(classes, value=DIGITS.digit_class, label=t("diffusion.class"))
                n_images = slider(N_IMAGES, t("diffusion.n_images"), min_width=NARROW)
            steps, eta, seed = _sampler_controls("digits")
            go_btn = gr.Button(t("diffusion.generate"), variant="primary", elem_id="diffusion-digits-run")
        with gr.Column(**RESULT_COLUMN), gr.Row():
            with gr.Column(min_width=160):
                gr.Markdown(t("diffusion.ddpm_images"))  # a heading, not an image label drawn over the first digit
                ddpm = gr.Image(show_label=False, format="png", elem_id="diffusion-digits-ddpm",
                                buttons=IMAGE_BUTTONS)
            with gr.Column(min_width=160):
                gr.Markdown(t("diffusion.ddim_images"))
                ddim = gr.Image(show_label=False, format="png", elem_id="diffusion-digits-ddim",
                                buttons=IMAGE_BUTTONS)
    stats = quality_table("diffusion-digits-stats", note=False, label=t("diffusion.stats"))  # its ratios: to real digits
    gr.Markdown(t("diffusion.filmstrip"), latex_delimiters=LATEX)
    film = gr.Image(show_label=False, format="png", elem_id="diffusion-filmstrip", buttons=IMAGE_BUTTONS)
    outputs = [ddpm, ddim, stats, film]
    inputs = [digit_class, n_images, steps, eta, seed]
    go_btn.click(sample_digits, inputs, outputs, api_name="diffusion_digits", **CPU_HEAVY)
    share.link("diffusion_digits", sample_digits, inputs, outputs)
    d = DIGITS
    on_page_load(lambda: sample_digits(d.digit_class, d.n, d.steps, d.eta, d.seed), outputs)


def _table1_track():
    gr.Markdown(t("diffusion.table1_explain"))
    with gr.Row():
        points_plot = gr.Plot(label=t("diffusion.table1_points"), elem_id="diffusion-table1-points")
        digits_plot = gr.Plot(label=t("diffusion.table1_digits"), elem_id="diffusion-table1-digits")
    floor_note = gr.Markdown(visible=False, elem_id="diffusion-table1-note")
    on_page_load(saved_table1, [points_plot, digits_plot, floor_note])  # visitor's language
    with gr.Row():
        dataset = gr.Dropdown(list(TOY_DATASETS), value=POINTS.dataset, label=t("diffusion.dataset"))
        btn = gr.Button(t("diffusion.recompute"))
    live_fig = gr.Plot(label=t("diffusion.table1_live"), visible=False)  # shown once computed: no empty box
    btn.click(recompute_table1, [dataset], [live_fig], api_name="diffusion_table1_live", **CPU_HEAVY).then(
        lambda: gr.Plot(visible=True), None, [live_fig], api_name=False, queue=False)


def build() -> None:
    with gr.Tab(t("diffusion.tab"), elem_id="tab-diffusion"):
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab(t("diffusion.points")):
                _points_track()
            with gr.Tab(t("diffusion.digits")):
                _digits_track()
            with gr.Tab(t("diffusion.table1")):
                _table1_track()
            samplers_view.build()
            framework_view.build()
        # the two samplers' equations, under every view: each view's controls and first result fill the first screen
        gr.Markdown(t("diffusion.explain"), latex_delimiters=LATEX)
