"""The autoregressive tab: p(x) = prod_i p(x_i | x_<i), the chain rule made visible.

View: the chain rule in 2D (the shipped ``GridAR2D`` models on 8gaussians in either order, the data's own
histogram, or a model trained live on any toy density or a drawing; ``core.autoregressive.request2d``).
"""
from __future__ import annotations

import gradio as gr
import pandas as pd

from core.autoregressive.grid2d import BINS, HIDDEN, ORDERS, true_nll
from core.autoregressive.live import LIVE_CONFIG, LiveGridAR
from core.autoregressive.request2d import (AT, DEFAULTS, N_POINTS, SOURCES, TEMPERATURE, chain_rule_request,
                                          samples_request)
from core.data.targets import POINT_DATASETS, make_target
from demos.autoregressive import digits_view, plots
from demos.common import share
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.live import Frame, LiveView
from demos.common.widgets import CPU_HEAVY, TABLE, WIDE, on_page_load, seed_box, sketchpad, slider, updates_slider

STAT_KEYS = ("autoregressive.hdr_quantity", "autoregressive.hdr_value")  # the stats table's headers
D = DEFAULTS  # the 2D view's defaults


def chain_rule(dataset, drawing, source, order, at, bins, live):
    """The joint with the conditioning line, the conditional beside the data's, and the stats table."""
    view = chain_rule_request(dataset, drawing, source, order, at, bins, live)
    rows = pd.DataFrame(plots.stats_rows(view), columns=[tr(k) for k in STAT_KEYS])
    return plots.joint_figure(view), plots.conditional_figure(view), rows


@gpu
def sample(dataset, drawing, source, order, n_points, temperature, seed, live):
    """Points sampled by the chain rule over the data; returns (figure, cost line)."""
    out = samples_request(dataset, drawing, source, order, n_points, temperature, seed, live)
    target = make_target(dataset, drawing, POINT_DATASETS)
    real = target.reference(len(out.points), 1)
    return plots.samples_figure(out, real, target.extent, source), plots.samples_line(out)


def _live_draw(live: LiveGridAR, frame: Frame):
    """(NLL figure, joint figure, status, state) of a live run at ``frame``."""
    it, ev, preview = live.run.iteration, frame.event, live.preview()
    status = tr("autoregressive.status", name=live.target.name, order=tr(plots.ORDER_KEYS[live.order]), k=live.bins,
                hidden=live.hidden, it=it, total=live.total)
    if ev is not None:
        floor = "" if preview.floor is None else tr("autoregressive.status_floor", floor=preview.floor)
        status += tr("autoregressive.status_rate", nll=preview.nll, floor=floor, rate=ev.updates_per_second)
    if frame.note:
        status += " · " + frame.note
    return plots.nll_figure(live.steps, live.losses, live.floor), plots.live_joint_figure(preview, it), status, live


def waiting_view():
    """(NLL figure, data figure, status) before any live training: the default data, how to start (no model)."""
    target = make_target(D.dataset)
    real = target.reference(LiveGridAR.config.preview_points, 1)
    return (plots.nll_figure([], [], true_nll(target)), plots.waiting_figure(real, target.extent),
            tr("autoregressive.untrained"))


LIVE = LiveView("ar", _live_draw, waiting_view)


def train(live, dataset, drawing, order, bins, hidden, train_steps, seed):
    """Train (or resume) the session's live model up to ``train_steps`` updates, streaming
    (NLL figure, joint figure, status, state); pause ends the call, train again resumes."""
    yield from LIVE.train(LiveGridAR.continue_or_create(live, dataset, drawing, order, bins, hidden, train_steps, seed))


def step(live, dataset, drawing, order, bins, hidden, train_steps, seed):
    """A "step" of updates of the session's live model, then one frame."""
    return LIVE.step(LiveGridAR.continue_or_create(live, dataset, drawing, order, bins, hidden, train_steps, seed))


def reset():
    """Drop the session's live model (a running call is cancelled): the waiting view."""
    return LIVE.reset()


def _chain_rule_view():
    live = gr.State(None, time_to_live=3600)  # the user's LiveGridAR, dropped after an hour unused
    with gr.Row():
        dataset = gr.Dropdown(list(POINT_DATASETS), value=D.dataset, label=t("autoregressive.dataset"), scale=1,
                              min_width=WIDE)
        source = gr.Radio([(t(f"autoregressive.source_{s}"), s) for s in SOURCES], value=D.source,
                          label=t("autoregressive.source"), scale=2, min_width=WIDE)
        order = gr.Radio([(t(plots.ORDER_KEYS[o]), o) for o in ORDERS], value=D.order,
                         label=t("autoregressive.order"), scale=2, min_width=WIDE)
        at = slider(AT, t("autoregressive.at"), elem_id="ar-at", scale=2, min_width=WIDE)
    show_btn = gr.Button(t("autoregressive.show"), variant="primary", elem_id="ar-chain-rule-run")
    with gr.Row():  # side by side on a desktop, one a row on a phone
        joint = gr.Plot(label=t("autoregressive.joint"), elem_id="ar-joint", min_width=320)
        conditional = gr.Plot(label=t("autoregressive.conditional"), elem_id="ar-conditional",
                              min_width=320)
    with gr.Row():
        stats = gr.Dataframe(label=t("autoregressive.stats"), elem_id="ar-stats",
                             column_widths=["45%", "55%"], min_width=320, **TABLE)
        with gr.Column(min_width=320):
            gr.Markdown(t("autoregressive.chain_explain"), latex_delimiters=LATEX)
            gr.Markdown(t("autoregressive.reading"), latex_delimiters=LATEX)

    gr.Markdown(t("autoregressive.live_head"))
    with gr.Accordion(t("autoregressive.draw"), open=False):
        drawing = sketchpad(t("autoregressive.draw"), pen=8)
    with gr.Row():
        bins = slider(BINS, t("autoregressive.bins"), min_width=WIDE)  # also the grid of the data's own histogram
        hidden = slider(HIDDEN, t("autoregressive.hidden"), min_width=WIDE)
        train_steps = updates_slider(LiveGridAR.config, LIVE_CONFIG.steps, t("autoregressive.train_steps"),
                                     elem_id="ar-train-steps", min_width=WIDE)
        seed = seed_box(t("autoregressive.seed"), min_width=WIDE)
    buttons, status = LIVE.controls(lambda name: t(f"autoregressive.{name}"))
    with gr.Row():
        nll = gr.Plot(label=t("autoregressive.loss"), elem_id="ar-nll", min_width=320)
        live_joint = gr.Plot(label=t("autoregressive.live_joint"), elem_id="ar-live-joint", min_width=320)
    LIVE.show_empty_on_load([nll, live_joint, status])  # axes and how to start, not empty boxes
    train_inputs = [live, dataset, drawing, order, bins, hidden, train_steps, seed]
    LIVE.connect(live, [nll, live_joint, status, live],
                 buttons,
                 dict(train=(train, train_inputs), step=(step, train_inputs), reset=(reset, None)),
                 export="ar-2d-live")

    gr.Markdown(t("autoregressive.samples_head"))
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            n_points = slider(N_POINTS, t("autoregressive.n_points"))
            temperature = slider(TEMPERATURE, t("autoregressive.temperature"))
            sample_seed = seed_box(t("autoregressive.seed"))
            sample_btn = gr.Button(t("autoregressive.sample"), variant="primary", elem_id="ar-sample")
            samples_status = gr.Textbox(label=t("autoregressive.samples_status"),
                                        interactive=False, lines=2, elem_id="ar-samples-status")
        samples = gr.Plot(label=t("autoregressive.samples"), elem_id="ar-samples", scale=2,
                          min_width=320)

    outputs = [joint, conditional, stats]
    inputs = [dataset, drawing, source, order, at, bins, live]
    on_page_load(lambda: chain_rule(D.dataset, None, D.source, D.order, D.at, D.bins, None), outputs)
    show_btn.click(chain_rule, inputs, outputs, api_name="ar_chain_rule", **CPU_HEAVY)
    # moving the slider or swapping the order redraws at once (the button's endpoint is the API's)
    gr.on([at.release, order.change], chain_rule, inputs, outputs, api_visibility="private", **CPU_HEAVY)
    sample_outputs = [samples, samples_status]
    on_page_load(lambda: sample(D.dataset, None, D.source, D.order, D.n_points, D.temperature, D.seed, None),
                 sample_outputs)
    sample_btn.click(sample, [dataset, drawing, source, order, n_points, temperature, sample_seed, live],
                     sample_outputs, api_name="ar_samples", **CPU_HEAVY)
    share.link("ar_chain_rule", chain_rule, inputs, outputs)  # a link to the view with its settings


def build() -> None:
    with gr.Tab(t("autoregressive.tab"), elem_id="tab-autoregressive"):
        gr.Markdown(t("autoregressive.explain"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab(t("autoregressive.chain_2d"), elem_id="ar-chain-2d"):
                _chain_rule_view()
            digits_view.build()
