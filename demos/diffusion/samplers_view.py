"""The "Samplers vs NFE" view of the diffusion tab: one sampler's samples over the data, quality against
network evaluations live on the 2D track (EDM's Figure 2), and the benchmark's saved charts (2D and digits).

Endpoints: ``/diffusion_sampler`` (one sampler on the 2D track) and ``/diffusion_nfe_chart`` (the live chart).
"""
from __future__ import annotations

import gradio as gr
import numpy as np
from gradio.components.plot import PlotData

from core.data.toy2d import TOY_DATASETS
from core.diffusion import nfe
from core.sampling.solvers import SAMPLERS
from demos.common import figures as F
from demos.common.i18n import LATEX, t, tr
from demos.common.results import load_result
from demos.common.widgets import BESIDE, CONTROLS_COLUMN, CPU_HEAVY, NARROW, RESULT_COLUMN, on_page_load, seed_box, slider
from demos.diffusion.text_samplers import EN

LABEL_KEY = "diffusion.smp_label_"  # + a sampler's name: its translated label, where it has words
RESULT = "samplers_nfe"  # benchmarks/results/samplers_nfe.json, written by benchmarks/bench_samplers.py
COLOR = {name: F.COLORS[i % len(F.COLORS)] for i, name in enumerate(SAMPLERS)}  # one colour per sampler
LIMIT = 4.5  # half-width of the plotted square
LEGEND_BELOW = {**F.BASE["legend"], "y": -0.22}
ROUND_TICKS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)  # NFE and step ticks on log axes
CHART_HEIGHT = 640  # the NFE charts: a plot tall enough for its log axis above a ten-entry legend


def label(name: str) -> str:
    """A sampler's name on charts and in text, in the request's language (the solver table's label where the
    name has nothing to translate)."""
    return tr(LABEL_KEY + name) if LABEL_KEY + name in EN else SAMPLERS[name].label


def samples_figure(run: nfe.SamplerRun) -> PlotData:
    """The chosen sampler's points over real data, titled with the NFE it spent."""
    title = tr("diffusion.smp_fig_samples", label=label(run.name), nfe=run.generated.nfe)
    data = [F.scatter(run.real, tr("diffusion.smp_fig_data"), F.DATA_COLOR),
            F.scatter(run.generated.x.numpy(), label(run.name), COLOR[run.name], opacity=0.75)]
    return F.figure(data, {**F.panels([title], LIMIT, height=480), "legend": LEGEND_BELOW})


def status_text(run: nfe.SamplerRun) -> str:
    """The run's line (sampler, NFE, time, sliced W2, floor, ratio); with a ratio below 1, what that means."""
    s, m = SAMPLERS[run.name], run.metrics
    text = tr("diffusion.smp_status", label=label(run.name), source=tr(f"diffusion.smp_source_{s.source}"),
              kind=tr(f"diffusion.smp_kind_{s.kind}"), nfe=run.generated.nfe, steps=run.steps,
              ms=run.generated.seconds * 1000, **{k: m[k] for k in
                                                  ("w2", "w2_lo", "w2_hi", "floor", "floor_lo", "floor_hi", "ratio")})
    return text + ("\n\n" + tr("diffusion.ratio_note") if m["ratio"] < 1 else "")


def _curves(rows: list[dict], metric: str, panel: int = 0, legend: bool = True) -> list[dict]:
    """One line per sampler (solid: ODE, dashed: stochastic) over the NFE it spent, with 95% error bars."""
    data = []
    for name in dict.fromkeys(r["sampler"] for r in rows):
        sel = sorted((r for r in rows if r["sampler"] == name), key=lambda r: r["nfe"])
        trace = F.lines([r["nfe"] for r in sel], [r[metric] for r in sel], label(name), COLOR[name], panel,
                        dash="solid" if SAMPLERS[name].kind == "ode" else "dash", markers=True, legend=legend)
        if f"{metric}_lo" in sel[0]:
            trace["error_y"] = {"type": "data", "symmetric": False, "visible": True, "color": COLOR[name],
                                "thickness": 1, "width": 3,
                                "array": F.finite_list([r[f"{metric}_hi"] - r[metric] for r in sel]),
                                "arrayminus": F.finite_list([r[metric] - r[f"{metric}_lo"] for r in sel])}
        data.append(trace)
    return data


def _floor_band(rows: list[dict], key: str, panel: int = 0) -> list[dict]:
    """The floor's 95% range (mean over rows) as a grey band across the NFE axis."""
    _, lo, hi = nfe.floor_band(rows, key)
    xs = [min(r["nfe"] for r in rows) * 0.9, max(r["nfe"] for r in rows) * 1.1]
    return F.band(xs, [lo, lo], [hi, hi], tr("diffusion.smp_fig_floor"), "rgba(120,120,120,0.25)", panel)


def _log_range(rows: list[dict], metric: str, floor_key: str) -> list[float]:
    """A log y range from just under the floor band to a few times the best curve: divergent few-step runs
    (Euler-Maruyama at 5 NFE lands ~100 times above the rest) leave the chart at its top edge instead of
    squashing the other curves."""
    lo = min(min(r[f"{floor_key}_lo"] for r in rows), min(r[metric] for r in rows)) * 0.8
    near = [r[f"{metric}_hi"] for r in rows if r[metric] < 20 * lo] or [r[metric] for r in rows]
    return [float(np.log10(lo)), float(np.log10(max(near) * 1.3))]


def _nfe_ticks(rows: list[dict]) -> dict:
    """Round NFE ticks (5, 10, 20, 50, ...) on a log axis: its default minor labels ("2", "5") read as 2 and 5 NFE."""
    lo, hi = min(r["nfe"] for r in rows), max(r["nfe"] for r in rows)
    return {"type": "log", "tickvals": [v for v in ROUND_TICKS if lo * 0.8 <= v <= hi * 1.25]}


def _log_axis(rows: list[dict], metric: str, floor_key: str) -> dict:
    """A log y axis over ``_log_range`` with 1-2-5 ticks written in full (0.05, 0.1, 0.2, ...; 20, 50, 100):
    Plotly's own minor labels on a log axis are the leading digit only, a "2" that means 20 or 200."""
    lo, hi = _log_range(rows, metric, floor_key)
    ticks = [m * 10.0 ** e for e in range(int(np.floor(lo)), int(np.ceil(hi)) + 1) for m in (1, 2, 5)]
    ticks = [v for v in ticks if lo <= np.log10(v) <= hi]
    return {"type": "log", "range": [lo, hi], "tickvals": ticks, "ticktext": [f"{v:g}" for v in ticks]}


def nfe_figure(rows: list[dict], title: str) -> PlotData:
    """Sliced W2 against NFE (log-log), one curve per sampler, beside the floor band (EDM Figure 2, 2D)."""
    data = _floor_band(rows, "floor") + _curves(rows, "w2")
    out = F.layout(title, tr("diffusion.smp_fig_nfe"), tr("diffusion.smp_fig_w2"), height=CHART_HEIGHT, x_log=True,
                   legend=F.LEGEND_FOOT)
    out["xaxis"].update(_nfe_ticks(rows))
    out["margin"]["t"] = 64  # a two-line title
    out["yaxis"].update(_log_axis(rows, "w2", "floor"))
    return F.figure(data, out)


def digits_figure(rows: list[dict], title: str) -> PlotData:
    """The digits track: Fréchet distance (top, with its held-out floor band) over class accuracy (below), one
    above the other on the same NFE axis (side by side each is too narrow on a phone)."""
    data = _floor_band(rows, "frechet_floor") + _curves(rows, "frechet") + _curves(rows, "class_accuracy", 1, False)
    out = F.layout(title, "", tr("diffusion.smp_fig_frechet"), height=CHART_HEIGHT + 260, legend=F.LEGEND_FOOT)
    out["xaxis"].update(_nfe_ticks(rows), domain=[0, 1], anchor="y", matches="x2")
    out["margin"]["t"] = 64  # a two-line title
    out["yaxis"].update(_log_axis(rows, "frechet", "frechet_floor"), domain=[0.56, 1])
    out["xaxis2"] = {**_nfe_ticks(rows), "domain": [0, 1], "anchor": "y2",
                     "title": {"text": tr("diffusion.smp_fig_nfe")}}
    out["yaxis2"] = {"domain": [0, 0.44], "anchor": "x2", "title": {"text": tr("diffusion.smp_fig_accuracy")},
                     "range": [0, 1.05]}
    return F.figure(data, out)


def summary_text(track: dict, name: str) -> str:
    """The saved chart's summary figures (``core.diffusion.nfe.summary``) as one paragraph."""
    s = track["summary"]
    never, none = tr("diffusion.smp_never"), tr("diffusion.smp_none")
    return tr("diffusion.smp_summary", track=name, best=label(s["at10_best"]), best_value=s["at10_best_value"],
              ddim=s["at10_ddim"], high=s["high_nfe"], behind=", ".join(map(str, s["sde_behind_at"])) or none,
              ahead=", ".join(map(str, s["sde_ahead_at"])) or none, spread=s["high_spread"], target=s["target"],
              sde=s["sde_nfe_to_target"] or never, first=label(s["ode_first_to_target"]),
              ode=s["ode_nfe_to_target"] or never)


def sample_with(dataset, sampler, nfe_budget, n_points, seed):
    """One sampler on the shipped 2D model; returns (samples figure, status line)."""
    run = nfe.sampler_points_request(dataset, sampler, nfe_budget, n_points, seed)
    return samples_figure(run), status_text(run)


def nfe_chart(dataset, n_points, seed):
    """Every sampler at NFE 5..100 on the 2D track; returns the chart."""
    rows = nfe.nfe_points_request(dataset, n_points, seed)
    return nfe_figure(rows, tr("diffusion.smp_live_title", dataset=dataset, n=int(n_points)))


def saved_view():
    """(2D figure, digits figure, summary markdown) from the benchmark's JSON, or placeholders."""
    saved = load_result(RESULT)
    if saved is None or "points" not in saved:
        return None, None, tr("diffusion.smp_no_saved")
    p, d = saved["points"], saved["digits"]
    text = (summary_text(p, tr("diffusion.track_2d", dataset=p["dataset"])) + "\n\n"
            + summary_text(d, tr("diffusion.smp_saved_digits")))
    return (nfe_figure(p["rows"], tr("diffusion.smp_saved_title", dataset=p["dataset"], n=p["n"], seeds=len(p["seeds"]))),
            digits_figure(d["rows"], tr("diffusion.smp_saved_digits_title", n=d["n"])), text)


def build() -> None:
    """The sub-tab; called inside the diffusion tab's ``gr.Tabs``."""
    with gr.Tab(t("diffusion.smp_tab"), elem_id="tab-diffusion-samplers"):
        with gr.Row(**BESIDE):
            with gr.Column(**CONTROLS_COLUMN):
                with gr.Row():
                    dataset = gr.Dropdown(list(TOY_DATASETS), value=nfe.DEFAULTS.dataset,
                                          label=t("diffusion.smp_dataset"))
                    choices = [(t(LABEL_KEY + n) if LABEL_KEY + n in EN else s.label, n) for n, s in SAMPLERS.items()]
                    sampler = gr.Dropdown(choices, value=nfe.DEFAULTS.sampler,
                                          label=t("diffusion.smp_sampler"), elem_id="diffusion-samplers-choice")
                    seed = seed_box(t("diffusion.smp_seed"))
                with gr.Row():
                    budget = slider(nfe.NFE, t("diffusion.smp_nfe"), min_width=NARROW)
                    n_points = slider(nfe.N_POINTS, t("diffusion.smp_points"), min_width=NARROW)
                go = gr.Button(t("diffusion.smp_run"), variant="primary", elem_id="diffusion-samplers-run")
                status = gr.Markdown(elem_id="diffusion-samplers-status")
            with gr.Column(**RESULT_COLUMN):
                samples = gr.Plot(label=t("diffusion.smp_samples"), elem_id="diffusion-samplers-samples")
        gr.Markdown(t("diffusion.smp_explain"), latex_delimiters=LATEX)  # under the first screen's result
        live = gr.Plot(label=t("diffusion.smp_live_chart"), elem_id="diffusion-samplers-live")
        inputs = [dataset, sampler, budget, n_points, seed]
        gr.on([go.click, sampler.change], sample_with, inputs, [samples, status], api_name="diffusion_sampler",
              **CPU_HEAVY)
        with gr.Row():
            chart_points = slider(nfe.CHART_POINTS, t("diffusion.smp_chart_points"), min_width=NARROW)
            chart_btn = gr.Button(t("diffusion.smp_chart_run"), elem_id="diffusion-samplers-chart")
        chart_btn.click(nfe_chart, [dataset, chart_points, seed], [live], api_name="diffusion_nfe_chart", **CPU_HEAVY)
        d = nfe.DEFAULTS
        on_page_load(lambda: sample_with(d.dataset, d.sampler, d.nfe, d.n, d.seed) + (
            nfe_chart(d.dataset, d.chart_points, d.seed),), [samples, status, live])
        gr.Markdown(t("diffusion.smp_saved_note"))
        summary = gr.Markdown(elem_id="diffusion-samplers-summary")
        gr.Markdown(t("diffusion.smp_notes"))
        with gr.Row():
            saved_points = gr.Plot(label=t("diffusion.smp_saved_points"), elem_id="diffusion-samplers-saved-points")
            saved_digits = gr.Plot(label=t("diffusion.smp_saved_digits"), elem_id="diffusion-samplers-saved-digits")
        on_page_load(saved_view, [saved_points, saved_digits, summary])
