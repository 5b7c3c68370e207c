"""Pictures and charts of the latent diffusion tab: the pipeline strip, the filmstrip of steps, the
compression trade-off and the signal-to-noise curves (every text through ``tr()``)."""
from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from demos.common import figures as F
from demos.common.i18n import tr
from demos.common.images import font

TILE = 96  # on-screen side of one picture in the strip and filmstrip, in pixels
GAP = 6  # pixels between tiles
LABEL = 30  # pixels above a tile for its label
FACTOR_COLORS = {1: F.COLORS[0], 2: F.COLORS[1], 4: F.COLORS[2]}


def _gray(a: np.ndarray, signed: bool) -> np.ndarray:
    """A 2D array as ``TILE``-pixel uint8 ink (dark = high): images in [-1, 1] as the digits are drawn, latents
    scaled by their own largest magnitude (mid-grey = 0)."""
    a = np.asarray(a, dtype=np.float64)
    if signed:
        m = float(np.abs(a).max()) or 1.0
        v = 0.5 + 0.5 * a / m
    else:
        v = (np.clip(a, -1, 1) + 1) / 2
    pixels = np.round(255 * (1 - v)).astype(np.uint8)
    scale = max(1, TILE // a.shape[0])
    return np.kron(pixels, np.ones((scale, scale), dtype=np.uint8))


def _canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    im = Image.new("RGB", (width, height), "white")
    return im, ImageDraw.Draw(im)


def strip(tiles: list[tuple[str, np.ndarray, bool]], arrows: list[str]) -> np.ndarray:
    """The pipeline as a row of labelled pictures joined by labelled arrows: ``tiles`` are ``(label, (h, w)
    array, signed)`` (``signed``: a latent channel, scaled to its range), ``arrows`` the text on each arrow."""
    face, small = font(15), font(13)
    arrow_w = 84
    width = len(tiles) * TILE + (len(tiles) - 1) * arrow_w + 2 * GAP
    im, pen = _canvas(width, TILE + LABEL + GAP * 2)
    x = GAP
    for i, (label, a, signed) in enumerate(tiles):
        im.paste(Image.fromarray(_gray(a, signed)).resize((TILE, TILE), Image.NEAREST), (x, LABEL + GAP))
        pen.text((x + TILE / 2, LABEL - 4), label, fill="black", font=face, anchor="md")
        if i < len(arrows):
            y = LABEL + GAP + TILE / 2
            pen.line([(x + TILE + 8, y), (x + TILE + arrow_w - 10, y)], fill="#444444", width=2)
            pen.polygon([(x + TILE + arrow_w - 10, y - 6), (x + TILE + arrow_w - 2, y), (x + TILE + arrow_w - 10, y + 6)],
                        fill="#444444")
            pen.text((x + TILE + arrow_w / 2, y - 10), arrows[i], fill="#1f3f8f", font=small, anchor="md")
        x += TILE + arrow_w
    return np.asarray(im)


def filmstrip(rows: list[tuple[str, np.ndarray, bool]], columns: list[str]) -> np.ndarray:
    """A table of pictures: one row per ``(label, (K, h, w) arrays, signed)``, one column per entry of
    ``columns`` (the step each column shows)."""
    face = font(14)
    left = 12 + max(int(ImageDraw.Draw(Image.new("RGB", (1, 1))).textlength(r[0], font=face)) for r in rows)
    k = len(columns)
    tile = TILE * 2 // 3
    im, pen = _canvas(left + k * (tile + GAP) + GAP, LABEL + len(rows) * (tile + GAP) + GAP)
    for j, c in enumerate(columns):
        pen.text((left + GAP + j * (tile + GAP) + tile / 2, LABEL - 6), c, fill="black", font=face, anchor="md")
    for i, (label, arrays, signed) in enumerate(rows):
        y = LABEL + GAP + i * (tile + GAP)
        pen.text((6, y + tile / 2), label, fill="black", font=face, anchor="lm")
        for j in range(k):
            im.paste(Image.fromarray(_gray(arrays[j], signed)).resize((tile, tile), Image.NEAREST),
                     (left + GAP + j * (tile + GAP), y))
    return np.asarray(im)


def tradeoff_figure(saved: dict) -> F.PlotData:
    """Fréchet distance against the downsampling factor (the autoencoder's reconstructions with their held-out
    floor, and the latent model's samples, each with its 95% interval), and the time per sample below."""
    rows = saved["factors"]
    fs = [str(r["f"]) for r in rows]
    lay = F.grid([tr("latent_diffusion.fig_quality"), tr("latent_diffusion.fig_mse_title"),
                  tr("latent_diffusion.fig_speed")], tr("latent_diffusion.fig_factor"),
                 [tr("latent_diffusion.fig_frechet"), tr("latent_diffusion.fig_mse"), tr("latent_diffusion.fig_ms")])
    lay["margin"].update(b=110, t=40)
    F.stacked(lay, row_height=260)
    lay["legend"] = {**F.BASE["legend"], "y": -80 / (lay["height"] - 150)}
    for axis in ("xaxis", "xaxis2", "xaxis3"):
        lay[axis]["type"] = "category"
    recon = [r["reconstruction"] for r in rows]
    samples = [r["samples"] for r in rows]
    data = [F.interval_bars(F.lines(fs, [r["frechet_floor"] for r in recon], tr("latent_diffusion.fig_floor"), "#888888",
                                    dash="dash", markers=True), recon, "frechet_floor"),
            F.interval_bars(F.lines(fs, [r["frechet"] for r in recon], tr("latent_diffusion.fig_recon"), F.COLORS[0], markers=True),
                            recon, "frechet"),
            F.interval_bars(F.lines(fs, [r["frechet"] for r in samples], tr("latent_diffusion.fig_samples"), F.COLORS[1],
                                    markers=True), samples, "frechet"),
            F.bars(fs, [r["mse"] for r in recon], tr("latent_diffusion.fig_mse"), F.COLORS[0], panel=1,
                   text=[f"{r['mse']:.4f}" for r in recon]),
            F.bars(fs, [r["ms_per_sample"] for r in rows], tr("latent_diffusion.fig_ms"), F.COLORS[2], panel=2,
                   text=[f"{r['ms_per_sample']:.1f}" for r in rows])]
    pixel = saved.get("pixel", {})
    if "ms_per_sample" in pixel:
        shape, note = F.hline(pixel["ms_per_sample"], tr("latent_diffusion.fig_pixel_ms"), panel=2)
        lay.update(shapes=[shape], annotations=lay["annotations"] + [note])
    top = max([r["ms_per_sample"] for r in rows] + [pixel.get("ms_per_sample", 0.0)])
    lay["yaxis3"]["range"] = [0, top * 1.25]
    lay["yaxis2"]["range"] = [0, max(r["mse"] for r in recon) * 1.3]
    return F.figure(data, lay)


def snr_figure(res) -> F.PlotData:
    """``log10 SNR(t)`` along the schedule for scaled latents, unscaled latents and pixels, with SNR = 1 marked."""
    lay = F.layout(tr("latent_diffusion.fig_snr_title", s=f"{res.scale:.3f}", f=res.f), tr("latent_diffusion.fig_t"), tr("latent_diffusion.fig_snr"),
                   height=380, y_log=True)
    lay["margin"]["b"] = 100
    lay["legend"] = {**F.BASE["legend"], "y": -0.3}
    data = [F.lines(res.t, res.snr[k], tr(f"latent_diffusion.fig_snr_{k}", t=res.half[k]), c, dash=d)
            for k, c, d in (("scaled", F.COLORS[1], "solid"), ("unscaled", F.COLORS[0], "dash"),
                            ("pixels", "#777777", "dot"))]
    shape, note = F.hline(1.0, "SNR = 1")
    lay.update(shapes=[shape], annotations=[note])
    return F.figure(data, lay)
