"""The Compare tab: every family of the lab on the same digits, in one likelihood table.

View: the digits table (``benchmarks/bench_compare.py`` -> ``benchmarks/results/compare_digits.json``, read by
``core.compare.request.load_table``), the chart of bits per pixel against Fréchet distance, which model is
best at what, and one row recomputed live from the weights.

Endpoints: ``/compare_digits`` (tables, chart, verdict), ``/compare_row`` (one row live; ``model``,
``digits``, ``probes``, validated by ``core.compare.request.check_row``).
"""
from __future__ import annotations

import gradio as gr
import pandas as pd

from core.compare import request as R
from demos.common import share
from demos.common.i18n import LATEX, t, tr
from demos.common.widgets import CPU_HEAVY, NARROW, TABLE, on_page_load, slider
from demos.compare import plots as P

D = R.DEFAULTS
WIDTHS_4 = ["28%", "30%", "20%", "22%"]  # a four-column table on a phone
WIDTHS_2 = ["35%", "65%"]
LIVE_KEYS = ("compare.hdr_measure", "compare.hdr_live", "compare.hdr_table")


def digits_tables():
    """The digits table and its companions from the benchmark's JSON; returns (bits table, other units, no
    likelihood, sample quality, IWAE, ODE estimators, DDPM terms, chart, verdict)."""
    table = R.load_table()
    if table is None:
        empty = pd.DataFrame([])
        return (empty,) * 7 + (None, tr("compare.no_table"))
    rows = table["rows"]
    return (P.bits_table(rows), P.other_units_table(rows), P.no_likelihood_table(rows), P.quality_table(rows),
            P.iwae_table(rows), P.ode_table(rows), P.ddpm_table(rows), P.chart(rows), P.verdict(rows))


def recompute(model, digits, probes):
    """One row recomputed from the weights on the first ``digits`` test digits; returns (table, caption)."""
    live = R.recompute_row(model, digits, probes)
    r, rec = live.row, live.recorded or {}
    unit = tr(f"compare.unit_{r['unit']}")
    lines = [[tr("compare.live_value", unit=unit), P.cell(r, "value"), P.cell(rec, "value")],
             [tr("compare.live_digits"), str(r["n"]), str(rec.get("n", "–"))],
             [tr("compare.live_kind"), tr(f"compare.kind_{r['kind']}"), tr(f"compare.kind_{rec['kind']}") if rec else "–"]]
    if "probe_sd" in r:
        lines.append([tr("compare.live_probe_sd"), f"{r['probe_sd']:.3f}", "–"])
    caption = tr("compare.live_caption", model=model, n=r["n"], seconds=live.seconds)
    return pd.DataFrame(lines, columns=[tr(k) for k in LIVE_KEYS]), caption


def _digits_view() -> None:
    with gr.Tab(t("compare.digits_tab"), elem_id="compare-digits"):
        gr.Markdown(t("compare.convention"), latex_delimiters=LATEX)
        verdict = gr.Markdown(elem_id="compare-verdict")
        bits = gr.Dataframe(label=t("compare.table_bits"), elem_id="compare-bits", column_widths=WIDTHS_4, **TABLE)
        chart = gr.Plot(show_label=False, elem_id="compare-chart")
        quality = gr.Dataframe(label=t("compare.table_quality"), elem_id="compare-quality", column_widths=WIDTHS_4,
                               **TABLE)
        other = gr.Dataframe(label=t("compare.table_other"), elem_id="compare-other", column_widths=WIDTHS_4, **TABLE)
        none = gr.Dataframe(label=t("compare.table_none"), elem_id="compare-none", column_widths=WIDTHS_2, **TABLE)
        gr.Markdown(t("compare.details_head"), latex_delimiters=LATEX)
        iwae = gr.Dataframe(label=t("compare.table_iwae"), elem_id="compare-iwae", column_widths=WIDTHS_4, **TABLE)
        ode = gr.Dataframe(label=t("compare.table_ode"), elem_id="compare-ode", column_widths=WIDTHS_4, **TABLE)
        ddpm = gr.Dataframe(label=t("compare.table_ddpm"), elem_id="compare-ddpm", column_widths=WIDTHS_2, **TABLE)
        gr.Markdown(t("compare.notes"), latex_delimiters=LATEX)
        outputs = [bits, other, none, quality, iwae, ode, ddpm, chart, verdict]
        refresh = gr.Button(t("compare.refresh"), elem_id="compare-refresh", size="sm")
        refresh.click(digits_tables, None, outputs, api_name="compare_digits")
        on_page_load(digits_tables, outputs)

        gr.Markdown(t("compare.live_head"), latex_delimiters=LATEX)
        with gr.Row():
            model = gr.Dropdown([(t(f"compare.live_model_{m}"), m) for m in R.LIVE_MODELS], value=D.model,
                                label=t("compare.live_model"), min_width=NARROW)
            digits = slider(R.DIGITS, t("compare.live_digits_slider"), min_width=NARROW, elem_id="compare-digits-n")
            probes = slider(R.PROBES, t("compare.live_probes"), min_width=NARROW)
        go = gr.Button(t("compare.live_run"), variant="primary", elem_id="compare-row-run")
        caption = gr.Markdown(elem_id="compare-row-caption")
        live_table = gr.Dataframe(label=t("compare.table_live"), elem_id="compare-row",
                                  column_widths=["40%", "30%", "30%"], **TABLE)
        go.click(recompute, [model, digits, probes], [live_table, caption], api_name="compare_row", **CPU_HEAVY)
        on_page_load(lambda: recompute(D.model, D.digits, D.probes), [live_table, caption])
        share.link("compare_row", recompute, [model, digits, probes], [live_table, caption])  # the row's settings


def build() -> None:
    with gr.Tab(t("compare.tab"), elem_id="tab-compare"):
        gr.Markdown(t("compare.explain"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            _digits_view()
