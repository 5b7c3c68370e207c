"""The latent diffusion tab: Stable Diffusion's design on the digits, step by step and measured.

Views: the pipeline (x -> encoder -> z -> noise -> denoise -> decoder -> x-hat, each step's latent and its
decoding), pixel vs latent for the same request, the compression trade-off (benchmarks/bench_latent_diffusion.py)
with the scale factor's signal-to-noise, image to image (SDEdit on a drawing) and interpolation between seeds.
"""
from __future__ import annotations

import gradio as gr
import numpy as np
import pandas as pd
import torch

from core.controlnet.drawing import example_files, render_example
from core.data.digits import to_pixels
from core.latent_diffusion.request import (
    COMPARE_LABELS,
    DEFAULTS,
    DIGIT_LABELS,
    FACTOR_CHOICES,
    FRAMES,
    N_DIGITS,
    PIPELINE_STEPS,
    SCALE,
    SECOND_SEED,
    STEPS,
    STRENGTH,
    compare_request,
    img2img_request,
    interpolate_request,
    pipeline_request,
    snr_request,
)
from core.metrics.intervals import format_interval
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.results import load_result
from demos.common.widgets import (
    BESIDE,
    CONTROLS_COLUMN,
    CPU_HEAVY,
    IMAGE_BUTTONS,
    NARROW,
    RESULT_COLUMN,
    TABLE,
    on_page_load,
    seed_box,
    sketchpad,
    slider,
)
from demos.latent_diffusion import plots

CANVAS = 280  # the Sketchpad's side, in pixels
FILM_COLUMNS = 8  # steps shown in the filmstrip (evenly spaced, the last always included)
EXAMPLE = "3"  # the example sketch the image-to-image view opens with
TWO, THREE, FOUR = ["48%", "52%"], ["34%", "33%", "33%"], ["16%", "30%", "30%", "24%"]  # percent widths


def _table(rows: list[list], headers: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[tr(f"latent_diffusion.th_{h}") for h in headers])


def _factor_choices():
    return [(t(f"latent_diffusion.factor_{f}"), f) for f in FACTOR_CHOICES]


def _frames(n: int, k: int = FILM_COLUMNS) -> list[int]:
    return sorted({round(float(i)) for i in np.linspace(0, n - 1, min(k, n))})


@gpu
def run_pipeline(f, label, scale, steps, seed):
    """The pipeline step by step: (strip image, filmstrip image, final digits, stats table)."""
    res = pipeline_request(f, label, scale, steps, seed)
    strip = plots.strip([(tr("latent_diffusion.strip_x"), res.example, False), (tr("latent_diffusion.strip_z"), res.example_latent[0], True),
                         (tr("latent_diffusion.strip_z_t"), res.noise[0], True), (tr("latent_diffusion.strip_z_0"), res.latents[-1][0], True),
                         (tr("latent_diffusion.strip_x_hat"), res.generated.x[0, 0].numpy(), False)],
                        [tr("latent_diffusion.arrow_encode"), tr("latent_diffusion.arrow_noise"), tr("latent_diffusion.arrow_denoise", n=res.steps),
                         tr("latent_diffusion.arrow_decode")])
    cols = _frames(res.steps)
    rows = [(tr("latent_diffusion.film_channel", c=c + 1), res.latents[cols, c], True) for c in range(res.latents.shape[1])]
    rows += [(tr("latent_diffusion.film_decoded"), res.decoded[cols, 0], False), (tr("latent_diffusion.film_predicted"), res.predicted[cols, 0], False)]
    film = plots.filmstrip(rows, [f"t={res.timesteps[i]}" for i in cols])
    g = res.generated
    c, h, w = res.latents.shape[1:]
    stats = [[tr("latent_diffusion.row_latent"), f"{c}×{h}×{w} ({c * h * w} / 64)"], [tr("latent_diffusion.row_scale"), f"{res.scale:.3f}"],
             ["NFE", g.nfe], [tr("latent_diffusion.row_ms"), round(g.seconds * 1000)],
             [tr("latent_diffusion.row_read", c=res.label), f"{int((res.read_as == res.label).sum())} / {len(res.read_as)}"],
             [tr("latent_diffusion.row_confidence"), f"{float(res.confidence.mean()):.3f}"]]
    return strip, film, digit_grid(to_pixels(g.x), cols=8), _table(stats, ["measure", "value"])


COMPARE_MEASURES = ("nfe", "ms", "ms_per_nfe", "frechet", "floor", "accuracy", "confidence")


@gpu
def run_compare(label, scale, steps, seed, n, f):
    """Pixel vs latent for one request: (pixel digits, latent digits, table: one row per measure)."""
    res = compare_request(label, scale, steps, seed, n, f)

    def column(s: dict) -> list:
        return [s["nfe"], round(s["seconds"] * 1000), f"{s['ms_per_nfe']:.1f}", format_interval(s, "frechet", 1),
                format_interval(s, "frechet_floor", 1), format_interval(s, "class_accuracy", 2),
                format_interval(s, "confidence", 3)]

    cols = [column(res.stats["pixel"]), column(res.stats["latent"])]
    rows = [[tr(f"latent_diffusion.row_{m}"), cols[0][i], cols[1][i]] for i, m in enumerate(COMPARE_MEASURES)]
    rows.append([tr("latent_diffusion.row_speedup"), "1", f"{res.speedup:.1f}×"])
    table = pd.DataFrame(rows, columns=[tr("latent_diffusion.th_measure"), tr("latent_diffusion.th_pixel"), tr("latent_diffusion.th_latent", f=res.f)])
    return digit_grid(to_pixels(res.pixel.x), cols=8, px=64), digit_grid(to_pixels(res.latent.x), cols=8, px=64), table


def saved_tradeoff(saved: dict):
    """The saved benchmark: (chart, quality table, accuracy and speed table, signal-to-noise chart)."""
    rows, speed = [], []
    for r in saved["factors"]:
        shape = "×".join(str(v) for v in r["latent_shape"])
        rows.append([f"{r['f']} ({shape})", format_interval(r["reconstruction"], "frechet", 1),
                     f"{r['reconstruction']['mse']:.4f}", format_interval(r["samples"], "frechet", 1)])
        speed.append([str(r["f"]), format_interval(r["samples"], "class_accuracy", 3),
                      format_interval(r["samples"], "confidence", 3), f"{r['ms_per_sample']:.1f}"])
    p = saved["pixel"]
    floor = format_interval(saved["factors"][0]["reconstruction"], "frechet_floor", 1)
    rows.append([tr("latent_diffusion.pixel_row"), "-", "-", format_interval(p["samples"], "frechet", 1)])
    rows.append([tr("latent_diffusion.floor_row"), floor, "-", format_interval(p["samples"], "frechet_floor", 1)])
    speed.append([tr("latent_diffusion.pixel_row"), format_interval(p["samples"], "class_accuracy", 3),
                  format_interval(p["samples"], "confidence", 3), f"{p['ms_per_sample']:.1f}"])
    return (plots.tradeoff_figure(saved), _table(rows, ["f", "recon", "mse", "samples"]),
            _table(speed, ["f", "accuracy", "confidence", "ms"]), plots.snr_figure(snr_request(DEFAULTS.f)))


@gpu
def run_img2img(sketch, label, strength, scale, steps, seed, f):
    """SDEdit of the drawing: (drawing and its reconstruction, edited digits, table)."""
    res = img2img_request(sketch, label, strength, scale, steps, seed, DEFAULTS.img2img_digits, f)
    pair = digit_grid(to_pixels(torch.from_numpy(np.stack([res.drawing, res.reconstruction]))), cols=2)
    g = res.generated
    stats = [[tr("latent_diffusion.row_steps_run"), f"{res.steps_run} / {steps}"], ["NFE", g.nfe],
             [tr("latent_diffusion.row_read", c=res.label), f"{int((res.read_as == res.label).sum())} / {len(res.read_as)}"],
             [tr("latent_diffusion.row_confidence"), f"{float(res.confidence.mean()):.3f}"],
             [tr("latent_diffusion.row_change"), f"{res.change:.3f}"]]
    return pair, digit_grid(to_pixels(g.x), cols=8), _table(stats, ["measure", "value"])


def first_img2img():
    """What the view opens with: the example sketch on the canvas and its edits at the defaults."""
    image = render_example(EXAMPLE, CANVAS)
    value = {"background": image, "layers": [], "composite": image}
    d = DEFAULTS
    return (value, *run_img2img(value, d.label, d.strength, d.scale, d.steps, d.seed, d.f))


@gpu
def run_interpolate(label, seed, seed_b, frames, scale, steps, f):
    """Digits along the slerp between two seeds' noise: (image, table of what the classifier reads)."""
    res = interpolate_request(label, seed, seed_b, frames, scale, steps, f)
    rows = [[f"{a:.2f}", str(int(r)), f"{float(c):.3f}"] for a, r, c in zip(res.alphas, res.read_as, res.confidence)]
    return digit_grid(to_pixels(res.generated.x), cols=min(len(res.alphas), 9)), _table(rows, ["alpha", "read", "conf"])


def _picture(heading: str, elem_id: str) -> gr.Image:
    """A picture under its heading (a heading, not a label drawn over the picture's first digit)."""
    gr.Markdown(t(f"latent_diffusion.{heading}"))
    return gr.Image(show_label=False, format="png", elem_id=elem_id, buttons=IMAGE_BUTTONS)


def _common_controls(label_choices=DIGIT_LABELS, label_value=DEFAULTS.label):
    with gr.Row():
        f = gr.Dropdown(_factor_choices(), value=DEFAULTS.f, label=t("latent_diffusion.factor"), min_width=NARROW)
        label = gr.Dropdown([(t("latent_diffusion.any"), c) if c == "any" else (c, c) for c in label_choices], value=label_value,
                            label=t("latent_diffusion.class"), min_width=NARROW)
    scale = slider(SCALE, t("latent_diffusion.scale"), info=t("latent_diffusion.scale_info"))
    return f, label, scale


def _pipeline_view():
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            gr.Markdown(t("latent_diffusion.pipeline_explain"), latex_delimiters=LATEX)
            f, label, scale = _common_controls()
            with gr.Row():
                steps = slider(PIPELINE_STEPS, t("latent_diffusion.steps"), min_width=NARROW)
                seed = seed_box(t("latent_diffusion.seed"), min_width=NARROW)
            go = gr.Button(t("latent_diffusion.run_pipeline"), variant="primary", elem_id="ld-pipeline-run")
        with gr.Column(**RESULT_COLUMN):
            strip = _picture("strip_heading", "ld-strip")
            final = _picture("final_heading", "ld-final")
    film = _picture("film_heading", "ld-film")
    stats = gr.Dataframe(label=t("latent_diffusion.stats"), column_widths=TWO, elem_id="ld-pipeline-stats", **TABLE)
    gr.Markdown(t("latent_diffusion.pipeline_note"))
    d = DEFAULTS
    outputs = [strip, film, final, stats]
    on_page_load(lambda: run_pipeline(d.f, d.label, d.scale, d.pipeline_steps, d.seed), outputs)
    go.click(run_pipeline, [f, label, scale, steps, seed], outputs, api_name="ld_pipeline", **CPU_HEAVY)


def _compare_view():
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            gr.Markdown(t("latent_diffusion.compare_explain"))
            f, label, scale = _common_controls(COMPARE_LABELS, DEFAULTS.compare_label)
            with gr.Row():
                steps = slider(STEPS, t("latent_diffusion.steps"), min_width=NARROW)
                n = slider(N_DIGITS, t("latent_diffusion.n_digits"), min_width=NARROW)
                seed = seed_box(t("latent_diffusion.seed"), min_width=NARROW)
            go = gr.Button(t("latent_diffusion.run_compare"), variant="primary", elem_id="ld-compare-run")
        with gr.Column(**RESULT_COLUMN), gr.Row():
            with gr.Column(min_width=NARROW):
                pixel = _picture("pixel_heading", "ld-compare-pixel")
            with gr.Column(min_width=NARROW):
                latent = _picture("latent_heading", "ld-compare-latent")
    stats = gr.Dataframe(label=t("latent_diffusion.stats"), column_widths=THREE, elem_id="ld-compare-stats", **TABLE)
    gr.Markdown(t("latent_diffusion.compare_note"))
    d = DEFAULTS
    outputs = [pixel, latent, stats]
    on_page_load(lambda: run_compare(d.compare_label, d.scale, d.steps, d.seed, d.n_digits, d.f), outputs)
    go.click(run_compare, [label, scale, steps, seed, n, f], outputs, api_name="ld_compare", **CPU_HEAVY)


def _tradeoff_view():
    gr.Markdown(t("latent_diffusion.tradeoff_explain"))
    saved = load_result("latent_diffusion")
    if saved is None:
        gr.Markdown(t("latent_diffusion.missing"))
        return
    chart = gr.Plot(show_label=False, elem_id="ld-tradeoff")
    quality = gr.Dataframe(label=t("latent_diffusion.tradeoff_table"), column_widths=FOUR, elem_id="ld-tradeoff-table", **TABLE)
    speed = gr.Dataframe(label=t("latent_diffusion.speed_table"), column_widths=FOUR, elem_id="ld-speed-table", **TABLE)
    gr.Markdown(t("latent_diffusion.tradeoff_note"))
    gr.Markdown(t("latent_diffusion.snr_heading"))
    snr = gr.Plot(show_label=False, elem_id="ld-snr")
    gr.Markdown(t("latent_diffusion.snr_note"), latex_delimiters=LATEX)
    on_page_load(lambda: saved_tradeoff(saved), [chart, quality, speed, snr])


def _img2img_view():
    gr.Markdown(t("latent_diffusion.img2img_explain"), latex_delimiters=LATEX)
    with gr.Row():
        with gr.Column(min_width=CANVAS):
            sketch = sketchpad(t("latent_diffusion.sketch"), CANVAS, pen=14, show_label=False, elem_id="ld-sketch")
            examples = gr.Examples([[p] for p in example_files(CANVAS, 16)], inputs=[sketch],
                                   label=t("latent_diffusion.examples"), examples_per_page=10)
        with gr.Column():
            f, label, scale = _common_controls()
            strength = slider(STRENGTH, t("latent_diffusion.strength"), info=t("latent_diffusion.strength_info"))
            with gr.Row():
                steps = slider(STEPS, t("latent_diffusion.steps"), min_width=NARROW)
                seed = seed_box(t("latent_diffusion.seed"), min_width=NARROW)
            go = gr.Button(t("latent_diffusion.run_img2img"), variant="primary", elem_id="ld-img2img-run")
    pair = _picture("pair_heading", "ld-img2img-pair")
    edits = _picture("edits_heading", "ld-img2img-edits")
    stats = gr.Dataframe(label=t("latent_diffusion.stats"), column_widths=TWO, elem_id="ld-img2img-stats", **TABLE)
    outputs = [pair, edits, stats]
    on_page_load(first_img2img, [sketch, *outputs])
    go.click(run_img2img, [sketch, label, strength, scale, steps, seed, f], outputs, api_name="ld_img2img",
             **CPU_HEAVY)
    del examples


def _interpolate_view():
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            gr.Markdown(t("latent_diffusion.interp_explain"), latex_delimiters=LATEX)
            f, label, scale = _common_controls()
            with gr.Row():
                seed = seed_box(t("latent_diffusion.seed_a"), min_width=NARROW)
                seed_b = seed_box(t("latent_diffusion.seed_b"), SECOND_SEED, min_width=NARROW)
                frames = slider(FRAMES, t("latent_diffusion.frames"), min_width=NARROW)
                steps = slider(STEPS, t("latent_diffusion.steps"), min_width=NARROW)
            go = gr.Button(t("latent_diffusion.run_interp"), variant="primary", elem_id="ld-interp-run")
        with gr.Column(**RESULT_COLUMN):
            image = _picture("interp_heading", "ld-interp")
    table = gr.Dataframe(label=t("latent_diffusion.interp_table"), column_widths=THREE, elem_id="ld-interp-table", **TABLE)
    d = DEFAULTS
    on_page_load(lambda: run_interpolate(d.label, d.seed, d.seed_b, d.frames, d.scale, d.steps, d.f), [image, table])
    go.click(run_interpolate, [label, seed, seed_b, frames, scale, steps, f], [image, table],
             api_name="ld_interpolate", **CPU_HEAVY)


def build() -> None:
    with gr.Tab(t("latent_diffusion.tab"), elem_id="tab-latent-diffusion"):
        gr.Markdown(t("latent_diffusion.explain"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab(t("latent_diffusion.view_pipeline"), elem_id="ld-tab-pipeline"):
                _pipeline_view()
            with gr.Tab(t("latent_diffusion.view_compare"), elem_id="ld-tab-compare"):
                _compare_view()
            with gr.Tab(t("latent_diffusion.view_tradeoff"), elem_id="ld-tab-tradeoff"):
                _tradeoff_view()
            with gr.Tab(t("latent_diffusion.view_img2img"), elem_id="ld-tab-img2img"):
                _img2img_view()
            with gr.Tab(t("latent_diffusion.view_interp"), elem_id="ld-tab-interp"):
                _interpolate_view()
