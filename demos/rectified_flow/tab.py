"""The rectified-flow tab: flow matching on the straight path, reflow, OT coupling, one-step generation.

Tracks: 2D (shipped flows of two dataset pairs, or flows trained live between any two of Gaussian,
toy densities and drawings, with reflow) and digits (the 1- and 2-rectified digits flows through
``FlowMatchEulerDiscreteScheduler``, beside DDIM at equal network evaluations, from the benchmark JSON).
"""
from __future__ import annotations

import gradio as gr

from core.data.digits import to_pixels
from core.data.targets import POINT_DATASETS
from core.metrics.intervals import format_interval
from core.rectified_flow.live import LIVE_COUPLINGS, MAX_LIVE_STEPS, MIN_LIVE_STEPS, STEP_UPDATES, LiveFlow
from core.rectified_flow.points import FLOW_POINTS_CONFIG, SOURCES
from core.rectified_flow.request import DIGIT_CLASSES, MAX_DIGIT_STEPS, MAX_EULER_STEPS, digits_request, points_request
from core.runtime.validation import MAX_IMAGES, MAX_POINTS
from demos.common.errors import reports_errors
from demos.common.i18n import LATEX, t
from demos.common.images import digit_grid
from demos.common.results import load_result
from demos.common.widgets import CPU_HEAVY, pause_live, seed_box, sketchpad
from demos.rectified_flow import plots

STAT_HEADERS = ["flow", "NFE", "ms", "straightness S", "transport cost", "W2 (N steps) [95%]", "W2 (1 step) [95%]",
                "W2 floor [95%]"]
DIGIT_HEADERS = ["flow", "steps", "NFE", "ms", "classifier confidence", "class accuracy"]
MEASURED_HEADERS = ["figure", "value"]


def _stats(res) -> list[list]:
    return [[r.label, r.nfe, round(r.seconds * 1000, 1), round(r.straightness, 4), round(r.transport_cost, 3),
             format_interval(r.w2, "w2", 4), format_interval(r.w2_one_step, "w2", 4), format_interval(r.w2, "floor", 4)]
            for r in res.rows]


@reports_errors
def sample_points(source, target, source_drawing, target_drawing, model, steps, n_points, seed, live):
    """Every flow of the pair from the same source points; returns (paths figure, 1-step figure, stats rows)."""
    res = points_request(source, target, source_drawing, target_drawing, model, live, steps, n_points, seed)
    return plots.transport_figure(res), plots.one_step_figure(res), _stats(res)


def _live_view(live: LiveFlow, ev=None):
    """(loss figure, samples figure, status, state) of the live flows after event ``ev``."""
    if ev is not None:
        live.record(ev.iteration, ev.loss)
    label = live.label(live.stage)
    it = live.run.iteration
    parts = [f"{live.source.name} → {live.target.name}", label, f"{it:,} / {live.total:,} updates"]
    if ev is not None:
        parts += [f"loss {ev.loss:.4f}", f"{ev.updates_per_second:.0f} updates/s"]
        parts += [ev.reason] if ev.reason not in ("", "step") else []
    status = " · ".join(parts)
    extent = max(live.source.extent, live.target.extent)
    return (plots.loss_figure(live.curve, live.stage),
            plots.live_figure(live.preview(), live.real, label, it, extent), status, live)


@reports_errors
def train_flow(live, source, target, source_drawing, target_drawing, coupling, train_steps, seed):
    """Train (or resume) the session's current flow, streaming (loss, samples, status, state)."""
    live = LiveFlow.continue_or_create(live, source, target, source_drawing, target_drawing, coupling, train_steps,
                                       seed)
    for ev in live.session.run(live.remaining()):
        yield _live_view(live, ev)


@reports_errors
def step_flow(live, source, target, source_drawing, target_drawing, coupling, train_steps, seed):
    """``STEP_UPDATES`` updates of the session's current flow, then one frame."""
    live = LiveFlow.continue_or_create(live, source, target, source_drawing, target_drawing, coupling, train_steps,
                                       seed)
    return _live_view(live, live.session.step(STEP_UPDATES))


@reports_errors
def reflow(live, source, target, source_drawing, target_drawing, coupling, train_steps, seed):
    """Freeze the current flow, draw its pairs and start the next rectified flow (train it next)."""
    live = LiveFlow.continue_or_create(live, source, target, source_drawing, target_drawing, coupling, train_steps,
                                       seed)
    live.reflow()
    return _live_view(live)


def reset_flow():
    """Drop the session's live flows (a running call is cancelled)."""
    return None, None, "", None


@reports_errors
def sample_digits(digit_class, n_images, steps, seed):
    """The 1- and 2-rectified digits flows from the same noise; returns (grid 1, grid 2, stats rows)."""
    res = digits_request(digit_class, n_images, steps, seed)
    grids = [digit_grid(to_pixels(x)) for x in res.images]
    return grids[0], grids[1], res.rows


def measured_rows(result: dict | None) -> list[list]:
    """The benchmark's headline figures as table rows."""
    if not result:
        return []
    return [[k, v] for k, v in result.get("headline", {}).items()]


def _initial(fn, *args):
    """A result computed at build time, so the view opens with one (None if the checkpoints are missing)."""
    try:
        return fn(*args)
    except (FileNotFoundError, gr.Error):
        return None


def _points_track():
    live = gr.State(None, time_to_live=3600)  # the user's LiveFlow, dropped after an hour unused
    with gr.Row():
        source = gr.Dropdown(list(SOURCES), value="gaussian", label=t("rf.source"))
        target = gr.Dropdown(list(POINT_DATASETS), value="moons", label=t("rf.target"))
        model = gr.Radio([(t("rf.model_shipped"), "shipped"), (t("rf.model_live"), "live")], value="shipped",
                         label=t("rf.model"))
    with gr.Row():
        steps = gr.Slider(1, MAX_EULER_STEPS, value=8, step=1, label=t("rf.steps"), elem_id="rf-steps")
        n_points = gr.Slider(100, MAX_POINTS, value=1000, step=100, label=t("rf.n_points"))
        seed = seed_box(t("rf.seed"))
    with gr.Accordion(t("rf.draw_source"), open=False):
        with gr.Row():
            source_drawing = sketchpad(t("rf.draw_source"), pen=8)
            target_drawing = sketchpad(t("rf.draw_target"), pen=8)
    go_btn = gr.Button(t("rf.sample"), variant="primary", elem_id="rf-points-run")
    first = _initial(sample_points, "gaussian", "moons", None, None, "shipped", 8, 1000, 0, None) or (None,) * 3
    transport = gr.Plot(first[0], label=t("rf.transport"), elem_id="rf-transport")
    one_step = gr.Plot(first[1], label=t("rf.one_step"))
    stats = gr.Dataframe(first[2], headers=STAT_HEADERS, label=t("rf.stats"), interactive=False,
                         elem_id="rf-stats")
    go_btn.click(sample_points, [source, target, source_drawing, target_drawing, model, steps, n_points, seed, live],
                 [transport, one_step, stats], api_name="rf_points", **CPU_HEAVY)
    with gr.Row():
        coupling = gr.Radio([(t(f"rf.coupling_{c}"), c) for c in LIVE_COUPLINGS], value="independent",
                            label=t("rf.coupling"))
        train_steps = gr.Slider(MIN_LIVE_STEPS, MAX_LIVE_STEPS, value=FLOW_POINTS_CONFIG.steps, step=100,
                                label=t("rf.train_steps"), elem_id="rf-train-steps")
    with gr.Row():  # train / pause / step / reflow / reset, each #rf-<name>
        btn = {name: gr.Button(t(f"rf.{name}"), elem_id=f"rf-{name}", variant="stop" if name == "pause" else "secondary")
               for name in ("train", "pause", "step", "reflow", "reset")}
    status = gr.Textbox(label=t("rf.train_status"), interactive=False, elem_id="rf-train-status")
    with gr.Row():
        loss = gr.Plot(label=t("rf.loss"))
        live_samples = gr.Plot(label=t("rf.live_samples"))
    view = [loss, live_samples, status, live]
    inputs = [live, source, target, source_drawing, target_drawing, coupling, train_steps, seed]
    train_ev = btn["train"].click(train_flow, inputs, view, api_name="rf_train", **CPU_HEAVY)
    btn["pause"].click(pause_live, [live], None, api_name="rf_pause", queue=False)
    for name, fn in (("step", step_flow), ("reflow", reflow)):
        btn[name].click(fn, inputs, view, api_name=f"rf_{name}", **CPU_HEAVY)
    btn["reset"].click(reset_flow, None, view, api_name="rf_reset", cancels=[train_ev], queue=False)


def _digits_track():
    with gr.Row():
        digit_class = gr.Dropdown(list(DIGIT_CLASSES), value="any", label=t("rf.class"))
        n_images = gr.Slider(1, MAX_IMAGES, value=16, step=1, label=t("rf.n_images"))
        steps = gr.Slider(1, MAX_DIGIT_STEPS, value=1, step=1, label=t("rf.digit_steps"), elem_id="rf-digit-steps")
        seed = seed_box(t("rf.seed"))
    go_btn = gr.Button(t("rf.generate"), variant="primary", elem_id="rf-digits-run")
    first = _initial(sample_digits, "any", 16, 1, 0) or (None,) * 3
    with gr.Row():
        img1 = gr.Image(first[0], label=t("rf.images_1"), format="png", elem_id="rf-digits-1")
        img2 = gr.Image(first[1], label=t("rf.images_2"), format="png", elem_id="rf-digits-2")
    stats = gr.Dataframe(first[2], headers=DIGIT_HEADERS, label=t("rf.digit_stats"), interactive=False)
    go_btn.click(sample_digits, [digit_class, n_images, steps, seed], [img1, img2, stats], api_name="rf_digits",
                 **CPU_HEAVY)
    saved = load_result("rectified_flow")
    if saved is None:
        gr.Markdown(t("rf.no_result"))
    gr.Plot(plots.nfe_figure(saved), label=t("rf.nfe_chart"), elem_id="rf-nfe-chart")
    gr.Dataframe(measured_rows(saved), headers=MEASURED_HEADERS, label=t("rf.measured"), interactive=False,
                 elem_id="rf-measured")


def build() -> None:
    with gr.Tab(t("rf.tab"), elem_id="tab-rectified-flow"):
        gr.Markdown(t("rf.explain"), latex_delimiters=LATEX)
        with gr.Tabs():
            for key, track in (("rf.points", _points_track), ("rf.digits", _digits_track)):
                with gr.Tab(t(key)):
                    track()
