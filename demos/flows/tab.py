"""The normalizing flows tab: exact likelihood, layer by layer, live training, and a digits flow.

Tracks: the 2D sandbox (the shipped NICE / RealNVP / Glow flows on 8gaussians, or a flow trained live on
any toy density or a drawing) and digits (the shipped RealNVP on dequantized 8x8 digits).
"""
from __future__ import annotations

import gradio as gr
import pandas as pd

from core.data.targets import POINT_DATASETS, make_target
from core.flows.digits import strip_pixels
from core.flows.density import true_nll
from core.flows import request as R
from core.flows.live import LIVE_CONFIG, NUM_LAYERS, LiveDensityFlow
from core.flows.models import KINDS
from core.flows.request import (
    check_layer,
    digits_request,
    evaluate_request,
    interpolate_request,
    layers_request,
    point_model,
)
from core.runtime.validation import InvalidInput, check_choice
from demos.common import share
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.live import Frame, LiveView
from demos.common.widgets import (
    CPU_HEAVY,
    IMAGE_BUTTONS,
    STRIP_BUTTONS,
    TABLE,
    WIDE,
    on_page_load,
    seed_box,
    sketchpad,
    slider,
    number_box,
    updates_slider,
)
from demos.flows import plots

STAT_KEYS = ("flows.hdr_quantity", "flows.hdr_value")  # the stats tables' headers
D = R.DEFAULTS  # every view's defaults


def evaluate(dataset, drawing, source, kind, live):
    """Held-out NLL (and the floor), invertibility, density and log|det J|; returns (figure, stats rows)."""
    ev = evaluate_request(dataset, drawing, source, kind, live)
    return plots.evaluation_figure(ev), _table(plots.likelihood_rows(ev))


def _table(rows: list[list]) -> pd.DataFrame:
    """Stats rows under the translated headers."""
    return pd.DataFrame(rows, columns=[tr(k) for k in STAT_KEYS])


@gpu
def show_layers(dataset, drawing, source, kind, layer, n_points, seed, live):
    """Stage ``layer`` of the flow; returns (figure, caption)."""
    _, view = layers_request(dataset, drawing, source, kind, n_points, seed, live)
    k = check_layer(layer, view)
    names = [tr("flows.layer_" + n.replace(" ", "_")) for n in view.names]  # in the page's language
    name = tr("flows.fig_data") if k == 0 else names[k - 1]
    caption = tr("flows.caption", k=k, n=view.num_layers, name=name, layers=plots.layer_list(names))
    return plots.layers_figure(view, k), caption


def layer_range(dataset, drawing, source, kind, layer, live):
    """The stage slider's range for the chosen flow (UI only; nothing on an invalid choice)."""
    try:
        _, model = point_model(dataset, drawing, source, kind, live)
    except InvalidInput:
        return gr.Slider()
    return gr.Slider(maximum=len(model.layers), value=min(int(layer), len(model.layers)))


def _run_line(live: LiveDensityFlow) -> str:
    """The status line's start: the live flow's data, architecture × size and updates so far."""
    return tr("flows.status", name=live.target.name, kind=live.kind, layers=live.num_layers, it=live.run.iteration,
              total=live.total)


def chosen_status(live, dataset, kind, num_layers):
    """The status line once the live flow's data, architecture or size is changed: the live run's line while it
    is the flow chosen, else the chosen flow (the next Train live starts it), never the previous architecture."""
    kind, layers = check_choice("model", kind, KINDS), NUM_LAYERS.check(num_layers)
    if isinstance(live, LiveDensityFlow) and (live.target.name, live.kind, live.num_layers) == (dataset, kind, layers):
        return _run_line(live)
    return tr("flows.status_chosen", name=dataset, kind=kind, layers=layers)


def _live_draw(live: LiveDensityFlow, frame: Frame):
    """(NLL figure, density figure, status, state) of a live run at ``frame``."""
    it, ev = live.run.iteration, frame.event
    status = _run_line(live)
    if ev is not None:
        nll = f"{ev.loss:.3f}" if ev.loss == ev.loss else "—"  # NaN: paused before any update
        status += tr("flows.status_rate", nll=nll, rate=ev.updates_per_second)
    if frame.note:
        status += " · " + frame.note
    axis, log_p = live.preview()
    return (plots.nll_figure(live.steps, live.losses, live.floor),
            plots.live_density_figure(live.real, axis, log_p, live.target.extent, it), status, live)


def waiting_view():
    """(NLL figure, data figure, status) before any live training: the default dataset, how to start (no model)."""
    target = make_target(D.dataset)
    real = target.reference(LiveDensityFlow.config.preview_points, 1)
    return (plots.nll_figure([], [], true_nll(target.name)),
            plots.live_density_figure(real, None, None, target.extent, 0), tr("flows.fig_no_updates"))


LIVE = LiveView("flows", _live_draw, waiting_view)


def train(live, dataset, drawing, kind, num_layers, train_steps, seed):
    """Train (or resume) the session's live flow up to ``train_steps`` updates, streaming
    (NLL figure, density figure, status, state); pause ends the call, train again resumes."""
    yield from LIVE.train(LiveDensityFlow.continue_or_create(live, dataset, drawing, kind, num_layers, train_steps,
                                                             seed))


def step(live, dataset, drawing, kind, num_layers, train_steps, seed):
    """A "step" of updates of the session's live flow, then one frame."""
    return LIVE.step(LiveDensityFlow.continue_or_create(live, dataset, drawing, kind, num_layers, train_steps, seed))


def reset():
    """Drop the session's live flow (a running call is cancelled): the waiting view."""
    return LIVE.reset()


@gpu
def sample_digits(temperature, n_images, seed):
    """Digits at a temperature; returns (grid image, stats rows)."""
    out = digits_request(temperature, n_images, seed)
    rows = [[tr("flows.row_bpd"), "{:.4f} [{:.4f}, {:.4f}]".format(*out.test_bpd)],
            [tr("flows.row_uniform"), round(out.uniform_bpd, 4)],
            [tr("flows.row_confidence"), "{:.3f} [{:.3f}, {:.3f}]".format(*out.confidence)]]
    return digit_grid(strip_pixels(out.images)), _table(rows)


def interpolate(index_a, index_b, steps):
    """The latent interpolation strip between two test digits; returns an image."""
    return digit_grid(strip_pixels(interpolate_request(index_a, index_b, steps)), cols=R.MAX_STRIP)


def _points_track():
    live = gr.State(None, time_to_live=3600)  # the user's LiveDensityFlow, dropped after an hour unused
    with gr.Row():
        dataset = gr.Dropdown(list(POINT_DATASETS), value=D.dataset, label=t("flows.dataset"),
                              min_width=WIDE)
        source = gr.Radio([(t("flows.source_shipped"), "shipped"), (t("flows.source_live"), "live")],
                          value=D.source, label=t("flows.source"), min_width=WIDE)
        kind = gr.Radio(list(KINDS), value=D.kind, label=t("flows.kind"), min_width=WIDE)
    with gr.Accordion(t("flows.draw"), open=False):
        drawing = sketchpad(t("flows.draw"), pen=8)
    eval_btn = gr.Button(t("flows.evaluate"), variant="primary", elem_id="flows-evaluate")
    eval_plot = gr.Plot(label=t("flows.eval_plot"), elem_id="flows-eval-plot")
    stats = gr.Dataframe(label=t("flows.stats"), elem_id="flows-stats", column_widths=["45%", "55%"],
                         **TABLE)
    on_page_load(lambda: evaluate(D.dataset, None, D.source, D.kind, None),
                 [eval_plot, stats])
    eval_btn.click(evaluate, [dataset, drawing, source, kind, live], [eval_plot, stats], api_name="flows_evaluate",
                   **CPU_HEAVY)

    gr.Markdown(t("flows.layers_head"))
    with gr.Row():
        layer = slider(R.LAYER, t("flows.layer"), elem_id="flows-layer", min_width=WIDE)
        # the range is set to the chosen flow's layers below (and on page load); the API accepts 0..49 and core
        # checks 0..L
        n_points = slider(R.N_POINTS, t("flows.n_points"), min_width=WIDE)
        seed = seed_box(t("flows.seed"), min_width=WIDE)
        layers_btn = gr.Button(t("flows.show_layers"), elem_id="flows-show-layers", min_width=WIDE)
    caption = gr.Textbox(label=t("flows.layer_caption"), interactive=False, elem_id="flows-caption",
                         lines=2)
    layers_plot = gr.Plot(label=t("flows.layers_plot"), elem_id="flows-layers-plot")
    on_page_load(lambda: show_layers(D.dataset, None, D.source, D.kind, D.layer,
                                     D.n_points, D.seed, None), [layers_plot, caption])
    on_page_load(lambda: layer_range(D.dataset, None, D.source, D.kind, D.layer, None),
                 [layer])  # the stage slider runs 0..L of the flow shown, not 0..49
    layer_inputs = [dataset, drawing, source, kind, layer, n_points, seed, live]
    layer_outputs = [layers_plot, caption]
    layers_btn.click(show_layers, layer_inputs, layer_outputs, api_name="flows_layers", **CPU_HEAVY)
    layer.release(show_layers, layer_inputs, layer_outputs, api_visibility="private", **CPU_HEAVY)
    gr.on([dataset.change, source.change, kind.change], layer_range,
          [dataset, drawing, source, kind, layer, live], [layer], api_visibility="private", queue=False)

    gr.Markdown(t("flows.live_head"))
    with gr.Row():
        num_layers = slider(NUM_LAYERS, t("flows.num_layers"), min_width=WIDE)
        train_steps = updates_slider(LiveDensityFlow.config, LIVE_CONFIG.steps, t("flows.train_steps"), min_width=WIDE)
    buttons, status = LIVE.controls(lambda name: t(f"flows.{name}"))
    with gr.Row():
        nll = gr.Plot(label=t("flows.nll"), elem_id="flows-nll", min_width=320)
        live_density = gr.Plot(label=t("flows.live_density"), elem_id="flows-live-density", min_width=320)
    LIVE.show_empty_on_load([nll, live_density, status])  # axes and how to start, not empty boxes
    gr.on([dataset.change, kind.change, num_layers.change], chosen_status, [live, dataset, kind, num_layers], [status],
          api_visibility="private", queue=False)  # the status names the flow chosen, not the last one trained
    train_inputs = [live, dataset, drawing, kind, num_layers, train_steps, seed]
    LIVE.connect(live, [nll, live_density, status, live],
                 buttons,
                 dict(train=(train, train_inputs), step=(step, train_inputs), reset=(reset, None)),
                 export="flows-2d-live")


def _digits_track():
    gr.Markdown(t("flows.digits_explain"), latex_delimiters=LATEX)
    with gr.Row():
        temperature = slider(R.TEMPERATURE, t("flows.temperature"), min_width=WIDE)
        n_images = slider(R.N_IMAGES, t("flows.n_images"), min_width=WIDE)
        seed = seed_box(t("flows.seed"), min_width=WIDE)
    sample_btn = gr.Button(t("flows.sample"), variant="primary", elem_id="flows-digits-run")
    with gr.Row():
        with gr.Column(scale=2, min_width=320):
            gr.Markdown(t("flows.samples"))  # a heading, not a label drawn over the first row of digits
            samples = gr.Image(show_label=False, format="png", elem_id="flows-digits-samples",
                               buttons=IMAGE_BUTTONS)
        stats = gr.Dataframe(label=t("flows.digit_stats"), scale=1, min_width=320,
                             column_widths=["50%", "50%"], **TABLE)
    on_page_load(lambda: sample_digits(D.temperature, D.n_images, D.seed), [samples, stats])
    sample_btn.click(sample_digits, [temperature, n_images, seed], [samples, stats], api_name="flows_digits",
                     **CPU_HEAVY)
    share.link("flows_digits", sample_digits, [temperature, n_images, seed], [samples, stats])
    with gr.Row():
        index_a = number_box(R.INDEX_A, t("flows.index_a"), min_width=WIDE)
        index_b = number_box(R.INDEX_B, t("flows.index_b"), min_width=WIDE)
        steps = slider(R.STRIP, t("flows.interp_steps"), min_width=WIDE)
        interp_btn = gr.Button(t("flows.interpolate"), elem_id="flows-interpolate", min_width=WIDE)
    gr.Markdown(t("flows.strip"))
    strip = gr.Image(show_label=False, format="png", elem_id="flows-strip", buttons=STRIP_BUTTONS)
    on_page_load(lambda: interpolate(D.index_a, D.index_b, D.steps), [strip])
    interp_btn.click(interpolate, [index_a, index_b, steps], [strip], api_name="flows_interpolate", **CPU_HEAVY)


def build() -> None:
    with gr.Tab(t("flows.tab"), elem_id="tab-flows"):
        gr.Markdown(t("flows.explain"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab(t("flows.points")):
                _points_track()
            with gr.Tab(t("flows.digits")):
                _digits_track()
