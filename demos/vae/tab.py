"""The VAE tab: a latent plane you can walk, the beta trade-off, 16-d samples, gradient estimators,
the VQ-VAE with its codebook and two-stage sampling, and a 2D VAE trained live.

Every view opens with a result computed at build time (all of them are cheap).
"""
from __future__ import annotations

import gradio as gr
import numpy as np
import pandas as pd

from core.data.targets import POINT_DATASETS, make_target
from core.metrics.intervals import format_interval
from core.vae import request as R
from core.vae.live import BETA, LIVE_CONFIG, LiveVAE, Preview
from core.vae.recipes import CODEBOOK_SIZES
from demos.common import share
from demos.common.gpu import gpu
from demos.common.i18n import LATEX, t, tr
from demos.common.images import digit_grid
from demos.common.live import Frame, LiveView
from demos.common.widgets import (
    BESIDE,
    CONTROLS_COLUMN,
    CPU_HEAVY,
    IMAGE_BUTTONS,
    RESULT_COLUMN,
    STRIP_BUTTONS,
    TABLE,
    WIDE,
    on_page_load,
    seed_box,
    sketchpad,
    slider,
    updates_slider,
)
from demos.vae import plots

# the β trade-off as two narrow tables (four columns at most: they fit a phone), each cell "value [95% interval]":
# the ELBO and its two terms, then how good the reconstructions are
BETA_COLUMNS = (("elbo", 2), ("recon", 2), ("kl", 2))  # (figure, decimals)
QUALITY_COLUMNS = (("mse", 4), ("recon_accuracy", 3))
BETA_HEADERS = ["β", "vae.th_elbo", "vae.th_recon", "vae.th_kl"]  # tr keys but β
QUALITY_HEADERS = ["β", "vae.th_mse", "vae.th_accuracy"]
BETA_WIDTHS = ["17%", "28%", "28%", "27%"]
QUALITY_WIDTHS = ["17%", "42%", "41%"]
STAT_HEADERS = ["vae.th_metric", "vae.th_value"]
D = R.DEFAULTS  # every view's defaults
DEFAULT_PLANE = D.plane  # beta = 1
FAST = dict(concurrency_id="vae-fast", concurrency_limit=2)  # millisecond events (latent pick, temperature)


def _table(rows: list[list], headers: list[str]) -> pd.DataFrame:
    """Rows under translated headers (a header that is no ``vae.`` key stays as it is)."""
    return pd.DataFrame(rows, columns=[tr(h) if h.startswith("vae.") else h for h in headers])


def _beta_table(columns, headers: list[str]) -> pd.DataFrame:
    """One row per shipped beta with ``columns`` (figure, decimals); each figure with its 95% interval where
    the checkpoint recorded one."""
    return _table([[f"{r['beta']:g}", *(format_interval(r, k, d) for k, d in columns)] for r in R.beta_rows()],
                  headers)


def beta_views():
    """The beta tables (ELBO terms; reconstruction quality) and figure, in the request's language."""
    return (_beta_table(BETA_COLUMNS, BETA_HEADERS), _beta_table(QUALITY_COLUMNS, QUALITY_HEADERS),
            plots.beta_figure(R.beta_rows()))


def _stats_rows(stats: dict) -> pd.DataFrame:
    """``[name, value [95%]]`` rows of a figures dict (its ``_lo``/``_hi`` keys folded into the value)."""
    return _table([[tr(f"vae.stat_{k}"), format_interval(stats, k)] for k in stats if not k.endswith(("_lo", "_hi"))],
                  STAT_HEADERS)


# --- latent plane ---------------------------------------------------------------------------------------

def show_plane(model):
    """The plane of a 2D-latent VAE; returns (plane image, status)."""
    model = R.check_model(model, R.PLANE_MODELS)
    ext = R.plane_extent(model)
    return plots.plane_image(model), tr("vae.status_plane", model=model, ext=ext)


def pick_latent(model, z1, z2):
    """Decode latent (z1, z2) of a 2D-latent VAE; returns the digit image (the plane is marked by ``mark_plane``)."""
    return plots.big_digit(R.pick(model, z1, z2))


def mark_plane(model, z1, z2):
    """The plane with a cross at (z1, z2) (after a pick; ``R.pick`` has validated the values)."""
    R.pick(model, z1, z2)
    return plots.plane_image(model, (float(z1), float(z2)))


def click_plane(model, evt: gr.SelectData):
    """A click on the plane picture -> (z1, z2, digit, plane): the pixel is mapped to its latent point."""
    model = R.check_model(model, R.PLANE_MODELS)
    z1, z2 = R.pixel_to_latent(evt.index[0], evt.index[1], plots.PLANE_PX, R.plane_extent(model))
    z1, z2 = round(z1, 3), round(z2, 3)
    return z1, z2, pick_latent(model, z1, z2), mark_plane(model, z1, z2)


def draw_manifold(model, side, extent):
    """Digits decoded on a side x side grid over [-extent, extent]^2; returns the image."""
    digits = R.manifold(model, side, extent)
    return digit_grid(digits, cols=round(len(digits) ** 0.5), px=40, gap=1)


def interpolate(model, index_a, index_b, steps):
    """Latent vs pixel interpolation between two test digits; returns the two-row image."""
    it = R.interpolate(model, index_a, index_b, steps)
    return digit_grid(np.concatenate([it.latent, it.pixel]), cols=len(it.latent), px=64)


def reconstruct(model, n, start):
    """Test digits and their reconstructions; returns (image, classifier rows)."""
    r = R.reconstruct(model, n, start)
    rows = [[tr("vae.row_recon_accuracy"), format_interval(r.accuracy, "acc")],
            [tr("vae.row_true"), " ".join(map(str, r.labels))], [tr("vae.row_says"), " ".join(map(str, r.predicted))]]
    return plots.rows_image(r.inputs, r.outputs, cols=min(len(r.inputs), 8)), _table(rows, STAT_HEADERS)


# --- 16-d samples -----------------------------------------------------------------------------------------

@gpu
def sample_vae(n, seed, scale):
    """Samples of the 16-d VAE; returns (image, stats rows, KL-per-dimension figure)."""
    s = R.vae_samples(n, seed, scale)
    return plots.sample_grid(s.pixels), _stats_rows(s.stats), plots.kl_figure(s.kl_per_dim)


# --- estimators ---------------------------------------------------------------------------------------------

def compare_estimators(mu, sigma, repeats, seed):
    """Variance of reparameterization vs REINFORCE (with and without a baseline) against n; returns the figure."""
    return plots.estimator_figure(R.estimator_variance(mu, sigma, repeats, seed))


def gumbel(tau, n, seed):
    """Gumbel-softmax draws at temperature tau; returns the figure."""
    return plots.gumbel_figure(R.gumbel(tau, n, seed))


# --- VQ-VAE -------------------------------------------------------------------------------------------------

def vq_codes(k, index):
    """A test digit through the K-code VQ-VAE; returns (input, code map figure, reconstruction, usage figure)."""
    v = R.code_view(k, index)
    return (plots.big_digit(v.input), plots.code_map_figure(v.codes, len(v.usage)), plots.big_digit(v.output),
            plots.usage_figure(v.usage))


def prior_caption():
    """The shipped code prior's figures as a sentence."""
    q = R.prior_quality()
    return tr("vae.two_stage_shipped", params=q["parameters"], n=q["n"], conf=q["confidence"], lo=q["confidence_lo"],
              hi=q["confidence_hi"], nats=q["test_nats_per_code"], nlo=q["test_nats_per_code_lo"],
              nhi=q["test_nats_per_code_hi"])


def vq_sample(n, temperature, seed):
    """Two-stage samples (prior over code maps, then the decoder); returns (image, stats rows)."""
    s = R.two_stage_request(n, temperature, seed)
    return plots.sample_grid(s.pixels), _stats_rows(s.stats)


# --- live 2D ---------------------------------------------------------------------------------------------------

def _live_draw(live: LiveVAE, frame: Frame):
    """(loss figure, panels figure, status, state) of a live run at ``frame``."""
    it, ev = live.run.iteration, frame.event
    status = tr("vae.status_live", name=live.target.name, beta=live.beta, it=it, total=live.total)
    if ev is not None:
        status += tr("vae.status_rate", loss=ev.loss, rate=ev.updates_per_second)
    if frame.note:
        status += " · " + frame.note
    return (plots.loss_figure(live.steps, live.losses, live.total),
            plots.live_figure(live.preview(), live.target.extent, it), status, live)


def waiting_view():
    """(loss figure, panels figure, status) before any live training: the default data, how to start (no model)."""
    target = make_target("moons")
    empty = np.zeros((0, 2), dtype=np.float32)
    data = Preview(target.reference(LiveVAE.config.preview_points, 1), empty, empty, empty, empty, (1.0, 1.0))
    return (plots.loss_figure([], [], LIVE_CONFIG.steps), plots.live_figure(data, target.extent, None),
            tr("vae.fig_no_updates"))


LIVE = LiveView("vae", _live_draw, waiting_view)


def train_live(live, dataset, drawing, beta, train_steps, seed):
    """Train (or resume) the session's 2D VAE up to ``train_steps`` updates, streaming (loss, panels, status, state)."""
    yield from LIVE.train(LiveVAE.continue_or_create(live, dataset, drawing, train_steps, beta, seed))


def step_live(live, dataset, drawing, beta, train_steps, seed):
    """A "step" of updates of the session's 2D VAE, then one frame."""
    return LIVE.step(LiveVAE.continue_or_create(live, dataset, drawing, train_steps, beta, seed))


def reset_live():
    """Drop the session's live model (a running call is cancelled): the waiting view."""
    return LIVE.reset()


# --- layout ----------------------------------------------------------------------------------------------------

def _plane_track():
    model = gr.Dropdown(list(R.PLANE_MODELS), value=DEFAULT_PLANE, label=t("vae.model"), elem_id="vae-model")
    with gr.Row():
        with gr.Column(scale=3):
            gr.Markdown(t("vae.plane"))  # a heading, not a label drawn over the top of the picture
            plane = gr.Image(show_label=False, format="png", interactive=False, elem_id="vae-plane",
                             buttons=IMAGE_BUTTONS)
            status = gr.Textbox(label=t("vae.pick_status"), interactive=False)
            gr.Markdown(t("vae.plane_axes"))
        with gr.Column(scale=2):
            gr.Markdown(t("vae.decoded"))
            decoded = gr.Image(show_label=False, format="png", elem_id="vae-decoded", height=240,
                               buttons=IMAGE_BUTTONS)
            z1 = slider(R.Z1, t("vae.z1"))
            z2 = slider(R.Z2, t("vae.z2"))
            pick_btn = gr.Button(t("vae.decode"), elem_id="vae-pick")
    gr.Markdown(t("vae.beta_table"))
    beta_table = gr.Dataframe(column_widths=BETA_WIDTHS, **TABLE)
    quality_table = gr.Dataframe(label=t("vae.beta_quality"), column_widths=QUALITY_WIDTHS, **TABLE)
    beta_fig = gr.Plot(label=t("vae.beta_figure"))
    on_page_load(beta_views, [beta_table, quality_table, beta_fig])
    on_page_load(lambda: show_plane(DEFAULT_PLANE), [plane, status])
    on_page_load(lambda: pick_latent(DEFAULT_PLANE, D.z1, D.z2), [decoded])
    model.change(show_plane, [model], [plane, status], api_name="vae_plane", **FAST)
    pick_btn.click(pick_latent, [model, z1, z2], [decoded], api_name="vae_pick", **FAST).then(
        mark_plane, [model, z1, z2], [plane], api_visibility="private", **FAST)
    plane.select(click_plane, [model], [z1, z2, decoded, plane], api_name="vae_click",
                 api_visibility="undocumented", **FAST)  # a pixel of the picture; /vae_pick takes the latent

    gr.Markdown(t("vae.manifold_head"))
    with gr.Row():
        side = slider(R.GRID_SIDE, t("vae.grid_side"), min_width=WIDE)
        extent = slider(R.EXTENT, t("vae.extent"), min_width=WIDE)
        man_btn = gr.Button(t("vae.draw_manifold"), min_width=WIDE)
    gr.Markdown(t("vae.manifold"))
    manifold = gr.Image(show_label=False, format="png", elem_id="vae-manifold", buttons=IMAGE_BUTTONS)
    on_page_load(lambda: draw_manifold(DEFAULT_PLANE, D.side, D.extent), [manifold])
    man_btn.click(draw_manifold, [model, side, extent], [manifold], api_name="vae_manifold", **FAST)

    gr.Markdown(t("vae.interp_head"))
    with gr.Row():
        ia = slider(R.INDEX_A, t("vae.index_a"), min_width=WIDE)
        ib = slider(R.INDEX_B, t("vae.index_b"), min_width=WIDE)
        isteps = slider(R.INTERP_STEPS, t("vae.interp_steps"), min_width=WIDE)
        i_btn = gr.Button(t("vae.interpolate"), min_width=WIDE)
    gr.Markdown(t("vae.interp_image"))
    interp = gr.Image(show_label=False, format="png", elem_id="vae-interp", buttons=STRIP_BUTTONS)
    on_page_load(lambda: interpolate(DEFAULT_PLANE, D.index_a, D.index_b, D.interp_steps), [interp])
    i_btn.click(interpolate, [model, ia, ib, isteps], [interp], api_name="vae_interpolate", **FAST)

    gr.Markdown(t("vae.recon_head"))
    with gr.Row():
        rmodel = gr.Dropdown(list(R.RECON_CHOICES), value=DEFAULT_PLANE, label=t("vae.recon_model"), min_width=WIDE)
        rn = slider(R.RECON_N, t("vae.n_digits"), min_width=WIDE)
        rstart = slider(R.RECON_START, t("vae.start"), min_width=WIDE)
        r_btn = gr.Button(t("vae.reconstruct"), elem_id="vae-reconstruct", min_width=WIDE)
    gr.Markdown(t("vae.recon_image"))
    recon = gr.Image(show_label=False, format="png", elem_id="vae-recon", buttons=IMAGE_BUTTONS)
    rstats = gr.Dataframe(label=t("vae.recon_status"), column_widths=["50%", "50%"], **TABLE)
    on_page_load(lambda: reconstruct(DEFAULT_PLANE, D.recon_n, D.recon_start), [recon, rstats])
    r_btn.click(reconstruct, [rmodel, rn, rstart], [recon, rstats], api_name="vae_reconstruct", **FAST)


def _samples_track():
    gr.Markdown(t("vae.samples_explain"), latex_delimiters=LATEX)
    with gr.Row():
        n = slider(R.N_SAMPLES, t("vae.n_samples"), min_width=WIDE)
        scale = slider(R.SCALE, t("vae.scale"), min_width=WIDE)
        seed = seed_box(t("vae.seed"), min_width=WIDE)
        btn = gr.Button(t("vae.sample"), variant="primary", elem_id="vae-sample", min_width=WIDE)
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            gr.Markdown(t("vae.samples"))
            images = gr.Image(show_label=False, format="png", elem_id="vae-samples", buttons=IMAGE_BUTTONS)
        with gr.Column(scale=1, min_width=320):
            stats = gr.Dataframe(label=t("vae.sample_stats"), column_widths=["55%", "45%"], **TABLE)
            kl = gr.Plot(label=t("vae.kl_bars"))
    on_page_load(lambda: sample_vae(D.n_samples, D.seed, D.scale), [images, stats, kl])
    btn.click(sample_vae, [n, seed, scale], [images, stats, kl], api_name="vae_samples", **CPU_HEAVY)
    share.link("vae_samples", sample_vae, [n, seed, scale], [images, stats, kl])


def _estimators_track():
    gr.Markdown(t("vae.estimators_explain"), latex_delimiters=LATEX)
    with gr.Row():
        mu = slider(R.MU, t("vae.mu"), min_width=WIDE)
        sigma = slider(R.SIGMA, t("vae.sigma"), min_width=WIDE)
        repeats = slider(R.REPEATS, t("vae.repeats"), min_width=WIDE)
        seed = seed_box(t("vae.seed"), min_width=WIDE)
        btn = gr.Button(t("vae.compare"), variant="primary", elem_id="vae-estimators", min_width=WIDE)
    var = gr.Plot(label=t("vae.variance"), elem_id="vae-variance")
    on_page_load(lambda: compare_estimators(D.mu, D.sigma, D.repeats, D.seed), [var])
    btn.click(compare_estimators, [mu, sigma, repeats, seed], [var], api_name="vae_estimators", **FAST)
    gr.Markdown(t("vae.gumbel_explain"), latex_delimiters=LATEX)
    with gr.Row():
        tau = slider(R.TAU, t("vae.tau"), elem_id="vae-tau", min_width=WIDE)
        n = slider(R.DRAWS, t("vae.n_draws"), min_width=WIDE)
        gseed = seed_box(t("vae.seed"), min_width=WIDE)
    fig = gr.Plot(label=t("vae.gumbel"), elem_id="vae-gumbel")
    on_page_load(lambda: gumbel(D.tau, D.draws, D.seed), [fig])
    for ctl in (tau, n, gseed):
        ctl.change(gumbel, [tau, n, gseed], [fig], api_name="vae_gumbel" if ctl is tau else None,
                   api_visibility="public" if ctl is tau else "private", show_progress="hidden",
                   trigger_mode="always_last", **FAST)


def _vq_track():
    gr.Markdown(t("vae.vq_explain"), latex_delimiters=LATEX)
    with gr.Row():
        k = gr.Radio(list(CODEBOOK_SIZES), value=D.k, label=t("vae.k"), min_width=WIDE)
        index = slider(R.TEST_INDEX, t("vae.test_index"), min_width=WIDE)
        btn = gr.Button(t("vae.show_codes"), variant="primary", elem_id="vae-vq-run", min_width=WIDE)
    with gr.Row():
        with gr.Column(min_width=WIDE):
            gr.Markdown(t("vae.vq_input"))  # headings, not labels drawn over the digits' top rows
            inp = gr.Image(show_label=False, format="png", height=240, buttons=IMAGE_BUTTONS)
        cmap = gr.Plot(label=t("vae.vq_codes"), min_width=WIDE)
        with gr.Column(min_width=WIDE):
            gr.Markdown(t("vae.vq_output"))
            out = gr.Image(show_label=False, format="png", height=240, elem_id="vae-vq-output", buttons=IMAGE_BUTTONS)
    use = gr.Plot(label=t("vae.usage"), elem_id="vae-usage")
    on_page_load(lambda: vq_codes(D.k, D.test_index), [inp, cmap, out, use])
    btn.click(vq_codes, [k, index], [inp, cmap, out, use], api_name="vae_vq_codes", **FAST)
    k.change(vq_codes, [k, index], [inp, cmap, out, use], api_visibility="private", **FAST)
    gr.Markdown(t("vae.two_stage_explain"), latex_delimiters=LATEX)
    shipped = gr.Markdown(elem_id="vae-prior-quality")
    on_page_load(prior_caption, [shipped])
    with gr.Row():
        n = slider(R.N_SAMPLES, t("vae.n_samples"), min_width=WIDE)
        temp = slider(R.TEMPERATURE, t("vae.temperature"), min_width=WIDE)
        seed = seed_box(t("vae.seed"), min_width=WIDE)
        sbtn = gr.Button(t("vae.two_stage"), elem_id="vae-two-stage", min_width=WIDE)
    with gr.Row():
        with gr.Column(scale=1, min_width=320):
            gr.Markdown(t("vae.two_stage_images"))
            images = gr.Image(show_label=False, format="png", elem_id="vae-two-stage-images", buttons=IMAGE_BUTTONS)
        with gr.Column(scale=1, min_width=320):
            stats = gr.Dataframe(label=t("vae.two_stage_stats"), column_widths=["55%", "45%"], **TABLE)
    on_page_load(lambda: vq_sample(D.n_samples, D.temperature, D.seed), [images, stats])
    sbtn.click(vq_sample, [n, temp, seed], [images, stats], api_name="vae_two_stage", **CPU_HEAVY)


def _live_track():
    live = gr.State(None, time_to_live=3600)  # the user's LiveVAE, dropped after an hour unused
    with gr.Row(**BESIDE):
        with gr.Column(**CONTROLS_COLUMN):
            with gr.Row():
                dataset = gr.Dropdown(list(POINT_DATASETS), value="moons", label=t("vae.dataset"), min_width=WIDE)
                beta = slider(BETA, t("vae.live_beta"), min_width=WIDE)
                train_steps = updates_slider(LiveVAE.config, LIVE_CONFIG.steps, t("vae.train_steps"),
                                             min_width=WIDE)
                seed = seed_box(t("vae.seed"), min_width=WIDE)
            with gr.Accordion(t("vae.draw"), open=False):
                drawing = sketchpad(t("vae.draw"), pen=8)
            buttons, status = LIVE.controls(lambda name: t(f"vae.{name}"))
            loss = gr.Plot(label=t("vae.loss"))
        with gr.Column(**RESULT_COLUMN):
            panels = gr.Plot(label=t("vae.live_view"), elem_id="vae-live-panels")
    gr.Markdown(t("vae.live_explain"), latex_delimiters=LATEX)  # under the first screen's result
    LIVE.show_empty_on_load([loss, panels, status])  # axes and how to start: no model is built for a page
    inputs = [live, dataset, drawing, beta, train_steps, seed]
    LIVE.connect(live, [loss, panels, status, live], buttons,
                 dict(train=(train_live, inputs), step=(step_live, inputs), reset=(reset_live, None)),
                 export="vae-2d-live")


def build() -> None:
    with gr.Tab(t("vae.tab"), elem_id="tab-vae"):
        gr.Markdown(t("vae.explain"), latex_delimiters=LATEX)
        with gr.Tabs(overflow_behavior="wrap"):
            with gr.Tab(t("vae.plane_tab")):
                _plane_track()
            with gr.Tab(t("vae.samples_tab")):
                _samples_track()
            with gr.Tab(t("vae.estimators_tab")):
                _estimators_track()
            with gr.Tab(t("vae.vq_tab")):
                _vq_track()
            with gr.Tab(t("vae.live_tab")):
                _live_track()
