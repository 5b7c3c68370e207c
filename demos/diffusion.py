"""The DDPM vs DDIM tab: two samplers, one model, the same starting noise.

Tracks: 2D points (shipped model per toy dataset, or a drawing trained live) and digits (the
class-conditional UNet), plus the steps-vs-quality chart of the DDIM paper's Table 1.
"""
from __future__ import annotations

import gradio as gr

from core import sweeps
from core.compare import (DIGIT_CLASSES, DRAWN, POINT_DATASETS, compare_digits, compare_points, live_point_model,
                          point_model, real_points_fn)
from core.digits import to_pixels
from core.train.live import LIVE_POINTS_CONFIG, MAX_LIVE_STEPS, MIN_LIVE_STEPS, live_points
from core.validation import MAX_IMAGES, MAX_POINTS, MAX_STEPS, check_choice
from demos import diffusion_plots as plots
from demos.common import CPU_HEAVY, digit_grid, reports_errors, t
from demos.diffusion_text import STRINGS  # noqa: F401  (merged into the app's gr.I18n)

SOURCES = ("shipped", "live")
STAT_HEADERS = ["sampler", "NFE", "ms", "metric", "value", "floor", "ratio"]


def _point_stats(cmp) -> list[list]:
    return [[r.method.upper(), r.generated.nfe, round(r.generated.seconds * 1000, 1), "sliced W2",
             round(r.metrics["w2"], 4), round(r.metrics["floor"], 4), round(r.metrics["ratio"], 2)]
            for r in (cmp.ddpm, cmp.ddim)]


def _digit_stats(cmp) -> list[list]:
    rows = []
    for r in (cmp.ddpm, cmp.ddim):
        base = [r.method.upper(), r.generated.nfe, round(r.generated.seconds * 1000, 1)]
        rows.append(base + ["classifier confidence", round(r.metrics["confidence"], 3), "", ""])
        if "class_accuracy" in r.metrics:
            rows.append(base + ["class accuracy", round(r.metrics["class_accuracy"], 3), "", ""])
    return rows


@reports_errors
def sample_points(dataset, drawing, source, steps, eta, n_points, seed, live):
    """DDPM vs DDIM on 2D points; returns (samples figure, stats rows, trajectory figure)."""
    dataset = check_choice("dataset", dataset, POINT_DATASETS)
    source = check_choice("model", source, SOURCES)
    draw_real = real_points_fn(dataset, drawing)
    if dataset == DRAWN or source == "live":
        model, sched_cfg = live_point_model(live, dataset)
    else:
        model, sched_cfg = point_model(dataset)
    cmp = compare_points(model, sched_cfg, draw_real, n_points, steps, eta, seed)
    return plots.samples_figure(cmp), _point_stats(cmp), plots.trajectory_figure(cmp)


@reports_errors
def train_points(dataset, drawing, train_steps, seed):
    """Train a 2D model from scratch, streaming (loss figure, samples figure, status, live model)."""
    dataset = check_choice("dataset", dataset, POINT_DATASETS)
    draw_real = real_points_fn(dataset, drawing)
    real = None
    steps, losses = [], []
    for up in live_points(draw_real, train_steps, seed):
        real = draw_real(1000, 1) if real is None else real
        steps.append(up.step)
        losses.append(up.loss)
        status = f"{up.step} / {up.total} · loss {up.loss:.4f} · {up.step / max(up.seconds, 1e-9):.0f} updates/s"
        yield (plots.loss_figure(steps, losses), plots.live_samples_figure(up.preview, real, up.step), status,
               {"dataset": dataset, "model": up.model})


@reports_errors
def sample_digits(digit_class, n_images, steps, eta, seed):
    """DDPM vs DDIM on digits; returns (DDPM grid, DDIM grid, stats rows, filmstrip)."""
    cmp = compare_digits(digit_class, n_images, steps, eta, seed)
    grids = [digit_grid(to_pixels(r.generated.x)) for r in (cmp.ddpm, cmp.ddim)]
    return grids[0], grids[1], _digit_stats(cmp), plots.filmstrip(cmp)


def saved_table1():
    """The saved Table 1 curves (2D and digits figures) from benchmarks/results, or (None, None)."""
    saved = sweeps.load_saved()
    if saved is None:
        return None, None
    return (plots.table1_figure(saved["points"]["rows"], "w2", "floor", f"2D · {saved['points']['dataset']}"),
            plots.table1_figure(saved["digits"]["rows"], "frechet", "frechet_floor", "digits"))


@reports_errors
def recompute_table1(dataset, progress=gr.Progress()):
    """A small live version of Table 1 on a toy dataset."""
    rows = sweeps.sweep_points(dataset, steps=sweeps.SMALL_STEPS, n=500, seeds=(0,),
                               progress=lambda f, msg: progress(f, desc=msg))
    return plots.table1_figure(rows, "w2", "floor", f"2D · {dataset} · 500 points (live)")


def _sampler_controls(default_steps: int = 50):
    with gr.Row():
        steps = gr.Slider(1, MAX_STEPS, value=default_steps, step=1, label=t("diffusion.steps"))
        eta = gr.Slider(0.0, 1.0, value=0.0, step=0.05, label=t("diffusion.eta"))
        seed = gr.Number(value=0, precision=0, minimum=0, label=t("diffusion.seed"))
    return steps, eta, seed


def _points_track():
    live = gr.State(None)
    with gr.Row():
        dataset = gr.Dropdown(list(POINT_DATASETS), value="moons", label=t("diffusion.dataset"))
        source = gr.Radio([(t("diffusion.source_shipped"), "shipped"), (t("diffusion.source_live"), "live")],
                          value="shipped", label=t("diffusion.source"))
        n_points = gr.Slider(100, MAX_POINTS, value=2000, step=100, label=t("diffusion.n_points"))
    steps, eta, seed = _sampler_controls()
    with gr.Accordion(t("diffusion.draw"), open=False):
        drawing = gr.Sketchpad(canvas_size=(256, 256), fixed_canvas=True, type="numpy", image_mode="RGBA",
                               brush=gr.Brush(colors=["#000000"], color_mode="fixed", default_size=8),
                               label=t("diffusion.draw"))
    go_btn = gr.Button(t("diffusion.sample"), variant="primary", elem_id="diffusion-points-run")
    samples = gr.Plot(label=t("diffusion.samples"), elem_id="diffusion-points-samples")
    stats = gr.Dataframe(headers=STAT_HEADERS, label=t("diffusion.stats"), interactive=False)
    traj = gr.Plot(label=t("diffusion.trajectories"))
    go_btn.click(sample_points, [dataset, drawing, source, steps, eta, n_points, seed, live], [samples, stats, traj],
                 api_name="diffusion_points", **CPU_HEAVY)
    with gr.Row():
        train_steps = gr.Slider(MIN_LIVE_STEPS, MAX_LIVE_STEPS, value=LIVE_POINTS_CONFIG.steps, step=100,
                                label=t("diffusion.train_steps"))
        train_btn = gr.Button(t("diffusion.train"), elem_id="diffusion-train")
        cancel_btn = gr.Button(t("diffusion.cancel"), variant="stop")
    status = gr.Textbox(label=t("diffusion.train_status"), interactive=False, elem_id="diffusion-train-status")
    with gr.Row():
        loss = gr.Plot(label=t("diffusion.loss"))
        live_samples = gr.Plot(label=t("diffusion.live_samples"))
    train_ev = train_btn.click(train_points, [dataset, drawing, train_steps, seed], [loss, live_samples, status, live],
                               api_name="diffusion_train", **CPU_HEAVY)
    cancel_btn.click(None, None, None, cancels=[train_ev])


def _digits_track():
    with gr.Row():
        digit_class = gr.Dropdown(list(DIGIT_CLASSES), value="any", label=t("diffusion.class"))
        n_images = gr.Slider(1, MAX_IMAGES, value=16, step=1, label=t("diffusion.n_images"))
    steps, eta, seed = _sampler_controls()
    go_btn = gr.Button(t("diffusion.generate"), variant="primary", elem_id="diffusion-digits-run")
    with gr.Row():
        ddpm = gr.Image(label=t("diffusion.ddpm_images"), format="png", elem_id="diffusion-digits-ddpm")
        ddim = gr.Image(label=t("diffusion.ddim_images"), format="png", elem_id="diffusion-digits-ddim")
    stats = gr.Dataframe(headers=STAT_HEADERS, label=t("diffusion.stats"), interactive=False)
    film = gr.Image(label=t("diffusion.filmstrip"), format="png")
    go_btn.click(sample_digits, [digit_class, n_images, steps, eta, seed], [ddpm, ddim, stats, film],
                 api_name="diffusion_digits", **CPU_HEAVY)


def _table1_track():
    gr.Markdown(t("diffusion.table1_explain"))
    points_fig, digits_fig = saved_table1()
    with gr.Row():
        gr.Plot(points_fig, label=t("diffusion.table1_points"))
        gr.Plot(digits_fig, label=t("diffusion.table1_digits"))
    with gr.Row():
        dataset = gr.Dropdown([d for d in POINT_DATASETS if d != DRAWN], value="moons", label=t("diffusion.dataset"))
        btn = gr.Button(t("diffusion.recompute"))
    live_fig = gr.Plot(label=t("diffusion.table1_live"))
    btn.click(recompute_table1, [dataset], [live_fig], api_name="diffusion_table1_live", **CPU_HEAVY)


def build() -> None:
    with gr.Tab(t("diffusion.tab"), elem_id="tab-diffusion"):
        gr.Markdown(t("diffusion.explain"), latex_delimiters=[{"left": "$$", "right": "$$", "display": True},
                                                              {"left": "$", "right": "$", "display": False}])
        with gr.Tabs():
            with gr.Tab(t("diffusion.points")):
                _points_track()
            with gr.Tab(t("diffusion.digits")):
                _digits_track()
            with gr.Tab(t("diffusion.table1")):
                _table1_track()
