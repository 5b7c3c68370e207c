"""The ControlNet tab: draw a stroke (or upload a picture), get digits that follow it.

After the official ControlNet Gradio demos, made small: a Sketchpad and example sketches, the
condition shown exactly as the model sees it, class prompt / control scale / guess mode /
guidance / steps / seed, a gallery of outputs, and a bar chart of each block's residual.
"""
from __future__ import annotations

import gradio as gr
import pandas as pd
from gradio.components.plot import PlotData

from core.controlnet.conditions import CONDITION_TYPES
from core.controlnet.drawing import condition_from_drawing, example_files, render_example
from core.controlnet.metrics import FOLLOW_MEASURE
from core.controlnet.request import (CLASS_CHOICES, CONDITION_TYPE, CONTROL_SCALE, GUIDANCE_SCALE, NO_CLASS, SAMPLES,
                                     SEED_SPEC, STEPS, check_condition_type, run_request)
from core.controlnet.sampling import DEFAULTS, checkpoint_name
from core.data.digits import to_pixels
from core.data.drawings import fit_on_canvas, load_upload
from core.runtime import checkpoints
from core.runtime.validation import EmptyCanvas
from demos.common import figures as F
from demos.common.figures import PLOT_HEIGHT
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.widgets import CPU_HEAVY, on_page_load, seed_box, sketchpad, slider

CANVAS = 320  # Sketchpad side, in pixels
CONDITION_PX = 128  # on-screen side of the condition image
THIRD = 170  # min width of a control in a row of three (a phone's row holds two)
STAT_HEADERS = ["measure", "value"]
# The canvas gets a new value from the server (an example, an upload) a moment after the click: until it has, the
# page would send the previous drawing. Such a load marks the canvas busy (a count, in the page) until its value is
# in; "Generate" waits for that (at most CANVAS_WAIT_MS) before it reads the canvas.
CANVAS_WAIT_MS = 15_000
MARK_BUSY = "() => { window.genlabCanvasBusy = (window.genlabCanvasBusy || 0) + 1; }"
MARK_READY = "() => { window.genlabCanvasBusy = Math.max(0, (window.genlabCanvasBusy || 0) - 1); }"
WAIT_READY = f"""async () => {{
    const end = Date.now() + {CANVAS_WAIT_MS};
    while ((window.genlabCanvasBusy || 0) > 0 && Date.now() < end) await new Promise(r => setTimeout(r, 50));
}}"""


def _condition_image(cond):
    return digit_grid(to_pixels(cond), cols=1, px=CONDITION_PX)


def residual_figure(names: list[str], rms: list[float], title: str) -> PlotData:
    """Bar chart of the RMS of each block's injected ControlNet residual (room above the tallest label)."""
    top = max([0.0, *rms]) or 1.0
    layout = F.layout(title, tr("controlnet.fig_block"), tr("controlnet.fig_rms"), height=PLOT_HEIGHT)
    layout["xaxis"]["tickangle"] = -30
    layout["yaxis"]["range"] = [0, top * 1.2]
    return F.figure([F.bars(names, rms, "RMS", F.COLORS[0], text=[f"{v:.3f}" for v in rms])], layout)


@gpu
def generate(sketch, condition_type, digit_class, control_scale, guess_mode, guidance_scale, steps, samples, seed):
    """Returns (condition image, gallery of (image, caption), residual bar chart, stats rows)."""
    res = run_request(sketch, condition_type, digit_class, control_scale, guess_mode, guidance_scale, steps,
                      samples, seed)
    g = res.generated
    measure = FOLLOW_MEASURE[res.condition_type]
    gallery = [(digit_grid(to_pixels(g.x[i: i + 1]), cols=1), tr("controlnet.caption", i=i + 1, measure=measure,
                                                                 iou=res.follow[i])) for i in range(len(g.x))]
    mode = (tr("controlnet.fig_guess") if res.guess_mode else tr("controlnet.fig_no_class")
            if res.digit_class == NO_CLASS else tr("controlnet.fig_class", c=res.digit_class))
    fig = residual_figure(res.block_names, g.residual_rms, tr("controlnet.fig_title", type=res.condition_type,
                                                              scale=res.control_scale, mode=mode))
    tolerance = tr("controlnet.tol_stroke") if res.condition_type == "stroke" else tr("controlnet.tol_lowres")
    stats = [[tr("controlnet.row_digits"), len(g.x)], [tr("controlnet.row_steps"), res.steps],
             [tr("controlnet.row_nfe"), g.nfe], [tr("controlnet.row_ms"), round(g.seconds * 1000)],
             [tr("controlnet.row_iou", tol=tolerance), "{:.3f} [{:.3f}, {:.3f}]".format(*res.follow_interval)]]
    table = pd.DataFrame(stats, columns=[tr("controlnet.hdr_measure"), tr("controlnet.hdr_value")])
    return _condition_image(res.condition), gallery, fig, table


def first_example():
    """What the tab opens with: the example stroke "4" on the canvas and its digits at the default settings."""
    image = render_example("4", CANVAS)
    value = {"background": image, "layers": [], "composite": image}
    d = DEFAULTS
    return (value, *generate(value, CONDITION_TYPE, NO_CLASS, d.control_scale, False, d.guidance_scale, d.steps,
                             d.samples, d.seed))


def preview(sketch, condition_type):
    """The condition of the current drawing, or nothing while the canvas is empty."""
    condition_type = check_condition_type(condition_type)
    try:
        return _condition_image(condition_from_drawing(condition_type, sketch))
    except EmptyCanvas:
        return None


def upload(file, condition_type):
    """Check an uploaded image, fit it onto the canvas, and show its condition: (canvas value, condition)."""
    condition_type = check_condition_type(condition_type)
    value = fit_on_canvas(load_upload(file), CANVAS)
    return value, _condition_image(condition_from_drawing(condition_type, value))


QUALITY_KEYS = ("q_condition", "q_prompt", "q_follow", "q_floor", "q_ratio", "q_accuracy")  # headers' text keys
NOT_APPLICABLE = "-"  # a quality cell that does not apply to its row (as the diffusion tab writes it)


def quality_table() -> pd.DataFrame:
    """The shipped ControlNets' recorded quality, one row per condition type and prompt setting, in the
    request's language. A figure that does not apply is a dash, not a blank: no class accuracy without a class
    prompt; guess mode's floor is the no-class floor (at scale 0 both are the base model without a class)."""
    rows = []
    for ctype in CONDITION_TYPES:
        q = checkpoints.quality(checkpoint_name(ctype))
        for setting in ("no_class", "class", "guess"):
            r = q.get(setting, {})
            if r:
                floor = (tr("controlnet.q_floor_as_no_class") if setting == "guess"
                         else _with_interval(r, "floor_follow"))
                ratio = f"{r['ratio']:.2f}" if "ratio" in r else NOT_APPLICABLE
                rows.append([tr(f"controlnet.type_{ctype}"), tr(f"controlnet.q_{setting}"), _with_interval(r, "follow"),
                             floor, ratio, _with_interval(r, "class_accuracy")])
    return pd.DataFrame(rows, columns=[tr(f"controlnet.{k}") for k in QUALITY_KEYS])


def _with_interval(r: dict, key: str) -> str:
    """``value [lo, hi]`` (95%) of a recorded figure, or a dash when it was not measured."""
    if key not in r:
        return NOT_APPLICABLE
    if key + "_lo" not in r:
        return f"{r[key]:.3f}"
    return f"{r[key]:.3f} [{r[key + '_lo']:.3f}, {r[key + '_hi']:.3f}]"


def build() -> None:
    with gr.Tab(t("controlnet.tab"), elem_id="tab-controlnet"):
        gr.Markdown(t("controlnet.explain"), latex_delimiters=LATEX)
        with gr.Row():
            with gr.Column():
                ctype = gr.Radio([(t("controlnet.type_stroke"), "stroke"), (t("controlnet.type_lowres"), "lowres")],
                                 value=CONDITION_TYPE, label=t("controlnet.type"))
                gr.Markdown(t("controlnet.sketch_heading"))  # a heading: on a phone the toolbar covered the label
                sketch = sketchpad(t("controlnet.sketch"), CANVAS, pen=14, show_label=False,
                                   elem_id="controlnet-sketch")
                examples = gr.Examples([[path] for path in example_files(CANVAS, 16)], inputs=[sketch],
                                       label=t("controlnet.examples"), examples_per_page=10)
                with gr.Accordion(t("controlnet.upload"), open=False):
                    file = gr.File(file_types=["image"], type="filepath", label=t("controlnet.upload_file"))
            with gr.Column():
                cond_img = gr.Image(label=t("controlnet.condition"), format="png", interactive=False, buttons=[],
                                    elem_id="controlnet-condition", height=220)  # no icons over the label
                digit_class = gr.Dropdown([(t("controlnet.no_class"), NO_CLASS)] + [(c, c) for c in CLASS_CHOICES[1:]],
                                          value=NO_CLASS, label=t("controlnet.class"))
                scale = slider(CONTROL_SCALE, t("controlnet.scale"), info=t("controlnet.scale_info"))
                guess = gr.Checkbox(False, label=t("controlnet.guess"), info=t("controlnet.guess_info"))
                cfg = slider(GUIDANCE_SCALE, t("controlnet.cfg"))
                with gr.Row():  # each at least THIRD wide: on a phone they wrap rather than their labels
                    steps = slider(STEPS, t("controlnet.steps"), min_width=THIRD)
                    samples = slider(SAMPLES, t("controlnet.samples"), min_width=THIRD)
                    seed = seed_box(t("controlnet.seed"), SEED_SPEC, min_width=THIRD)
                run = gr.Button(t("controlnet.run"), variant="primary", elem_id="controlnet-run")
        with gr.Row():
            with gr.Column():
                gr.Markdown(t("controlnet.gallery_heading"))  # a heading, not a label over the first image
                gallery = gr.Gallery(show_label=False, format="png", columns=4, height="auto", object_fit="contain",
                                     elem_id="controlnet-gallery", elem_classes=["gallery-captions", "gallery-fit"])
            residuals = gr.Plot(label=t("controlnet.residuals"), elem_id="controlnet-residuals")
        stats = gr.Dataframe(headers=STAT_HEADERS, label=t("controlnet.stats"), interactive=False, wrap=True,
                             elem_id="controlnet-stats",
                             column_widths=["62%", "38%"])  # the values stay in view on a phone
        with gr.Accordion(t("controlnet.quality"), open=False):
            gr.Markdown(t("controlnet.quality_explain"))
            quality = gr.Dataframe(quality_table(), interactive=False, wrap=True, elem_id="controlnet-quality")
        on_page_load(quality_table, [quality])
        outputs = [cond_img, gallery, residuals, stats]
        # the drawing on screen, never the one before it: read once a loading example or upload is in
        run.click(None, None, None, js=WAIT_READY, api_name=False, queue=False).then(
            generate, [sketch, ctype, digit_class, scale, guess, cfg, steps, samples, seed], outputs,
            api_name="controlnet_generate", **CPU_HEAVY)
        on_page_load(first_example, [sketch, *outputs])
        sketch.change(preview, [sketch, ctype], [cond_img], api_name="controlnet_condition",
                      trigger_mode="always_last", show_progress="hidden")
        ctype.change(preview, [sketch, ctype], [cond_img], api_name=False, show_progress="hidden")
        examples.dataset.select(None, None, None, js=MARK_BUSY, api_name=False, queue=False)  # with the click
        examples.load_input_event.then(preview, [sketch, ctype], [cond_img], api_name=False, show_progress="hidden"
                                       ).then(None, None, None, js=MARK_READY, api_name=False, queue=False)
        guess.change(lambda g: gr.update(interactive=not g), [guess], [digit_class], api_name=False, queue=False)
        file.upload(None, None, None, js=MARK_BUSY, api_name=False, queue=False)  # before the upload's own event
        file.upload(upload, [file, ctype], [sketch, cond_img], api_name="controlnet_upload").then(
            None, None, None, js=MARK_READY, api_name=False, queue=False)

