"""The Compare tab's tables and chart, from the benchmark's rows (``core.compare.digits``); every text via ``tr``."""
from __future__ import annotations

import math

import pandas as pd

from demos.common import figures as F
from demos.common.i18n import tr

FIGURE_FAMILIES = ("autoregressive", "flow", "vae", "diffusion", "rectified_flow")  # rows on the chart
COLORS = {"autoregressive": "#1f77b4", "flow": "#2ca02c", "vae": "#9467bd", "diffusion": "#d62728",
          "rectified_flow": "#ff7f0e", "gan": "#7f7f7f", "vqvae": "#8c564b"}  # one colour per family
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross", "triangle-down", "hexagon",
           "pentagon")  # markers told apart in the legend
ODE_NAMES = ("digits-unet (ODE)", "rf-digits-1 (ODE)", "rf-digits-2 (ODE)")  # columns of the estimator table
IWAE_NAMES = ("vae-digits-logistic", "vae-z16", "vae-z2-beta1")  # columns of the bound-tightening table


def cell(d: dict, key: str, digits: int = 3) -> str:
    """``"v [lo, hi]"`` of ``d[key]``, the value alone where no interval was recorded, "–" where absent."""
    v = d.get(key)
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "–"
    lo, hi = d.get(key + "_lo"), d.get(key + "_hi")
    if lo is None or hi is None or lo == hi:
        return f"{v:.{digits}f}"
    return f"{v:.{digits}f} [{lo:.{digits}f}, {hi:.{digits}f}]"


def _frame(rows: list[list], keys: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[tr(k) for k in keys])


def _kind(r: dict) -> str:
    n = r.get("n", 360)
    kind = tr(f"compare.kind_{r['kind']}")
    return kind if n in (0, 360) else kind + tr("compare.kind_subsample", n=n)


BITS_KEYS = ("compare.hdr_model", "compare.hdr_bits", "compare.hdr_kind", "compare.hdr_note")
OTHER_KEYS = ("compare.hdr_model", "compare.hdr_value", "compare.hdr_unit", "compare.hdr_kind")
NONE_KEYS = ("compare.hdr_model", "compare.hdr_why")
QUALITY_KEYS = ("compare.hdr_model", "compare.hdr_frechet", "compare.hdr_floor", "compare.hdr_accuracy")


def bits_table(rows: list[dict]) -> pd.DataFrame:
    """Every row in bits per pixel of the 17 levels, best first."""
    bpp = sorted((r for r in rows if r["unit"] == "bpp" and r["kind"] != "none"), key=lambda r: r["value"])
    return _frame([[r["model"], cell(r, "value"), _kind(r), tr(f"compare.note_{r['note']}")] for r in bpp], BITS_KEYS)


def other_units_table(rows: list[dict]) -> pd.DataFrame:
    """The rows in another unit (binary digits, a Bernoulli cross-entropy): not comparable with the first table."""
    other = [r for r in rows if r["unit"] != "bpp" and r["kind"] != "none"]
    return _frame([[r["model"], cell(r, "value", 2), tr(f"compare.unit_{r['unit']}"), _kind(r)] for r in other],
                  OTHER_KEYS)


def no_likelihood_table(rows: list[dict]) -> pd.DataFrame:
    return _frame([[r["model"], tr(f"compare.note_{r['note']}")] for r in rows if r["kind"] == "none"], NONE_KEYS)


def _accuracy(r: dict) -> str:
    if "class_accuracy" in r:
        return tr("compare.accuracy", v=cell(r, "class_accuracy"))
    if "confidence" in r:
        return tr("compare.confidence", v=cell(r, "confidence"))
    return "–"


def quality_rows(rows: list[dict]) -> list[dict]:
    """One row per model with a Fréchet distance (the first of each model's rows)."""
    seen, out = set(), []
    for r in rows:
        base = r["model"].split(" (")[0]
        if "frechet" in r and base not in seen and not r["model"].startswith("Parzen"):
            seen.add(base)
            out.append({**r, "model": base})
    return sorted(out, key=lambda r: r["frechet"])


def quality_table(rows: list[dict]) -> pd.DataFrame:
    return _frame([[r["model"], cell(r, "frechet", 1), cell(r, "frechet_floor", 1), _accuracy(r)]
                   for r in quality_rows(rows)], QUALITY_KEYS)


def iwae_table(rows: list[dict]) -> pd.DataFrame:
    """The importance-weighted bound for k = 1 ... 1000, one column per VAE (long: a row per k)."""
    by = {r["model"]: r for r in rows}
    names = [n for n in IWAE_NAMES if n in by]
    ks = list(by[names[0]]["details"]["iwae"]) if names else []
    table = []
    for k in ks:
        line = [f"k = {k}"]
        for n in names:
            d = by[n]["details"]["iwae"][k]
            key = "bits_per_pixel" if "bits_per_pixel" in d else "nats"
            line.append(cell(d, key, 3 if key == "bits_per_pixel" else 2))
        table.append(line)
    heads = [tr("compare.hdr_k")] + [tr("compare.iwae_column", model=n, unit=tr(f"compare.unit_{by[n]['unit']}"))
                                     for n in names]
    return pd.DataFrame(table, columns=heads)


def ode_table(rows: list[dict]) -> pd.DataFrame:
    """Exact divergence beside Hutchinson's estimate, and the solver's error (long: one row per measure)."""
    by = {r["model"]: r for r in rows}
    names = [n for n in ODE_NAMES if n in by]
    table = []

    def line(label, fn):
        table.append([label] + [fn(by[n]["details"]) for n in names])

    line(tr("compare.ode_digits"), lambda d: str(d["digits"]))
    line(tr("compare.ode_exact"), lambda d: cell(d["exact"], "bits_per_pixel"))
    for p in (1, 4, 16):
        line(tr("compare.ode_probes", p=p), lambda d, p=p: cell(d[f"probes_{p}"], "bits_per_pixel"))
    for p in (1, 4, 16):
        line(tr("compare.ode_error_sd", p=p), lambda d, p=p: f"{d[f'probes_{p}']['error_sd']:.3f}")
    line(tr("compare.ode_solver"), lambda d: tr("compare.ode_solver_cell", err=d["solver_error"], steps=d["steps"]))
    heads = [tr("compare.hdr_measure")] + [n.replace(" (ODE)", "") for n in names]
    return pd.DataFrame(table, columns=heads)


def ddpm_table(rows: list[dict]) -> pd.DataFrame:
    """DDPM's bound term by term, bits per pixel with intervals."""
    r = next((r for r in rows if r["note"] == "ddpm_vlb"), None)
    if r is None:
        return pd.DataFrame([], columns=[tr("compare.hdr_term"), tr("compare.hdr_bits")])
    d = r["details"]
    table = [[tr("compare.term_prior"), cell(d["prior"], "prior", 4)],
             [tr("compare.term_diffusion", strata=d["strata"]), cell(d["diffusion"], "diffusion")],
             [tr("compare.term_decoder"), cell(d["decoder"], "decoder", 4)],
             [tr("compare.term_total"), cell(r, "value")]]
    return pd.DataFrame(table, columns=[tr("compare.hdr_term"), tr("compare.hdr_bits")])


def chart(rows: list[dict]):
    """Bits per pixel (17 levels) against the Fréchet distance, one marker per model, with both intervals."""
    pts = [r for r in rows if r["unit"] == "bpp" and r["kind"] != "none" and "frechet" in r
           and r["family"] in FIGURE_FAMILIES]
    data = []
    for r in pts:
        symbol = SYMBOLS[len(data) % len(SYMBOLS)]
        trace = {"type": "scatter", "mode": "markers", "name": r["model"], "x": [r["frechet"]], "y": [r["value"]],
                 "marker": {"size": 11, "color": COLORS[r["family"]], "symbol": symbol},
                 "hovertemplate": f"{r['model']}<br>Fréchet %{{x:.1f}}<br>bits/pixel %{{y:.3f}}<extra></extra>"}
        if "value_lo" in r:
            trace["error_y"] = {"type": "data", "symmetric": False, "array": [r["value_hi"] - r["value"]],
                                "arrayminus": [r["value"] - r["value_lo"]], "thickness": 1, "width": 3}
        if "frechet_lo" in r:
            trace["error_x"] = {"type": "data", "symmetric": False, "array": [r["frechet_hi"] - r["frechet"]],
                                "arrayminus": [r["frechet"] - r["frechet_lo"]], "thickness": 1, "width": 3}
        data.append(trace)
    floors = [r["frechet_floor"] for r in pts if "frechet_floor" in r]
    lay = F.layout(tr("compare.chart_title"), tr("compare.chart_x"), tr("compare.chart_y"), height=560,
                   legend={"orientation": "h", "y": -0.2, "x": 0, "font": {"size": 12}})
    lay["margin"]["b"] = 150
    if floors:
        f = sum(floors) / len(floors)
        lay["shapes"] = [{"type": "line", "xref": "x", "yref": "paper", "x0": f, "x1": f, "y0": 0, "y1": 1,
                          "line": {"color": "#555555", "dash": "dash", "width": 1.5}}]
        lay["annotations"] = [{"text": tr("compare.chart_floor"), "x": f, "y": 1, "xref": "x", "yref": "paper",
                               "xanchor": "left", "yanchor": "top", "showarrow": False, "font": {"size": 12}}]
    return F.figure(data, lay)


def verdict(rows: list[dict]) -> str:
    """Which model is best at what, from the figures."""
    models = [r for r in rows if r["unit"] == "bpp" and r["kind"] != "none" and r["family"] in FIGURE_FAMILIES]
    best_bits = min(models, key=lambda r: r["value"])
    quality = quality_rows(rows)
    best_fid = quality[0] if quality else None
    parzen = [r for r in rows if r["family"] == "parzen"]
    train = next((r for r in parzen if r["note"] == "parzen_train"), None)
    text = tr("compare.verdict_bits", model=best_bits["model"], v=best_bits["value"], kind=tr(f"compare.kind_{best_bits['kind']}"))
    if best_fid is not None:
        text += " " + tr("compare.verdict_frechet", model=best_fid["model"], v=best_fid["frechet"],
                         floor=best_fid.get("frechet_floor", float("nan")))
    others = [r for r in parzen if r["note"] != "parzen_train"]
    if train is not None and others:
        best_parzen = min(others, key=lambda r: r["value"])
        text += " " + tr("compare.verdict_parzen", v=train["value"], other=best_parzen["value"],
                         model=best_parzen["model"], best=best_bits["value"])
    return text
