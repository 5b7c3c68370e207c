"""Figures and images of the VAE tab, from ``demos.common.figures`` and ``digit_grid``.

The latent plane is a picture (``plane_image``): the test digits' posterior means drawn as their
class digit in the class colour, over ``[-extent, extent]^2``, so a click on it maps back to a
latent point (``core.vae.request.pixel_to_latent``). Every title, legend and axis goes through ``tr`` (the
request's language).
"""
from __future__ import annotations

from functools import cache

import numpy as np
from PIL import Image, ImageDraw

from core.vae.request import latent_to_pixel, plane_extent, posterior_means
from demos.common import figures as F
from demos.common.i18n import tr
from demos.common.images import digit_grid, font

PLANE_PX = 480  # side of the latent-plane picture, in pixels
TOP = 70  # top margin of the figures: their titles sit below the Plot's own label
PRIOR_COLOR = F.COLORS[2]  # the prior's draws in the live view: not the data's grey, nor another series' colour


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i: i + 2], 16) for i in (1, 3, 5))


@cache
def _plane_base(name: str) -> np.ndarray:
    mu, labels = posterior_means(name)
    ext = plane_extent(name)
    img = Image.new("RGB", (PLANE_PX, PLANE_PX), "white")
    d = ImageDraw.Draw(img)
    for v in range(-int(ext), int(ext) + 1):  # integer grid lines, the axes darker
        x, _ = latent_to_pixel(v, 0, PLANE_PX, ext)
        _, y = latent_to_pixel(0, v, PLANE_PX, ext)
        color = (170, 170, 170) if v == 0 else (228, 228, 228)
        d.line([(x, 0), (x, PLANE_PX)], fill=color)
        d.line([(0, y), (PLANE_PX, y)], fill=color)
        if v:
            d.text((x + 2, PLANE_PX / 2 + 2), str(v), fill=(120, 120, 120), font=font(11))
            d.text((PLANE_PX / 2 + 3, y - 6), str(v), fill=(120, 120, 120), font=font(11))
    d.text((PLANE_PX - 22, PLANE_PX / 2 - 16), "z1", fill=(90, 90, 90), font=font(13))
    d.text((PLANE_PX / 2 + 4, 2), "z2", fill=(90, 90, 90), font=font(13))
    for (z1, z2), c in zip(mu[:, :2], labels):
        x, y = latent_to_pixel(float(z1), float(z2), PLANE_PX, ext)
        d.text((x - 3, y - 6), str(int(c)), fill=_rgb(F.COLORS[int(c)]), font=font(13))
    return np.asarray(img)


def plane_image(name: str, z: tuple[float, float] | None = None) -> np.ndarray:
    """The latent plane of VAE ``name`` ``(PLANE_PX, PLANE_PX, 3)``, with a cross at ``z`` if given."""
    base = _plane_base(name)
    if z is None:
        return base
    img = Image.fromarray(base.copy())
    d = ImageDraw.Draw(img)
    x, y = latent_to_pixel(z[0], z[1], PLANE_PX, plane_extent(name))
    d.ellipse([x - 9, y - 9, x + 9, y + 9], outline=(0, 0, 0), width=3)
    d.line([(x - 14, y), (x + 14, y)], fill=(0, 0, 0), width=2)
    d.line([(x, y - 14), (x, y + 14)], fill=(0, 0, 0), width=2)
    return np.asarray(img)


def big_digit(pixels: np.ndarray) -> np.ndarray:
    """One digit ``(1, 8, 8)`` at 192 pixels."""
    return digit_grid(pixels, cols=1, px=192)


def sample_grid(pixels: np.ndarray) -> np.ndarray:
    """Sampled digits ``(n, 8, 8)``: eight a row at 64 pixels up to 64 of them (big enough on a phone too),
    sixteen a row at 48 pixels beyond."""
    if len(pixels) <= 64:
        return digit_grid(pixels, cols=8, px=64, gap=2)
    return digit_grid(pixels, cols=16, px=48, gap=2)


def rows_image(top: np.ndarray, bottom: np.ndarray, cols: int, px: int = 64) -> np.ndarray:
    """Two sets of ``n`` digits interleaved row by row (``cols`` a row): top row of each pair from ``top``."""
    n = len(top)
    out = []
    for start in range(0, n, cols):
        out += [top[start: start + cols], bottom[start: start + cols]]
    pad = [np.concatenate([r, np.zeros((cols - len(r), 8, 8), np.uint8)]) if len(r) < cols else r for r in out]
    return digit_grid(np.concatenate(pad), cols=cols, px=px)


def _legend_below(lay: dict, y: float = -0.3, margin: int = 120) -> dict:
    """The legend under the x-axis title with room of its own (at the shared ``y = -0.14`` it covered the
    title on a phone, where its entries wrap onto more lines)."""
    lay["legend"] = {**F.BASE["legend"], "y": y}  # a share of the plot area's height
    lay["margin"]["b"] = margin
    return lay


def beta_figure(rows: list[dict]):
    """Reconstruction term and KL term (test nats per digit) across the shipped betas."""
    betas = [f"β = {r['beta']:g}" for r in rows]
    data = [F.bars(betas, [r["recon"] for r in rows], tr("vae.fig_recon_term"), F.COLORS[0], panel=0,
                   text=[f"{r['recon']:.1f}" for r in rows]),
            F.bars(betas, [r["kl"] for r in rows], "KL(q(z|x) || p(z))", F.COLORS[1], panel=1,
                   text=[f"{r['kl']:.2f}" for r in rows])]
    for trace, k in zip(data, ("recon", "kl")):  # the 95% interval of each bar, where recorded
        if all(k + "_lo" in r for r in rows):
            trace["error_y"] = {"type": "data", "symmetric": False, "array": [r[k + "_hi"] - r[k] for r in rows],
                              "arrayminus": [r[k] - r[k + "_lo"] for r in rows], "thickness": 1, "width": 4}
    lay = F.grid([tr("vae.fig_recon_nats"), tr("vae.fig_kl_nats")], "", [tr("vae.fig_nats_digit"), ""], height=320)
    lay["margin"]["t"] = TOP
    return F.figure(data, lay)


def kl_figure(kl: list[float]):
    """KL per latent dimension, sorted as the model has them."""
    dims = [f"z{i + 1}" for i in range(len(kl))]
    lay = F.layout("", tr("vae.fig_latent_dim"), tr("vae.fig_test_kl"), height=340)
    lay["margin"]["t"] = TOP
    return F.figure([F.bars(dims, kl, "KL", F.COLORS[0], text=[f"{v:.2f}" for v in kl])], lay)


# one colour per estimator (and the categorical it estimates) across the view's two charts and their legends
ESTIMATOR_COLORS = {"reparameterization": F.COLORS[2], "reinforce": F.COLORS[1], "reinforce + baseline": F.COLORS[4],
                    "categorical": F.COLORS[8], "relaxed": F.COLORS[0], "straight-through": F.COLORS[3]}


def _lighter(hex_color: str, share: float) -> str:
    """``hex_color`` mixed with ``share`` of white: the same hue, lighter."""
    return "#" + "".join(f"{round(c + (255 - c) * share):02x}" for c in _rgb(hex_color))


def estimator_figure(curves) -> object:
    """Variance of each gradient estimator against the number of samples (log-log)."""
    names = {"reparameterization": tr("vae.fig_reparam"), "reinforce": "REINFORCE",
             "reinforce + baseline": tr("vae.fig_reinforce_baseline")}
    data = [F.lines(curves.counts, v, names[k], ESTIMATOR_COLORS[k], markers=True) for k, v in curves.variance.items()]
    lay = F.layout(tr("vae.fig_true_grad", g=curves.true), tr("vae.fig_samples_n"), tr("vae.fig_variance"),
                   x_log=True, y_log=True, height=520)  # room for the legend's three lines on a phone
    lay["margin"]["t"] = TOP
    lay["title"].update(x=0.5, xanchor="center")
    counts = [int(c) for c in curves.counts]
    lay["xaxis"].update(tickvals=counts, ticktext=[str(c) for c in counts])  # the n measured, not 2 3 4 ... 9
    lay["yaxis"].update(dtick=1, exponentformat="power")  # decades only (Plotly labels 2 and 5 of each otherwise)
    return F.figure(data, _legend_below(lay))


def gumbel_figure(draws, shown: int = 12):
    """Top: the categorical, the mean relaxed sample and the straight-through frequencies. Bottom: the
    first ``shown`` relaxed samples as stacked bars. One colour per estimator (``ESTIMATOR_COLORS``): the relaxed
    samples are the relaxed estimator's blue, each category a lighter shade of it (category 1 darkest, at the
    bottom) with its number written in its segment; the legend names the estimators only."""
    k = len(draws.probs)
    cats = [tr("vae.fig_category", i=i + 1) for i in range(k)]
    data = []
    for key, values, name in (("categorical", draws.probs, "vae.fig_true_pi"),
                              ("relaxed", draws.soft_mean, "vae.fig_mean_relaxed"),
                              ("straight-through", draws.hard_freq, "vae.fig_straight_through")):
        data.append({**F.bars(cats, values.tolist(), tr(name), ESTIMATOR_COLORS[key], legend=True),
                     "legendgroup": key})
    soft = draws.soft[:shown].numpy()
    xs = [f"#{i + 1}" for i in range(len(soft))]
    for j in range(k):
        share = 0.7 * j / max(k - 1, 1)
        seg = F.bars(xs, soft[:, j].tolist(), cats[j], _lighter(ESTIMATOR_COLORS["relaxed"], share), panel=1,
                     text=[str(j + 1)] * len(soft))
        seg["marker"]["line"] = {"color": "white", "width": 1}
        seg.update(legendgroup="relaxed", textposition="inside", insidetextanchor="middle", textangle=0,
                   textfont={"color": "white" if share < 0.4 else "#17324d"},
                   hovertemplate=cats[j] + ": %{y:.2f}<extra>%{x}</extra>")
        data.append(seg)
    lay = F.grid([tr("vae.fig_tau_probs", tau=draws.tau), tr("vae.fig_relaxed", n=len(soft), w=draws.max_weight)],
                 ["", tr("vae.fig_sample")], [tr("vae.fig_probability"), tr("vae.fig_weight")], height=640)
    # one chart above the other, each across the figure: side by side their titles ran into each other on a phone
    for i, (bottom, top) in enumerate([(0.6, 1.0), (0.0, 0.36)]):
        suffix = "" if i == 0 else str(i + 1)
        lay["xaxis" + suffix]["domain"] = [0.0, 1.0]
        lay["yaxis" + suffix]["domain"] = [bottom, top]
        lay["annotations"][i].update(x=0.5, y=top)
    # Plotly has one barmode per figure: group the upper chart's bars by offset group and stack the
    # lower one's by giving each category its base
    lay.update(barmode="group", legend={**F.BASE["legend"], "y": -0.16},  # under the lower x-axis title
               uniformtext={"mode": "hide", "minsize": 9})  # a category's number only where its segment has room
    lay["margin"].update(t=TOP, b=120)
    for i, trace in enumerate(data[:3]):
        trace["offsetgroup"] = str(i)
    base = np.zeros(len(soft))
    for j, trace in enumerate(data[3:]):
        trace.update(offsetgroup="stack", base=F.finite_list(base))
        base = base + soft[:, j]
    return F.figure(data, lay)


def code_map_figure(codes: np.ndarray, k: int):
    """The code map ``(m, m)`` as a heatmap with each code's index written in its cell."""
    m = codes.shape[0]
    axis = list(range(m))
    cells = F.heatmap(axis, axis, codes[::-1].tolist(), tr("vae.fig_code"), colorscale="Turbo", zmin=0, zmax=k - 1)
    cells.update(zsmooth=False, text=codes[::-1].astype(str).tolist(), texttemplate="%{text}",
                 textfont={"size": 16, "color": "white"}, showscale=False)
    lay = F.layout("", tr("vae.fig_column"), tr("vae.fig_row"), height=320)
    lay["yaxis"].update(scaleanchor="x", tickvals=axis, ticktext=[str(m - 1 - i) for i in axis], range=[-0.5, m - 0.5],
                        showgrid=False)
    lay["xaxis"].update(tickvals=axis, range=[-0.5, m - 0.5], constrain="domain", showgrid=False)
    lay["margin"]["t"] = TOP  # clear of the Plot's own label, which wraps onto two lines on a phone
    return F.figure([cells], lay)


def usage_figure(usage: np.ndarray):
    """Test-set count of each code; dead codes (count 0) marked below the axis."""
    k = len(usage)
    used = int((usage > 0).sum())
    data = [F.bars(list(range(k)), usage.tolist(), tr("vae.fig_uses"), F.COLORS[0])]
    dead = np.flatnonzero(usage == 0)
    if len(dead):
        data.append({**F.scatter(np.stack([dead, np.zeros(len(dead))], 1), tr("vae.fig_dead"), F.COLORS[1], size=6,
                                 symbol="x"), "showlegend": True})
    lay = F.layout(tr("vae.fig_used", used=used, k=k, dead=k - used), tr("vae.fig_code_index"),
                   tr("vae.fig_uses_axis"), height=380)
    lay["margin"]["t"] = TOP
    lay["title"].update(x=0.5, xanchor="center")
    return F.figure(data, _legend_below(lay, y=-0.38))


def loss_figure(steps: list[int], losses: list[float], total: int = 1):
    """The training loss so far; before the first update, a line saying how to start (not a bare grid) over an
    update axis from 0 to ``total`` (the updates a run makes), not Plotly's −1 to 6 of an empty trace."""
    lay = F.layout("", tr("vae.fig_update"), tr("vae.fig_elbo_axis"), height=320)
    if not steps:
        lay["annotations"] = [{"text": tr("vae.fig_no_updates"), "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5,
                               "showarrow": False, "font": {"size": 13, "color": "#777777"}}]
        lay["xaxis"].update(range=[0, max(int(total), 1)], rangemode="nonnegative")
    return F.figure([F.lines(steps, losses, "−ELBO", F.COLORS[0], legend=False)], lay)


def live_figure(p, extent: float, iteration: int | None):
    """Data space (data, decoder means, samples) and latent space (aggregate posterior, prior); ``iteration``
    None: before any training, the data alone and a note on how to start (``p.means`` ... empty)."""
    data = [F.scatter(p.data, tr("vae.fig_data"), F.DATA_COLOR, 0, size=3),
            F.scatter(p.samples, tr("vae.fig_samples_live"), F.COLORS[4], 0, size=3, opacity=0.5),
            F.scatter(p.means, tr("vae.fig_decoder_means"), F.COLORS[0], 0, size=3),
            F.scatter(p.prior, tr("vae.fig_prior"), PRIOR_COLOR, 1, size=3, opacity=0.5),
            F.scatter(p.posterior, tr("vae.fig_posterior"), F.COLORS[1], 1, size=3)]
    first = (tr("vae.fig_no_updates") if iteration is None
             else tr("vae.fig_data_space", it=iteration, s1=p.sigma[0], s2=p.sigma[1]))
    lay = F.panels([first, tr("vae.fig_latent_space")], [extent, 4.0])
    lay["margin"]["b"] = 140
    F.stacked(lay, row_height=303, gap=133, share_x_title=False)  # side by side, too narrow on a phone
    lay["legend"] = {**F.BASE["legend"], "y": -0.09}  # below the latent panel's z₁ title, not over it
    lay["xaxis2"]["title"]["text"], lay["yaxis2"]["title"]["text"] = "z₁", "z₂"
    return F.figure(data, lay)

