"""The autoregressive tab's digits views: four models in one table, sampling pixel by pixel, masks and receptive
fields, orderings, completion. ``build()`` adds them as sub-tabs inside the tab's ``gr.Tabs``.

Endpoints: ``/ar_digits``, ``/ar_pixel_by_pixel``, ``/ar_masks``, ``/ar_orderings``, ``/ar_complete``
(``core.autoregressive.request``).
"""
from __future__ import annotations

import gradio as gr

from core.autoregressive import request as R
from core.autoregressive.request import DEFAULTS as D
from demos.autoregressive import digits_plots as P
from demos.common.i18n import LATEX, t, tr
from demos.common.widgets import CPU_HEAVY, IMAGE_BUTTONS, NARROW, TABLE, on_page_load, seed_box, sketchpad, slider


def _choices(names) -> list:
    return [(t(f"autoregressive.digits_model_{n}"), n) for n in names]


TABLE_WIDTHS = ["34%", "30%", "18%", "18%"]  # model, figure [95%], parameters, seconds: a phone shows all four


def _order_slider(model: str) -> dict:
    """The ordering slider: MADE's orderings, hidden for one-ordering models."""
    return gr.update(visible=model == "ar-made", value=0)


def digits(model, temperature, seed):
    """The tables of the four shipped models (17 levels; binary) and 16 samples of ``model``; returns (table of
    the 17-level models, table of the binary ones, samples, caption)."""
    s = R.samples_request(model, temperature, seed)
    table = R.digits_table()
    c = s.confidence
    caption = tr("autoregressive.digits_samples_caption", model=tr(f"autoregressive.digits_model_{model}"),
                 temperature=float(temperature), seconds=s.seconds, nfe=s.nfe, conf=c["confidence"],
                 lo=c["confidence_lo"], hi=c["confidence_hi"])
    if s.shipped_confidence:
        q = s.shipped_confidence
        caption += " " + tr("autoregressive.digits_samples_shipped", n=q["n"], conf=q["confidence"],
                            lo=q["confidence_lo"], hi=q["confidence_hi"])
    return (*P.table_frames(table), P.samples_picture(s.images), caption)


def pixel_by_pixel(model, order, temperature, seed, step):
    """Step ``step`` of one sample drawn pixel by pixel; returns (picture, conditional bars, caption)."""
    f = R.pixel_frame(model, order, temperature, seed, step)
    r, c = divmod(f.pixel, 8)
    caption = tr("autoregressive.digits_pixel_caption", step=f.step, row=r, col=c, value=f.value,
                 p=float(f.probs[f.value]), levels=f.levels, total=float(f.probs.sum()), logp=f.log_prob, ms=f.seconds * 1000)
    return P.frame_picture(f), P.conditional_figure(f), caption


def masks(order, pixel_y, pixel_x):
    """MADE's masks under ``order`` and both PixelCNNs' receptive fields at the pixel; returns (masks, fields,
    caption)."""
    view, rf = R.masks_request(order), R.receptive_fields(pixel_y, pixel_x)
    caption = tr("autoregressive.digits_masks_caption", order=view.order, hidden=view.hidden, shown=R.MASK_UNITS,
                 plain=rf.plain_blind, gated=rf.gated_blind, after=rf.plain_after + rf.gated_after)
    return P.masks_figure(view), P.fields_figure(rf), caption


def orderings():
    """MADE under each ordering and the ensemble; returns (chart, caption)."""
    figs, table = R.orderings_request(), R.digits_table()
    best = next(r for r in table.rows if r.name == R.BEST).value
    single = [v["bits_per_pixel"] for k, v in figs.items() if k.startswith("order_")]
    caption = tr("autoregressive.digits_orderings_caption", lo=min(single), hi=max(single),
                 ensemble=figs["ensemble"]["bits_per_pixel"], n=len(single))
    return P.orderings_figure(figs, best, table.baselines["independent"]["bits_per_pixel"]), caption


def complete(source, test_index, drawing, model, order, visible, n, temperature, seed):
    """Completions of a test digit or a drawing; returns (picture, caption)."""
    c = R.completion_request(source, test_index, drawing, model, order, visible, n, temperature, seed)
    caption = tr("autoregressive.digits_complete_caption", visible=c.visible, hidden=64 - c.visible,
                 n=len(c.samples), model=tr(f"autoregressive.digits_model_{c.name}"), seconds=c.seconds)
    return P.completion_picture(c), caption


def _table_view() -> None:
    with gr.Tab(t("autoregressive.digits_tab_table"), elem_id="ar-digits-table"):
        gr.Markdown(t("autoregressive.digits_table_explain"), latex_delimiters=LATEX)
        tables = [gr.Dataframe(label=t(f"autoregressive.digits_table_{unit}"), elem_id=elem_id, **TABLE,
                               column_widths=TABLE_WIDTHS)
                  for (_, unit), elem_id in zip(P.DATA_UNITS, ("ar-digits-table-data", "ar-digits-table-binary"))]
        with gr.Row():
            with gr.Column(min_width=NARROW):
                with gr.Row():
                    model = gr.Dropdown(_choices(R.MODELS), value=D.model, label=t("autoregressive.digits_model"),
                                        min_width=NARROW)
                    seed = seed_box(t("autoregressive.digits_seed"), min_width=NARROW)
                temperature = slider(R.TEMPERATURE, t("autoregressive.digits_temperature"))
                go = gr.Button(t("autoregressive.digits_sample"), variant="primary", elem_id="ar-digits-run")
            with gr.Column(scale=2, min_width=NARROW):
                samples = gr.Image(show_label=False, format="png", interactive=False, buttons=IMAGE_BUTTONS,
                                   elem_id="ar-digits-samples", height=150)
                caption = gr.Markdown(elem_id="ar-digits-caption")
        gr.on([go.click, model.change], digits, [model, temperature, seed], [*tables, samples, caption],
              api_name="ar_digits", **CPU_HEAVY)
        on_page_load(lambda: digits(D.model, D.temperature, D.seed), [*tables, samples, caption])


def _pixel_view() -> None:
    with gr.Tab(t("autoregressive.digits_tab_pixel"), elem_id="ar-digits-pixel"):
        gr.Markdown(t("autoregressive.digits_pixel_explain"), latex_delimiters=LATEX)
        with gr.Row():
            model = gr.Dropdown(_choices(R.MODELS), value=D.model, label=t("autoregressive.digits_model"),
                                min_width=NARROW)
            order = slider(R.ORDER, t("autoregressive.digits_order"), visible=D.model == "ar-made",
                           min_width=NARROW)
            temperature = slider(R.TEMPERATURE, t("autoregressive.digits_temperature"), min_width=NARROW)
            seed = seed_box(t("autoregressive.digits_seed"), min_width=NARROW)
        step = slider(R.STEP, t("autoregressive.digits_step"), elem_id="ar-digits-step")
        caption = gr.Markdown(elem_id="ar-digits-pixel-caption")
        with gr.Row():
            picture = gr.Image(show_label=False, format="png", interactive=False, buttons=IMAGE_BUTTONS,
                               elem_id="ar-digits-pixel-image", height=330, min_width=NARROW)
            bars = gr.Plot(show_label=False, elem_id="ar-digits-pixel-bars", min_width=NARROW)
        model.change(_order_slider, [model], [order], api_name=False, queue=False)
        inputs = [model, order, temperature, seed, step]
        gr.on([step.change, model.change, order.release, temperature.release, seed.change], pixel_by_pixel, inputs,
              [picture, bars, caption], api_name="ar_pixel_by_pixel", trigger_mode="always_last", **CPU_HEAVY)
        on_page_load(lambda: pixel_by_pixel(D.model, D.order, D.temperature, D.seed, D.step),
                     [picture, bars, caption])


def _masks_view() -> None:
    with gr.Tab(t("autoregressive.digits_tab_masks"), elem_id="ar-digits-masks"):
        gr.Markdown(t("autoregressive.digits_masks_explain"), latex_delimiters=LATEX)
        with gr.Row():
            order = slider(R.ORDER, t("autoregressive.digits_order"), min_width=NARROW)
            pixel_y = slider(R.PIXEL_Y, t("autoregressive.digits_pixel_y"), min_width=NARROW)
            pixel_x = slider(R.PIXEL_X, t("autoregressive.digits_pixel_x"), min_width=NARROW)
        caption = gr.Markdown(elem_id="ar-digits-masks-caption")
        with gr.Row():
            fields = gr.Plot(show_label=False, elem_id="ar-digits-fields", min_width=NARROW)
            mask_plot = gr.Plot(show_label=False, elem_id="ar-digits-masks-plot", min_width=NARROW)
        gr.on([order.release, pixel_y.release, pixel_x.release], masks, [order, pixel_y, pixel_x],
              [mask_plot, fields, caption], api_name="ar_masks", **CPU_HEAVY)
        on_page_load(lambda: masks(D.order, D.pixel_y, D.pixel_x), [mask_plot, fields, caption])


def _orderings_view() -> None:
    with gr.Tab(t("autoregressive.digits_tab_orderings"), elem_id="ar-digits-orderings"):
        gr.Markdown(t("autoregressive.digits_orderings_explain"), latex_delimiters=LATEX)
        go = gr.Button(t("autoregressive.digits_orderings_run"), elem_id="ar-digits-orderings-run")
        caption = gr.Markdown(elem_id="ar-digits-orderings-caption")
        chart = gr.Plot(show_label=False, elem_id="ar-digits-orderings-chart")
        go.click(orderings, None, [chart, caption], api_name="ar_orderings", **CPU_HEAVY)
        on_page_load(orderings, [chart, caption])


def _completion_view() -> None:
    with gr.Tab(t("autoregressive.digits_tab_complete"), elem_id="ar-digits-complete"):
        gr.Markdown(t("autoregressive.digits_complete_explain"), latex_delimiters=LATEX)
        with gr.Row():
            with gr.Column(min_width=NARROW):
                source = gr.Radio([(t(f"autoregressive.digits_source_{s.replace(' ', '_')}"), s) for s in R.SOURCES],
                                  value=D.source, label=t("autoregressive.digits_source"))
                test_index = slider(R.TEST_INDEX, t("autoregressive.digits_test_index"))
                model = gr.Dropdown(_choices(R.COMPLETERS), value=D.completer, label=t("autoregressive.digits_model"))
                order = slider(R.ORDER, t("autoregressive.digits_order"), visible=D.completer == "ar-made")
                visible = slider(R.VISIBLE, t("autoregressive.digits_visible"))
                with gr.Row():
                    n = slider(R.N_COMPLETIONS, t("autoregressive.digits_n"), min_width=NARROW)
                    temperature = slider(R.TEMPERATURE, t("autoregressive.digits_temperature"), min_width=NARROW)
                seed = seed_box(t("autoregressive.digits_seed"))
                go = gr.Button(t("autoregressive.digits_complete_run"), variant="primary",
                               elem_id="ar-digits-complete-run")
            with gr.Column(min_width=NARROW):
                caption = gr.Markdown(elem_id="ar-digits-complete-caption")
                picture = gr.Image(show_label=False, format="png", interactive=False, buttons=IMAGE_BUTTONS,
                                   elem_id="ar-digits-complete-image")
                drawing = sketchpad(t("autoregressive.digits_draw"), pen=8, elem_id="ar-digits-drawing")
        model.change(_order_slider, [model], [order], api_name=False, queue=False)
        drawing.input(lambda: "drawing", None, [source], api_name=False, queue=False)  # drawing starts from it
        gr.on([go.click], complete, [source, test_index, drawing, model, order, visible, n, temperature, seed],
              [picture, caption], api_name="ar_complete", **CPU_HEAVY)
        on_page_load(lambda: complete(D.source, D.test_index, None, D.completer, D.order, D.visible, D.n_completions,
                                      D.temperature, D.seed), [picture, caption])


def build() -> None:
    """The digits sub-tabs; called inside the autoregressive tab's ``gr.Tabs``."""
    _table_view()
    _pixel_view()
    _masks_view()
    _orderings_view()
    _completion_view()
