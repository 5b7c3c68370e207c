"""The GAN tab: minimax GAN, non-saturating GAN, WGAN and WGAN-GP trained live on 2D data, the
JS-vs-W1 gradient experiment, and a WGAN-GP generator of 8x8 digits.

Live training runs on the sandbox's session through ``demos.common.live.LiveView``: throttled frames; pause
ends the call after the current iteration, and the run (kept in ``gr.State``) resumes where it stopped. The
page opens on the shipped WGAN-GP ring run (a view of it, the same for every visitor: no live run is built
until the visitor trains, steps or exports it).
"""
from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pandas as pd

from core.data.digits import to_pixels
from core.data.mixtures import MIXTURES
from core.data.targets import DATASETS
from core.gan import digits as gan_digits
from core.gan.experiment import DISTANCES, STEPS, checked_config, sweep
from core.gan.losses import LOSSES
from core.gan.recipes import SEEDS, point_name, shipped_name, shipped_summary
from core.gan.sandbox import ITERATIONS, SANDBOX, SPECS, GanFrames, Sandbox, Settings, check_iterations
from core.gan.train import DEFAULTS, OPTIMIZERS, recommended
from core.runtime import checkpoints
from demos.common import share
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.results import load_result
from demos.common.live import Frame, LiveView
from demos.common.widgets import CPU_HEAVY, IMAGE_BUTTONS, TABLE, WIDE, on_page_load, seed_box, sketchpad, slider
from demos.gan import plots

SEED_WIDTH = 140  # min width of a seed box beside a slider
CURVES_EVERY = 2  # frames between redraws of the training curves while streaming (the plane redraws every frame)
# The shipped runs' two tables, keys gan.th_*: the means over the seeds with their intervals, and each seed's
# figures. A label column and two figures each, in percent: on a phone (390 px) the widest word of each column
# ("saturating", "[61.7,", "quality") stays whole and in view; every row shown (a phone's rows wrap to 3 lines).
MEANS_HEADERS, MEANS_WIDTHS = ["run", "hq", "w2"], ["36%", "32%", "32%"]
SEEDS_HEADERS, SEEDS_WIDTHS = ["run", "modes", "hq"], ["36%", "34%", "30%"]


def _view(box: GanFrames, ups: float | None = None, rps: float | None = None, curves: bool = True, note: str = ""):
    """(state, plane, curves (or ``gr.skip()``: left as they are), status) for ``box``."""
    label = box.source if box.source != "live" else box.target.name
    status = plots.status_text(box, ups, rps) + (f" · {note}" if note else "")
    return (box, plots.plane_figure(box.last, box.run.cfg.loss, box.target.extent, label),
            plots.curves_figure(box) if curves else gr.skip(), status)


def _live_draw(box: Sandbox, frame: Frame):
    """The view at ``frame``: the curves at the call's first and last frame and every ``CURVES_EVERY`` between."""
    ev = frame.event
    curves = ev is None or ev.done or frame.index % CURVES_EVERY == 0
    return _view(box, ev.updates_per_second if ev is not None and frame.rate is not None else None, frame.rate,
                 curves, frame.note)


def shipped_view():
    """What the sandbox opens with: the shipped WGAN-GP ring run (a view of it, no live run: training, a step
    or an export makes the visitor's own copy), its settings in the controls."""
    if checkpoints.exists(point_name("ring", "wgan-gp", 0)):
        frames = GanFrames.shipped(shipped_name("wgan-gp", "ring", 0))
        return (*_view(frames), frames.target.name, *frames.settings.values())
    return (None, None, None, "", *[gr.skip()] * (1 + len(Settings.names())))


LIVE = LiveView("gan", _live_draw, shipped_view)


def train(box, dataset, drawing, *values):
    """Train for up to ``iterations`` iterations (the last value; the others are the ``Settings`` in order, at
    most the session's time cap), streaming (state, plane figure, curves figure, status) in throttled frames."""
    *settings, iterations = values
    iterations = check_iterations(iterations)
    yield from LIVE.train(Sandbox.continue_or_create(box, dataset, drawing, Settings(*settings)), iterations)


def step(box, dataset, drawing, *settings):
    """One iteration (D steps critic updates and one generator update), then a frame."""
    return LIVE.step(Sandbox.continue_or_create(box, dataset, drawing, Settings(*settings)), 1)


def reset(box, dataset, drawing, *settings):
    """A fresh run from the settings, untrained."""
    return _view(Sandbox.continue_or_create(None, dataset, drawing, Settings(*settings)))


def load_shipped(loss, dataset, seed):
    """Show a shipped run and put it (and its settings) into the sandbox, ready to resume."""
    box = Sandbox.from_checkpoint(shipped_name(loss, dataset, seed))
    return (*_view(box), box.target.name, *box.settings.values())


def shipped_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures of every shipped 2D run, as recorded by its recipe: the means over the seeds with their 95%
    intervals, and each seed's figures (one row per loss and mixture in both)."""
    means, seeds = plots.shipped_tables([r for ds in MIXTURES for r in shipped_summary(ds)])
    return (pd.DataFrame(means, columns=[tr(f"gan.th_{h}") for h in MEANS_HEADERS]),
            pd.DataFrame(seeds, columns=[tr(f"gan.th_{h}") for h in SEEDS_HEADERS]))


def defaults_for(loss):
    """The loss's recommended optimizer, learning rates and D steps."""
    d = recommended(loss)
    return d.optimizer, d.lr_g, d.lr_d, d.d_steps


@gpu
def why_wasserstein(steps, seed):
    """The JS-vs-W1 sweep, streaming the figure and the line on the W1 estimate as each distance is measured."""
    rows, cfg = [], checked_config(steps, seed)
    for row in sweep(DISTANCES, cfg):
        rows.append(row)
        yield plots.js_w1_figure(rows), plots.w1_summary(row, cfg.gp_lambda)


@gpu
def generate_digits(n_images, seed):
    """Gallery of the first ``n_images`` of ``gan_digits.JUDGED`` samples, the classifier's histogram, quality rows."""
    x, q = gan_digits.request_digits(n_images, seed)
    rng = lambda k, d: f"{q[k]:.{d}f} [{q[k + '_lo']:.{d}f}, {q[k + '_hi']:.{d}f}]"  # noqa: E731  value [95%]
    rows = [[tr("gan.row_confidence"), round(q["mean_confidence"], 3)],
            [tr("gan.row_classes"), q["classes_present"]],
            [tr("gan.row_frechet"), rng("frechet", 2)], [tr("gan.row_floor"), rng("frechet_floor", 2)],
            [tr("gan.row_ratio"), round(q["frechet_ratio"], 2)]]
    hist = plots.class_histogram(q["counts"], q["mean_confidence"], gan_digits.JUDGED, len(x))
    return digit_grid(to_pixels(x)), hist, pd.DataFrame(rows, columns=[tr("gan.hdr_metric"), tr("gan.hdr_value")])


@gpu
def interpolate_digits(seed_a, seed_b, frames):
    """The slerp strip from ``seed_a`` to ``seed_b`` and the classifier's reading of each frame."""
    x, v = gan_digits.request_interpolation(seed_a, seed_b, frames)
    labels = " → ".join(f"{d} ({c:.2f})" for d, c in zip(v["labels"], v["confidence"]))
    return digit_grid(to_pixels(x), cols=len(x)), labels


def saved_js_w1():
    """The JS-vs-W1 figure saved at the default settings (``benchmarks/gan_js_w1.py``) and the line on its W1
    estimate at the largest distance, or (None, "")."""
    saved = load_result("gan_js_w1")
    if not saved:
        return None, ""
    rows = [SimpleNamespace(**r) for r in saved["rows"]]
    return plots.js_w1_figure(rows), plots.w1_summary(rows[-1], saved["config"]["gp_lambda"])


def _sandbox_track():
    gr.Markdown(t("gan.sandbox_explain"), latex_delimiters=LATEX)
    box = gr.State(None, time_to_live=3600)  # the user's run, dropped after an hour unused
    d = DEFAULTS[SANDBOX.loss]
    with gr.Row():
        with gr.Column(scale=1, min_width=300):
            dataset = gr.Dropdown(list(DATASETS), value=SANDBOX.dataset, label=t("gan.dataset"))
            loss = gr.Radio(list(LOSSES), value=d.loss, label=t("gan.loss"))
            with gr.Row():
                lr_g = slider(SPECS["lr_g"], t("gan.lr_g"), min_width=WIDE)
                lr_d = slider(SPECS["lr_d"], t("gan.lr_d"), min_width=WIDE)
            with gr.Row():
                optimizer = gr.Dropdown(list(OPTIMIZERS), value=d.optimizer, min_width=WIDE,
                                        label=t("gan.optimizer"))
                d_steps = slider(SPECS["d_steps"], t("gan.d_steps"), min_width=WIDE)
            with gr.Row():
                gp_lambda = slider(SPECS["gp_lambda"], t("gan.gp_lambda"), min_width=WIDE)
                clip = slider(SPECS["clip"], t("gan.clip"), min_width=WIDE)
            with gr.Accordion(t("gan.settings"), open=False):
                noise_dim = slider(SPECS["noise_dim"], t("gan.noise_dim"))
                hidden = slider(SPECS["hidden"], t("gan.hidden"))
                depth = slider(SPECS["depth"], t("gan.depth"))
                batch = slider(SPECS["batch_size"], t("gan.batch"))
            with gr.Row():
                seed = seed_box(t("gan.seed"), min_width=SEED_WIDTH)
                iterations = slider(ITERATIONS, t("gan.iterations"), min_width=WIDE)
            with gr.Accordion(t("gan.drawing"), open=False):
                drawing = sketchpad(t("gan.drawing"), pen=10)
        with gr.Column(scale=2):
            with gr.Row():
                train_btn = gr.Button(t("gan.train"), variant="primary", elem_id="gan-train")
                pause_btn = gr.Button(t("gan.pause"), variant="stop", elem_id="gan-pause")
                step_btn = gr.Button(t("gan.step"), elem_id="gan-step")
                reset_btn = gr.Button(t("gan.reset"), elem_id="gan-reset")
            status = gr.Markdown(elem_id="gan-status")
            gr.Markdown(t("gan.plane_heading"))  # a heading, not a label over the plot's title on a phone
            plane = gr.Plot(show_label=False, elem_id="gan-plane")
    curves = gr.Plot(label=t("gan.curves"), elem_id="gan-curves")
    controls = dict(loss=loss, optimizer=optimizer, lr_g=lr_g, lr_d=lr_d, d_steps=d_steps, gp_lambda=gp_lambda,
                    clip=clip, batch_size=batch, noise_dim=noise_dim, hidden=hidden, depth=depth, seed=seed)
    settings = [controls[name] for name in Settings.names()]  # the endpoints' order
    view = [box, plane, curves, status]
    inputs = [box, dataset, drawing, *settings]
    train_ev = LIVE.connect(box, view, dict(train=train_btn, pause=pause_btn, step=step_btn, reset=reset_btn),
                            dict(train=(train, [*inputs, iterations]), step=(step, inputs), reset=(reset, inputs)),
                            export="gan-sandbox-live")
    loss.input(defaults_for, [loss], [optimizer, lr_g, lr_d, d_steps], api_name="gan_defaults")

    with gr.Accordion(t("gan.shipped"), open=True):
        gr.Markdown(t("gan.shipped_explain"))
        with gr.Row():
            s_loss = gr.Dropdown(list(LOSSES), value=SANDBOX.loss, label=t("gan.shipped_loss"))
            s_dataset = gr.Dropdown(list(MIXTURES), value=SANDBOX.dataset, label=t("gan.shipped_dataset"))
            s_seed = gr.Dropdown(list(SEEDS), value=SEEDS[0], label=t("gan.shipped_seed"))
            load_btn = gr.Button(t("gan.load"), elem_id="gan-load")
        table = gr.Dataframe(headers=[tr(f"gan.th_{h}") for h in MEANS_HEADERS], label=t("gan.table"),
                             column_widths=MEANS_WIDTHS, elem_id="gan-table", **TABLE)
        seeds_table = gr.Dataframe(headers=[tr(f"gan.th_{h}") for h in SEEDS_HEADERS], label=t("gan.table_seeds"),
                                   column_widths=SEEDS_WIDTHS, elem_id="gan-table-seeds", **TABLE)
    load_btn.click(load_shipped, [s_loss, s_dataset, s_seed], view + [dataset, *settings], api_name="gan_load",
                   cancels=[train_ev], **CPU_HEAVY)
    LIVE.show_empty_on_load(view + [dataset, *settings])
    on_page_load(lambda: shipped_tables(), [table, seeds_table])


def _why_track():
    gr.Markdown(t("gan.why_explain"), latex_delimiters=LATEX)
    with gr.Row():
        steps = slider(STEPS, t("gan.why_steps"), min_width=WIDE)
        seed = seed_box(t("gan.seed"), min_width=SEED_WIDTH)
        btn = gr.Button(t("gan.why_run"), variant="primary", elem_id="gan-why-run")
    gr.Markdown(t("gan.why_heading"))  # a heading, not a label over the upper panel's title
    fig = gr.Plot(show_label=False, elem_id="gan-why-plot")
    summary = gr.Markdown(elem_id="gan-why-summary")  # the W1 estimate beside the truth, in figures
    btn.click(why_wasserstein, [steps, seed], [fig, summary], api_name="gan_why_wasserstein", **CPU_HEAVY)
    on_page_load(saved_js_w1, [fig, summary])


def _digits_track():
    gr.Markdown(t("gan.digits_explain"))
    with gr.Row():
        n_images = slider(gan_digits.N_IMAGES, t("gan.n_images"), min_width=WIDE)
        seed = seed_box(t("gan.seed"), min_width=SEED_WIDTH)
        btn = gr.Button(t("gan.generate"), variant="primary", elem_id="gan-digits-run")
    with gr.Row():
        with gr.Column():
            gr.Markdown(t("gan.gallery_heading"))
            gallery = gr.Image(show_label=False, format="png", buttons=IMAGE_BUTTONS, elem_id="gan-digits-gallery")
        with gr.Column():
            hist = gr.Plot(label=t("gan.verdict"), elem_id="gan-digits-verdict")
            stats = gr.Dataframe(headers=["metric", "value"], label=t("gan.digits_stats"), interactive=False,
                                 wrap=True, column_widths=["58%", "42%"],  # the values stay in view on a phone
                                 elem_id="gan-digits-stats")
    btn.click(generate_digits, [n_images, seed], [gallery, hist, stats], api_name="gan_digits", **CPU_HEAVY)
    share.link("gan_digits", generate_digits, [n_images, seed], [gallery, hist, stats])
    g = gan_digits.DIGITS
    on_page_load(lambda: generate_digits(g.n_images, g.seed), [gallery, hist, stats])
    with gr.Row():
        seed_a = seed_box(t("gan.seed_a"), gan_digits.SEED_A)
        seed_b = seed_box(t("gan.seed_b"), gan_digits.SEED_B)
        frames = slider(gan_digits.FRAMES, t("gan.interp_steps"))
        interp_btn = gr.Button(t("gan.interpolate"), elem_id="gan-interp-run")
    gr.Markdown(t("gan.strip_heading"))
    strip = gr.Image(show_label=False, format="png", buttons=[], elem_id="gan-interp-strip")  # no icon on a frame
    gr.Markdown(t("gan.strip_labels"))
    labels = gr.Markdown(elem_id="gan-interp-labels")  # text, not a box: wraps whole on a phone
    interp_btn.click(interpolate_digits, [seed_a, seed_b, frames], [strip, labels], api_name="gan_interpolate",
                     **CPU_HEAVY)
    on_page_load(lambda: interpolate_digits(g.seed_a, g.seed_b, g.frames), [strip, labels])


def build() -> None:
    with gr.Tab(t("gan.tab"), elem_id="tab-gan"):
        gr.Markdown(t("gan.intro"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab(t("gan.sandbox")):
                _sandbox_track()
            with gr.Tab(t("gan.why")):
                _why_track()
            with gr.Tab(t("gan.digits")):
                _digits_track()
