"""The diffusion tab's "Score & Langevin" and "SDE vs ODE" views: one network read as a score, annealed
Langevin dynamics and predictor-corrector sampling, and the reverse SDE beside its probability-flow ODE.

Thin handlers over ``core.diffusion.framework`` (every value validated there); figures from
``demos.common.figures``; text from ``demos.diffusion.text_framework`` through ``t``/``tr``.
"""
from __future__ import annotations

import inspect

import gradio as gr
import numpy as np
import pandas as pd

from core.data.toy2d import TOY_DATASETS
from core.diffusion import framework as fw
from core.runtime.validation import SEED
from core.sampling import karras
from demos.common import figures as F
from demos.common.i18n import LATEX, t, tr
from demos.common.widgets import BESIDE, CONTROLS_COLUMN, CPU_HEAVY, NARROW, RESULT_COLUMN, on_page_load, seed_box, slider
from demos.diffusion import plots
from demos.diffusion.tables import long_table, quality_table

LEGEND_BELOW = {**F.BASE["legend"], "y": -0.2}
NOISY_COLOR = "rgba(255,127,14,0.35)"
STARTS_COLORS = F.COLORS[:4]  # one colour per start point of the determinism test
SAMPLER_COLORS = {"sde": "#d62728", "ode": "#1f77b4", "langevin": "#2ca02c", "pc": "#9467bd"}


def readings_code() -> str:
    """The conversions every sampler here uses, read from ``core/sampling/karras.py`` itself."""
    parts = [karras.eps_to_score, karras.eps_to_x0, karras.eps_to_v, karras.Denoiser.eps, karras.Denoiser.__call__,
             karras.Denoiser.score]
    return "\n\n".join(inspect.getsource(p).rstrip() for p in parts)


# --- figures -----------------------------------------------------------------------------------------------

def field_figure(view: fw.FieldView) -> F.PlotData:
    """Left: score arrows over the data and the noised data; right: the grid's x0 reading over the data."""
    f = view.field
    median = float(np.median(np.linalg.norm(f.score, axis=1)))
    title = tr("diffusion.fw_fig_field_title", dataset=view.dataset, sigma=f.sigma, median=median)
    data = [F.scatter(view.real, tr("diffusion.fw_fig_data"), F.DATA_COLOR, 0, size=3),
            F.scatter(view.noisy, tr("diffusion.fw_fig_noisy"), NOISY_COLOR, 0, size=3)]
    longest = float(np.linalg.norm(f.arrows, axis=1).max())  # drawn at the lengths core chose (scale 1)
    data += F.arrows(f.at, f.arrows, tr("diffusion.fw_fig_score"), F.COLORS[0], length=longest, panel=0, width=1.3)
    data[-2]["showlegend"] = True
    data[-1]["marker"]["size"] = 6
    data += [F.scatter(view.real, tr("diffusion.fw_fig_data"), F.DATA_COLOR, 1, size=3, legend=False),
             F.scatter(f.at, tr("diffusion.fw_fig_grid"), "rgba(120,120,120,0.6)", 1, size=4, symbol="circle-open"),
             F.scatter(f.denoised, tr("diffusion.fw_fig_x0"), F.COLORS[1], 1, size=5)]
    # titles on two short lines: side by side on a phone, one-line titles run into each other
    lay = F.panels([tr("diffusion.fw_fig_score_title"), tr("diffusion.fw_fig_x0_title")], f.extent, height=480)
    lay["title"] = {"text": title, "x": 0.01, "font": {"size": 14}}
    lay["margin"].update(t=124, b=90)
    lay["legend"] = LEGEND_BELOW
    return F.figure(data, lay)


def _rounded(x: np.ndarray) -> list[list]:
    """Coordinates as two short lists (3 decimals): a slider step's restyle arguments stay small; a diverged
    particle (inf or NaN) becomes null, drawn nowhere."""
    return [F.finite_list(np.round(x[:, d].astype(np.float64), 3)) for d in (0, 1)]


def _frame_label(frame: fw.Frame) -> str:
    if frame.step == 0:
        return tr("diffusion.fw_fig_start", sigma=frame.sigma)
    return tr("diffusion.fw_fig_frame", step=frame.step, level=frame.level + 1, sigma=frame.sigma)


def particles_figure(run: fw.ParticleRun, extent: float = 4.5) -> F.PlotData:
    """Left: the particles at one frame over the data, with a Plotly slider that restyles them to any
    frame (the whole animation travels in the figure; no server call per frame); right: the final samples."""
    last = run.frames[-1]
    data = [F.scatter(run.real, tr("diffusion.fw_fig_data"), F.DATA_COLOR, 0, size=3),
            F.scatter(last.x, tr("diffusion.fw_fig_particles"), SAMPLER_COLORS[run.method], 0, size=3),
            F.scatter(run.real, tr("diffusion.fw_fig_data"), F.DATA_COLOR, 1, size=3, legend=False),
            F.scatter(run.x, tr("diffusion.fw_fig_samples"), SAMPLER_COLORS[run.method], 1, size=3,
                      legend=False)]  # the same points as the last frame: one legend entry, not two in one colour
    xs, ys = zip(*(_rounded(f.x) for f in run.frames))
    data[1]["x"], data[1]["y"] = list(xs[-1]), list(ys[-1])
    steps = [{"method": "restyle", "label": _frame_label(f), "args": [{"x": [x], "y": [y]}, [1]]}
             for f, x, y in zip(run.frames, xs, ys)]
    # tick labels hidden (transparent): the current frame's label is written above the slider
    slider = {"active": len(steps) - 1, "steps": steps, "x": 0.0, "len": 1.0, "y": -0.13, "yanchor": "top",
              "pad": {"t": 12}, "currentvalue": {"prefix": "", "font": {"size": 12, "color": "#333333"}},
              "font": {"size": 8, "color": "rgba(0,0,0,0)"}, "ticklen": 3, "minorticklen": 0,
              "tickcolor": "#bbbbbb"}
    final = tr("diffusion.fw_fig_final", nfe=run.nfe)
    lay = F.panels([tr("diffusion.fw_fig_moving"), final], extent, height=560, top=70)
    lay["sliders"] = [slider]
    lay["margin"].update(b=190)
    lay["legend"] = {**LEGEND_BELOW, "y": -0.5}
    return F.figure(data, lay)


def _w2_rows(metrics: list[dict]) -> list[tuple[str, list]]:
    """The sliced W2, floor, ratio and modes rows of a long table, a cell per sampler (``metrics``)."""
    def w2(m: dict) -> str:
        if not np.isfinite(m["w2"]):  # some particles left every finite number: the step was too large
            return tr("diffusion.fw_diverged")
        return f"{m['w2']:.4f} [{m['w2_lo']:.4f}, {m['w2_hi']:.4f}]"

    return [("w2", [w2(m) for m in metrics]),
            ("floor", [f"{m['floor']:.4f} [{m['floor_lo']:.4f}, {m['floor_hi']:.4f}]" for m in metrics]),
            ("ratio", [f"{m['ratio']:.2f}" if np.isfinite(m["w2"]) else "-" for m in metrics]),
            ("modes", [f"{m['modes']} / {m['num_modes']}" if "modes" in m else tr("diffusion.fw_no_modes")
                       for m in metrics])]


def _table(rows: list[tuple[str, list]], columns: list[str]) -> pd.DataFrame:
    """A long table (``demos.diffusion.tables``): a row per measure, a column per sampler in ``columns``."""
    return long_table([(f"diffusion.fw_hdr_{key}", cells) for key, cells in rows], columns)


def particle_table(run: fw.ParticleRun) -> pd.DataFrame:
    s = run.settings
    if run.method == "langevin":
        settings = f"L={s['levels']}, T={s['steps_per_level']}, ε={s['step_size']:.2g}"
    else:
        settings = f"N={s['steps']}, r={s['snr']:g}, M={s['corrector_steps']}, {s['predictor'].upper()}"
    rows = [("settings", [settings]), ("nfe", [run.nfe]), ("ms", [round(run.seconds * 1000, 1)])]
    return _table(rows + _w2_rows([run.metrics]), [tr(f"diffusion.fw_{run.method}")])


def paths_figure(res: fw.SdeOde, extent: float = 4.5) -> F.PlotData:
    """The SDE's and the ODE's paths from the same x_T side by side (``plots.TRAJECTORIES`` of them, thin and
    see-through), each over the data (a light background) and its final samples."""
    data, titles = [], []
    for panel, name in enumerate(("sde", "ode")):
        color = SAMPLER_COLORS[name]
        label = tr(f"diffusion.fw_{name}")
        titles.append(tr("diffusion.fw_fig_paths", name=label, nfe=res.nfe[name], k=plots.TRAJECTORIES))
        data += [plots.background(res.real, tr("diffusion.fw_fig_data"), panel, legend=panel == 0),
                 F.scatter(res.x[name], tr("diffusion.fw_fig_samples_of", name=label), color, panel, size=2,
                           opacity=0.25)]
        data += plots.path_traces(res.paths[name], label, color, panel)
    lay = F.panels(titles, extent, height=490, top=90)  # three-line titles: side by side on a phone, short lines
    lay["margin"].update(b=90)
    lay["legend"] = LEGEND_BELOW
    return F.figure(data + plots.path_legend(), lay)


def determinism_figure(res: fw.SdeOde, extent: float = 4.5) -> F.PlotData:
    """Each of four x_T copied K times: the SDE's end points (a cloud per start) and the ODE's (one point per
    start), coloured by start, over the data; the starts as hollow circles."""
    data, titles = [], []
    for panel, name in enumerate(("sde", "ode")):
        titles.append(tr("diffusion.fw_fig_repeats", name=tr(f"diffusion.fw_{name}"), k=res.repeats,
                         spread=res.spread[name]))
        data.append(F.scatter(res.real, tr("diffusion.fw_fig_data"), F.DATA_COLOR, panel, size=2, legend=panel == 0))
        for i in range(len(res.starts)):
            ends = res.repeated[name][res.start_of == i]
            data.append(F.scatter(ends, tr("diffusion.fw_fig_end", i=i + 1), STARTS_COLORS[i], panel,
                                  size=5 if name == "sde" else 12, legend=panel == 0,
                                  symbol=None if name == "sde" else "x"))
        data.append(F.scatter(res.starts, tr("diffusion.fw_fig_x_T"), "#333333", panel, size=10, legend=panel == 0,
                              symbol="circle-open"))
    lay = F.panels(titles, extent, height=490, top=90)
    lay["margin"].update(b=90)
    lay["legend"] = LEGEND_BELOW
    return F.figure(data, lay)


def sde_table(res: fw.SdeOde) -> pd.DataFrame:
    names = ("sde", "ode")
    rows = [("nfe", [res.nfe[k] for k in names]), ("ms", [round(res.seconds[k] * 1000, 1) for k in names])]
    rows += _w2_rows([res.metrics[k] for k in names]) + [("spread", [f"{res.spread[k]:.3g}" for k in names])]
    return _table(rows, [tr(f"diffusion.fw_{k}") for k in names])


# --- handlers (each a named endpoint) ---------------------------------------------------------------------

def score_field(dataset, log10_sigma, side):
    """The score field of the shipped model at sigma = 10^log10_sigma; returns the figure."""
    return field_figure(fw.score_field_request(dataset, log10_sigma, side))


def run_langevin(dataset, method, levels, steps_per_level, log10_step_size, steps, snr, corrector_steps,
                 predictor, n_points, seed):
    """Annealed Langevin or predictor-corrector particles; returns (animated figure, quality table)."""
    run = fw.langevin_request(dataset, method, n=n_points, seed=seed, levels=levels, steps_per_level=steps_per_level,
                              log10_step_size=log10_step_size, steps=steps, snr=snr, corrector_steps=corrector_steps,
                              predictor=predictor)
    return particles_figure(run), particle_table(run)


def run_sde_ode(dataset, steps, n_points, repeats, seed):
    """The reverse SDE and the probability-flow ODE from the same noise; returns (paths, determinism, table)."""
    res = fw.sde_ode_request(dataset, steps, n_points, repeats, seed)
    return paths_figure(res), determinism_figure(res), sde_table(res)


# --- layout ------------------------------------------------------------------------------------------------

def _dataset(elem_id: str) -> gr.Dropdown:
    return gr.Dropdown(list(TOY_DATASETS), value=fw.FIELD.dataset, label=t("diffusion.fw_dataset"), elem_id=elem_id)


def _score_view() -> None:
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            gr.Markdown(t("diffusion.fw_field_head"), latex_delimiters=LATEX)
            dataset = _dataset("fw-field-dataset")
            with gr.Row():
                log_sigma = slider(fw.LOG_SIGMA, t("diffusion.fw_log_sigma"), elem_id="fw-log-sigma",
                                   min_width=NARROW)
                side = slider(fw.SIDE, t("diffusion.fw_side"), min_width=NARROW)
        with gr.Column(**RESULT_COLUMN):
            field = gr.Plot(label=t("diffusion.fw_field"), elem_id="fw-field")
    gr.Markdown(t("diffusion.fw_readings"), latex_delimiters=LATEX)  # under the first screen's result
    with gr.Accordion(t("diffusion.fw_code"), open=False):
        gr.Code(readings_code(), language="python", interactive=False)
    inputs = [dataset, log_sigma, side]
    log_sigma.release(score_field, inputs, [field], api_name="diffusion_score_field", **CPU_HEAVY)
    for control in (dataset, side):
        control.change(score_field, inputs, [field], api_name=False, **CPU_HEAVY)
    on_page_load(lambda: score_field(fw.FIELD.dataset, fw.FIELD.log10_sigma, fw.FIELD.side), [field])

    gr.Markdown(t("diffusion.fw_langevin_head"), latex_delimiters=LATEX)
    L, P = fw.LANGEVIN, fw.PC
    with gr.Row():
        dataset2 = _dataset("fw-langevin-dataset")
        method = gr.Radio([(t("diffusion.fw_method_langevin"), "langevin"), (t("diffusion.fw_method_pc"), "pc")],
                          value=fw.METHODS[0], label=t("diffusion.fw_method"))
        n_points = slider(fw.LANGEVIN_POINTS, t("diffusion.fw_n"), min_width=NARROW)
        seed = seed_box(t("diffusion.seed"))
    with gr.Row():
        levels = slider(fw.LEVELS, t("diffusion.fw_levels"), min_width=NARROW)
        per_level = slider(fw.PER_LEVEL, t("diffusion.fw_per_level"), min_width=NARROW)
        log_step = slider(fw.LOG_STEP, t("diffusion.fw_log_step"), min_width=NARROW)
    with gr.Row():
        pc_steps = slider(fw.PC_STEPS, t("diffusion.fw_pc_steps"), min_width=NARROW)
        snr = slider(fw.SNR, t("diffusion.fw_snr"), min_width=NARROW)
        corrector = slider(fw.CORRECTOR_STEPS, t("diffusion.fw_corrector"), min_width=NARROW)
        predictor = gr.Radio([(t("diffusion.fw_predictor_sde"), "sde"), (t("diffusion.fw_predictor_ode"), "ode")],
                             value=P.predictor, label=t("diffusion.fw_predictor"))
    go = gr.Button(t("diffusion.fw_run_langevin"), variant="primary", elem_id="fw-langevin-run")
    particles = gr.Plot(label=t("diffusion.fw_particles"), elem_id="fw-particles")
    stats = quality_table("fw-langevin-stats", columns=2, label=t("diffusion.fw_stats"))
    go.click(run_langevin, [dataset2, method, levels, per_level, log_step, pc_steps, snr, corrector, predictor,
                            n_points, seed], [particles, stats], api_name="diffusion_langevin", **CPU_HEAVY)
    on_page_load(lambda: run_langevin(fw.FIELD.dataset, fw.METHODS[0], L.levels, L.steps_per_level,
                                      L.log10_step_size, P.steps, P.snr, P.corrector_steps, P.predictor, L.n,
                                      SEED.default), [particles, stats])


def _sde_view() -> None:
    S = fw.SDE_ODE
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            with gr.Row():
                dataset = _dataset("fw-sde-dataset")
                steps = slider(fw.SDE_STEPS, t("diffusion.fw_steps"), min_width=NARROW)
                n_points = slider(fw.SDE_POINTS, t("diffusion.fw_n"), min_width=NARROW)
                repeats = slider(fw.REPEATS, t("diffusion.fw_repeats"), min_width=NARROW)
                seed = seed_box(t("diffusion.seed"))
            go = gr.Button(t("diffusion.fw_run_sde"), variant="primary", elem_id="fw-sde-run")
        with gr.Column(**RESULT_COLUMN):
            paths = gr.Plot(label=t("diffusion.fw_paths"), elem_id="fw-sde-paths")
    gr.Markdown(t("diffusion.fw_sde_head"), latex_delimiters=LATEX)  # under the first screen's result
    same = gr.Plot(label=t("diffusion.fw_determinism"), elem_id="fw-sde-same")
    stats = quality_table("fw-sde-stats", label=t("diffusion.fw_stats"))
    outputs = [paths, same, stats]
    go.click(run_sde_ode, [dataset, steps, n_points, repeats, seed], outputs, api_name="diffusion_sde_ode",
             **CPU_HEAVY)
    on_page_load(lambda: run_sde_ode(fw.FIELD.dataset, S.steps, S.n, S.repeats, SEED.default), outputs)


def build() -> None:
    """The two sub-tabs; called inside the diffusion tab's ``gr.Tabs``."""
    with gr.Tab(t("diffusion.fw_score_tab"), elem_id="tab-diffusion-score"):
        _score_view()
    with gr.Tab(t("diffusion.fw_sde_tab"), elem_id="tab-diffusion-sde"):
        _sde_view()
