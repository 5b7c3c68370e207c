"""The digits table: every digits model of the lab under the one convention of ``core.metrics.likelihood``.

Each function returns one row (a dict): ``model``, ``family``, ``kind`` (``exact``, ``bound``, ``estimate`` or
``none``), ``unit`` (``bpp``: bits per pixel of the 17 levels; ``nats_binary``: nats per binary image;
``nats_bernoulli``: nats per image of a Bernoulli cross-entropy, no probability of the levels), the figure
with its 95% interval over the test digits (``value``, ``value_lo``, ``value_hi``), ``n`` (test digits
used; 360 unless the row says it subsampled), ``note`` (a key the tab explains) and ``details`` (the
terms behind the figure). ``sample_quality`` adds the Fréchet distance with its floor and the class
accuracy (conditional samplers) or the classifier's confidence (unconditional ones).

Class-conditional networks (the diffusion and rectified-flow UNets) are scored unconditionally: with the
null class (``core.nn.unet_digits.NULL_CLASS``) where it was trained (10% label dropout), or as the mixture
``p(x) = 1/10 sum_c p(x|c)`` where it was not (``rf-digits-2``, reflowed without dropout).
"""
from __future__ import annotations

import itertools
import math

import numpy as np
import torch

from core.compare.bounds import (
    DiscreteSchedule,
    ddpm_terms,
    iwae_log_likelihood,
    parzen_bandwidth,
    parzen_log_likelihood,
)
from core.compare.ode import VPSchedule, ode_log_likelihood, power_times, standard_normal_log_prob, vp_probability_flow
from core.metrics.intervals import per_item
from core.metrics.likelihood import (
    PIXELS,
    UNIFORM_BITS,
    bits_of,
    dequantize,
    dequantized_bits_per_pixel,
    heldout_levels,
    independent_log_prob,
    levels_to_images,
)
from core.nn.unet_digits import NULL_CLASS, placeholder_states
from core.runtime import checkpoints, device

GRID_WIDTH = 1 / 8  # bin width of a level on the grid x = k/8 - 1 the diffusion and flow-matching UNets learnt
GRID_LOW = -1 - GRID_WIDTH / 2  # the lowest bin's lower edge on that grid (bins centred on the levels)
IWAE_KS = (1, 10, 100, 1000)  # importance samples of the VAE bounds (k = 1: the ELBO)
DDPM_STRATA = 50  # strata of t in DDPM's bound (one t drawn in each, per digit)
ODE_T0 = 1e-3  # the VP probability flow starts here (sigma = 0.01, a tenth of a bin); the flow-matching ODE at 0
ODE_STEPS = 48  # Heun steps of either ODE on a grid dense near the data (power 2). Measured on 6 test digits,
# one probe: 8 / 16 / 32 / 64 steps give 1.56 / 2.02 / 2.08 / 2.09 bits per pixel (digits-unet): too few steps
# err low (optimistic), and halving 48 steps moves the figure by about 0.01 (each row records it)
PROBES = (1, 4, 16)  # Hutchinson probes compared with the exact divergence
EXACT_DIGITS = 6  # first test digits scored with the exact divergence (64 backward rows each: the costly part)
PARZEN_SIGMAS = (0.05, 0.08, 0.12, 0.18, 0.25, 0.35)  # bandwidths tried on the validation digits
PARZEN_CENTRES = 1000  # samples (or train digits) a Parzen model holds


def row(model: str, family: str, kind: str, unit: str, values, note: str, **extra) -> dict:
    """One table row from per-digit ``values`` (bits per pixel or nats, ``(n,)``): mean and 95% t interval."""
    out = {"model": model, "family": family, "kind": kind, "unit": unit, "note": note, "n": len(values),
           **per_item("value", values)}
    out.update(extra)
    return out


def no_likelihood(model: str, family: str, note: str, **extra) -> dict:
    return {"model": model, "family": family, "kind": "none", "unit": "bpp", "note": note, "n": 0, **extra}


def baseline_rows() -> list[dict]:
    x = heldout_levels()
    return [{"model": "uniform", "family": "baseline", "kind": "exact", "unit": "bpp", "note": "uniform", "n": len(x),
             "value": UNIFORM_BITS, "value_lo": UNIFORM_BITS, "value_hi": UNIFORM_BITS},
            row("independent pixels", "baseline", "exact", "bpp", bits_of(independent_log_prob(x)), "independent")]


# --- autoregressive and flow: exact -------------------------------------------------------------------------


def autoregressive_row(name: str) -> dict:
    """Exact ``ln p(x)`` by the chain rule (MADE: the mixture of its orderings); binary models in nats."""
    from core.autoregressive.digits import log_probs

    model = checkpoints.load_model(name)
    binary = model.levels == 2
    x = heldout_levels(binary)
    order = "ensemble" if getattr(model, "num_orders", 1) > 1 else 0
    lp = log_probs(model, x, order).numpy()
    if binary:
        return row(name, "autoregressive", "exact", "nats_binary", -lp, "binary")
    return row(name, "autoregressive", "exact", "bpp", bits_of(lp), "ensemble" if order == "ensemble" else "exact")


@torch.no_grad()
def flow_row(name: str = "flow-digits", draws: int = 4, seed: int = 0, n: int | None = None) -> dict:
    """The flow's density on ``v = k + u`` (its own units: bins of width 1, no Jacobian term), averaged over
    ``draws`` dequantization draws: the bound ``-E_u log2 p(k + u) / 64``. Same draws as the flow tab's
    ``test_bpd`` (``core.flows.digits.image_bits_per_dim``), so the two agree."""
    model = checkpoints.load_model(name)
    levels = heldout_levels()[:n].double()
    gen = torch.Generator().manual_seed(seed)
    total = torch.zeros(len(levels), dtype=torch.float64)
    for _ in range(draws):
        v = dequantize(levels, torch.rand(levels.shape, generator=gen).double(), low=0.0, width=1.0)
        total += model.log_prob(v.float().to(device.device())).double().cpu()
    recorded = checkpoints.quality(name).get("test_bpd")
    return row(name, "flow", "bound", "bpp", dequantized_bits_per_pixel(total / draws, 1.0), "dequantized",
               details={"draws": draws, "recorded_test_bpd": recorded})


# --- VAEs: ELBO and importance-weighted bounds -----------------------------------------------------------------


def iwae_values(encode, decoder_log_prob, x: torch.Tensor, ks, seed: int = 0) -> dict[int, np.ndarray]:
    """``L_k`` ``(N,)`` (nats) for each ``k`` in ``ks`` (one generator, seeded, shared in turn)."""
    gen = torch.Generator().manual_seed(seed)
    return {k: iwae_log_likelihood(encode, decoder_log_prob, x, k, gen).cpu().numpy() for k in ks}


@torch.no_grad()
def vae_row(model, name: str = "vae-digits-logistic", ks=IWAE_KS, n: int | None = None) -> dict:
    """The levels VAE's bound ``-L_k`` in bits per pixel for every ``k`` (the row's figure: the largest)."""
    from core.data.digits import load_split
    from core.metrics.likelihood import pixel_levels

    x = load_split().x_test[:n].to(device.device())
    values = iwae_values(model.encode, lambda z, xi: model.log_prob_given(z, pixel_levels(xi).to(z.device)), x, ks)
    per_k = {str(k): per_item("bits_per_pixel", bits_of(v)) for k, v in values.items()}
    return row(name, "vae", "bound", "bpp", bits_of(values[max(ks)]), "iwae", details={"iwae": per_k})


@torch.no_grad()
def bernoulli_vae_row(name: str, ks=IWAE_KS, n: int | None = None) -> dict:
    """A shipped VAE with a Bernoulli decoder on grey levels: ``-L_k`` in nats of that cross-entropy, which is
    no probability of the 17 levels (the row says so); the bound still tightens with ``k``."""
    from core.data.digits import load_split
    from core.vae.objective import bernoulli_nll

    model = checkpoints.load_model(name)
    x = load_split().x_test[:n].to(device.device())
    values = iwae_values(model.encode, lambda z, xi: -bernoulli_nll(model.decode(z), xi), x, ks)
    per_k = {str(k): per_item("nats", -v) for k, v in values.items()}
    return row(name, "vae", "bound", "nats_bernoulli", -values[max(ks)], "bernoulli", details={"iwae": per_k})


# --- diffusion and rectified flow: DDPM's bound and the probability-flow ODE -----------------------------------


def unet_eps(unet, labels: torch.Tensor, network_time):
    """``eps(x, t)`` of a class-conditional digits UNet for one label per row (repeated to the batch), at the
    network time ``network_time(t)``."""
    def eps(x: torch.Tensor, t) -> torch.Tensor:
        reps = x.shape[0] // len(labels)
        lab = labels.to(x.device).repeat_interleave(reps)
        tt = torch.as_tensor(network_time(t), dtype=x.dtype, device=x.device).expand(x.shape[0])
        return unet(x, tt, placeholder_states(unet, x.shape[0], x.device), class_labels=lab).sample
    return eps


@torch.no_grad()
def ddpm_row(name: str = "digits-unet", strata: int = DDPM_STRATA, n: int | None = None, seed: int = 0) -> dict:
    """DDPM's bound with its discrete decoder on the levels (no dequantization: it is a discrete model)."""
    unet = checkpoints.load_model(name)
    sched = DiscreteSchedule.of_scheduler(checkpoints.scheduler_config(name))
    levels = heldout_levels()[:n]
    x0 = levels_to_images(levels).to(device.device())
    terms = ddpm_terms(lambda x, i: _eps_at(unet, x, i), x0, sched, strata=strata,
                       half_width=GRID_WIDTH / 2, generator=torch.Generator().manual_seed(seed))
    total = terms["prior"] + terms["decoder"] + terms["diffusion"]
    scale = 1 / (PIXELS * math.log(2))
    details = {k: per_item(k, (terms[k] * scale).cpu().numpy()) for k in ("prior", "decoder", "diffusion")}
    details["curve_t"] = [int(v) for v in terms["strata_edges"][:-1]]
    details["curve_bits"] = [float(v) for v in (terms["per_stratum"].mean(0) * scale).cpu()]
    details["strata"] = int(strata)
    return row(name + " (VLB)", "diffusion", "bound", "bpp", (total * scale).cpu().numpy(), "ddpm_vlb", details=details)


def _eps_at(unet, x: torch.Tensor, i: torch.Tensor) -> torch.Tensor:
    """The null-class eps of ``unet`` at integer timesteps ``i`` ``(B,)``."""
    lab = torch.full((x.shape[0],), NULL_CLASS, device=x.device)
    return unet(x, i.to(x.device), placeholder_states(unet, x.shape[0], x.device), class_labels=lab).sample


def ode_setup(name: str):
    """``(drift for labels, times, dequantization)`` of a shipped diffusion (``digits-unet``, eps on the VP
    probability flow from ``ODE_T0``) or rectified-flow UNet (``rf-digits-*``, velocity from ``t = 0``)."""
    unet = checkpoints.load_model(name)
    if name.startswith("rf-"):
        from core.rectified_flow.objective import TIME_SCALE

        def drift_for(labels):
            return unet_eps(unet, labels, lambda t: TIME_SCALE * t)
        return drift_for, power_times(ODE_STEPS, 0.0, 1.0, 2.0)
    vp = VPSchedule.of_scheduler(checkpoints.scheduler_config(name))

    def drift_for(labels):
        return vp_probability_flow(unet_eps(unet, labels, lambda t: t * (vp.steps - 1)), vp)
    return drift_for, power_times(ODE_STEPS, ODE_T0, 1.0, 2.0)


def conditional_mixture(name: str) -> bool:
    """Whether ``name`` is scored as the class mixture (its null class was never trained)."""
    return name == "rf-digits-2"


def ode_values(name: str, levels: torch.Tensor, *, divergence: str, probes: int = 1, seed: int = 0,
               times: torch.Tensor | None = None) -> np.ndarray:
    """Bits per pixel ``(N, P)`` of each digit (one column per probe) through the probability-flow ODE, on
    data dequantized into the grid's bins (one uniform draw per digit, from ``seed``)."""
    drift_for, grid = ode_setup(name)
    times = grid if times is None else times
    gen = torch.Generator().manual_seed(seed)
    x = dequantize(levels.double(), torch.rand(levels.shape, generator=gen).double(), GRID_LOW, GRID_WIDTH)
    x = x.float().reshape(len(levels), 1, 8, 8).to(device.device())
    classes = range(10) if conditional_mixture(name) else [NULL_CLASS]
    lps = []
    for c in classes:
        g = torch.Generator().manual_seed(seed + 1)  # the same probes for every class
        out = ode_log_likelihood(drift_for(torch.tensor([c])), x, times=times, prior_log_prob=standard_normal_log_prob,
                                 divergence=divergence, probes=probes, generator=g, method="heun")
        lps.append(out.log_prob.cpu())
    lp = torch.logsumexp(torch.stack(lps), 0) - math.log(len(lps)) if len(lps) > 1 else lps[0]
    return np.stack([dequantized_bits_per_pixel(lp[:, j], GRID_WIDTH) for j in range(lp.shape[1])], 1)


def ode_row(name: str, n: int | None = None, exact_digits: int | None = None, probes=PROBES) -> dict:
    """The ODE bound with Hutchinson's estimate (1 probe, held along each path) on ``n`` test digits (all 360
    by default): an unbiased estimate of the dequantized bound. On the first ``exact_digits`` digits, the exact
    divergence beside 1, 4 and 16 probes (the spread of single probes and of each estimate's error) and the
    solver's error: the change when every step is halved (same probe, one per digit)."""
    levels = heldout_levels()[:n]
    exact_digits = EXACT_DIGITS if exact_digits is None else exact_digits
    family = "rectified_flow" if name.startswith("rf-") else "diffusion"
    headline = ode_values(name, levels, divergence="hutchinson", probes=1)[:, 0]
    sub = levels[:exact_digits]
    exact = ode_values(name, sub, divergence="exact")[:, 0]
    compare = {"exact": per_item("bits_per_pixel", exact), "digits": len(sub)}
    for p in probes:
        est = ode_values(name, sub, divergence="hutchinson", probes=p)
        compare[f"probes_{p}"] = {**per_item("bits_per_pixel", est.mean(1)),
                                  "probe_sd": float(est.std(1, ddof=1).mean()) if p > 1 else None,
                                  "error_sd": float((est.mean(1) - exact).std(ddof=1))}
    _, grid = ode_setup(name)
    fine = torch.cat([torch.stack([a, (a + b) / 2]) for a, b in itertools.pairwise(grid)] + [grid[-1:]])
    coarse = ode_values(name, sub, divergence="hutchinson", probes=1)[:, 0]
    doubled = ode_values(name, sub, divergence="hutchinson", probes=1, times=fine)[:, 0]
    compare["solver_error"] = float(np.abs(doubled - coarse).mean())
    compare["steps"] = int(len(grid) - 1)
    note = "ode_mixture" if conditional_mixture(name) else "ode"
    return row(name + " (ODE)", family, "estimate", "bpp", headline, note, details=compare)


# --- no likelihood, and the Parzen window ----------------------------------------------------------------------


def parzen_rows(samples: dict[str, torch.Tensor], seed: int = 0) -> list[dict]:
    """Parzen-window bits per pixel (bandwidth chosen on the validation digits held out of the training set) of
    each set of ``samples`` ``(M, 1, 8, 8)`` as a model, on the dequantized test digits; ``"training set"``: the
    fit part of the training digits itself (Theis et al. 2016: it beats every real model under this estimate)."""
    from core.autoregressive.digits import train_levels

    fit, val = train_levels(validation=True)
    gen = torch.Generator().manual_seed(seed)
    test = heldout_levels()
    sets = {"training set": levels_to_images(fit[:PARZEN_CENTRES]), **samples}
    out = []
    for label, images in sets.items():
        centres = images.reshape(len(images), -1)[:PARZEN_CENTRES].cpu().double()
        sigma = parzen_bandwidth(levels_to_images(val).reshape(len(val), -1).double(), centres, PARZEN_SIGMAS)
        x = dequantize(test.double(), torch.rand(test.shape, generator=gen).double(), GRID_LOW, GRID_WIDTH)
        lp = parzen_log_likelihood(x, centres, sigma)
        out.append(row(f"Parzen: {label}", "parzen", "estimate", "bpp", dequantized_bits_per_pixel(lp, GRID_WIDTH),
                       "parzen_train" if label == "training set" else "parzen",
                       details={"sigma": sigma, "centres": len(centres)}))
    return out


# --- sample quality --------------------------------------------------------------------------------------------


def sample_quality(images: torch.Tensor, labels: torch.Tensor | None = None) -> dict:
    """Fréchet distance to the held-out digits with its floor and intervals, and the class accuracy (``labels``
    given) or the classifier's confidence (``core.metrics.classify.digits_quality``)."""
    from core.metrics.classify import digits_quality

    q = digits_quality(checkpoints.load_model("digits-classifier"), images.cpu(), labels)
    keys = ("frechet", "frechet_floor", "class_accuracy", "confidence")
    return {k: v for k, v in q.items() if k.startswith(keys) and "ratio" not in k and not k.endswith("_n")}


def recorded_quality(name: str, sampler: str | None = None) -> dict:
    """The sample-quality figures recorded in a checkpoint's ``quality.json`` (under ``sampler`` if given)."""
    q = checkpoints.quality(name)
    q = q[sampler] if sampler else q.get("samples", q)
    keys = ("frechet", "frechet_floor", "class_accuracy", "confidence")
    out = {k: v for k, v in q.items() if isinstance(v, (int, float)) and k.startswith(keys) and "ratio" not in k
           and not k.endswith("_n")}
    return {**out, "sampler": sampler} if sampler else out
