"""The shipped VAE figures, recomputed from the weights (recipes save them; quality tests recompute them).

Every figure is measured on the test split (360 digits) or on seeded samples, and judged by the
shipped ``digits-classifier`` (``core.metrics.classify``). Each carries its 95% interval (``key_lo``,
``key_hi``; ``core.metrics.intervals``): test-set figures by the spread of per-digit values (the ELBO's
terms: a t interval) or a bootstrap over the test digits (code usage and perplexity), shares by
Wilson's interval, sample figures as ``digits_quality`` gives them. Any checkpoint of these classes can be measured.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
import torch

from core.autoregressive.sampling import generate_autoregressive
from core.data.digits import load_split
from core.metrics.classify import classifier_outputs, confidence_figures, digits_quality
from core.metrics.intervals import bootstrap, mean_interval, wilson, with_interval
from core.runtime import checkpoints, device
from core.vae.objective import elbo_terms, heldout_terms

QUALITY_SAMPLES = 256  # samples judged for confidence and class coverage
QUALITY_SEED = 0  # seed of those samples
DRAWS = 8  # draws of z per test digit, as ``heldout_terms`` takes


def item_terms(model, x: torch.Tensor, seed: int = 0, draws: int = DRAWS) -> dict[str, np.ndarray]:
    """Per-digit ``recon`` (mean over ``draws`` draws of z), ``kl``, ``elbo`` and ``mse`` of a VAE on ``x``
    ``(N, ...)``: the items whose spread gives the test figures' intervals."""
    gen = torch.Generator().manual_seed(seed)  # elbo_terms draws z's noise on the CPU, as in training
    x = x.to(device.device())
    parts = [elbo_terms(model, x, gen) for _ in range(draws)]
    recon = torch.stack([r for r, _ in parts]).mean(0)
    kl = parts[0][1].sum(1)
    mean_out = model.decode(model.encode(x)[0])
    recon_x = to_images(mean_out) if model.config.likelihood == "bernoulli" else mean_out
    return {k: v.double().cpu().numpy() for k, v in {"recon": recon, "kl": kl, "elbo": -(recon + kl),
                                                "mse": (recon_x - x).pow(2).flatten(1).mean(1)}.items()}


def centred_intervals(figures: dict, items: dict[str, np.ndarray]) -> dict:
    """``figures`` with a 95% t interval for each key of ``items``: the per-item mean's half-width around the
    recorded value."""
    for k, v in items.items():
        mean, lo, hi = mean_interval(v)
        figures.update(with_interval(k, figures[k], figures[k] - (mean - lo), figures[k] + (hi - mean)))
    return figures


def add_intervals(figures: dict, intervals: dict[str, tuple[float, float]]) -> dict:
    """``figures`` with ``key_lo``/``key_hi`` for every key of ``intervals``."""
    for k, (lo, hi) in intervals.items():
        figures.update(with_interval(k, figures[k], lo, hi))
    return figures


def recorded_with_intervals(name: str) -> dict:
    """A shipped VAE's recorded test figures (``quality.json``) with their 95% intervals: as recorded, or, for a
    checkpoint recorded without them, the per-digit spreads measured from its weights around the recorded
    values (and Wilson's interval for the recorded accuracy over the test digits); measured once a process."""
    return dict(_recorded_with_intervals(name))


@lru_cache(maxsize=None)
@torch.no_grad()
def _recorded_with_intervals(name: str) -> dict:
    q = dict(checkpoints.quality(name))
    if "elbo" in q and "elbo_lo" not in q:
        x = load_split().x_test
        items = item_terms(checkpoints.load_model(name), x)
        centred_intervals(q, {k: v for k, v in items.items() if k in q})
        if "recon_accuracy" in q:
            q.update(with_interval("recon_accuracy", *wilson(round(q["recon_accuracy"] * len(x)), len(x))))
    return q


def accuracy_interval(figures: dict, hits: torch.Tensor) -> dict:
    """``recon_accuracy`` (share of ``hits``) and its Wilson interval."""
    return figures | with_interval("recon_accuracy", *wilson(float(hits.sum()), len(hits)))


def to_images(logits: torch.Tensor) -> torch.Tensor:
    """Bernoulli logits -> the decoder's mean image in [-1, 1] (``2 sigmoid(l) - 1 = tanh(l / 2)``)."""
    return torch.tanh(logits / 2)


def judge(images: torch.Tensor, labels: torch.Tensor | None = None) -> dict:
    """Classifier confidence, classes present, and (with ``labels``) accuracy, plus the Fréchet distance
    and its floor, of images ``(N, 1, 8, 8)`` in [-1, 1]."""
    split = load_split()
    clf = checkpoints.load_model("digits-classifier")
    q = digits_quality(clf, images, labels, split.x_test)
    _, probs = classifier_outputs(clf, images)
    q["classes"] = int(probs.argmax(-1).unique().numel())
    return q


MIN_FRECHET = 32  # fewest samples a Fréchet distance is computed for (a covariance of 128 features)


def sample_stats(images: torch.Tensor) -> dict:
    """``judge``'s confidence and classes present for any number of samples; the Fréchet distance and
    its floor only from ``MIN_FRECHET`` samples on."""
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), images)
    out = {**confidence_figures(probs), "classes": int(probs.argmax(-1).unique().numel())}
    if len(images) >= MIN_FRECHET:
        q = judge(images)
        out.update({k: q[k] for k in q if k.startswith(("frechet", "frechet_floor")) and "ratio" not in k})
    return out


@torch.no_grad()
def vae_figures(model) -> dict:
    """Test ELBO and its terms (nats per digit), KL per dimension, reconstruction MSE and the classifier's
    accuracy on the reconstructions; samples from the prior judged by the classifier; each with its interval."""
    split = load_split()
    x = split.x_test
    terms = centred_intervals(heldout_terms(model, x), item_terms(model, x))
    recon = to_images(model(x))
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), recon)
    terms = accuracy_interval(terms, probs.argmax(-1) == split.y_test)
    gen = device.generator(QUALITY_SEED)
    z = torch.randn((QUALITY_SAMPLES, model.config.latent_dim), generator=gen, device=device.device())
    terms["samples"] = sample_stats(to_images(model.decode(z)))
    return terms


@torch.no_grad()
def code_usage(model, x: torch.Tensor) -> torch.Tensor:
    """How often each of the K codes is chosen over all positions of ``x``'s code maps: ``(K,)`` counts."""
    codes = model.quantize(model.encode(x))
    return torch.bincount(codes.flatten(), minlength=model.config.num_codes)


@torch.no_grad()
def vq_figures(model) -> dict:
    """Codes used on the test set, their perplexity, reconstruction nats and MSE, classifier accuracy on
    reconstructions; each with its interval (bootstrap over the test digits, Wilson for the accuracy)."""
    from core.vae.objective import bernoulli_nll

    split = load_split()
    x = split.x_test
    k = model.config.num_codes
    codes = model.quantize(model.encode(x)).flatten(1)  # (N, positions)
    logits = model(x)
    recon = to_images(logits)
    nats, sq = bernoulli_nll(logits, x), (recon - x).pow(2).flatten(1).mean(1)

    def figures(i) -> dict:
        i = torch.as_tensor(i)
        usage = torch.bincount(codes[i].flatten(), minlength=k)
        p = usage.float() / usage.sum()
        perplexity = float(torch.exp(-(p[p > 0] * p[p > 0].log()).sum()))
        return {"codes_used": int((usage > 0).sum()), "perplexity": perplexity, "recon": float(nats[i].mean()),
                "mse": float(sq[i].mean())}

    out = add_intervals({**figures(torch.arange(len(x))), "num_codes": k}, bootstrap(figures, len(x)))
    out["codes_used"] = int(out["codes_used"])
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), recon)
    return accuracy_interval(out, probs.argmax(-1) == split.y_test)


@torch.no_grad()
def code_maps(vq, x: torch.Tensor) -> torch.Tensor:
    """The code maps of digits ``x`` ``(N, 1, 8, 8)`` in raster order: ``(N, m * m)`` code indices (CPU)."""
    return vq.quantize(vq.encode(x.to(device.device()))).flatten(1).cpu()


@torch.no_grad()
def two_stage(vq, prior, n: int, seed: int, temperature: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two-stage samples: code maps ``(n, m, m)`` drawn from the prior one code at a time
    (``core.autoregressive.sampling.generate_autoregressive``, the sampler contract), decoded to images
    ``(n, 1, 8, 8)``."""
    m = vq.map_side
    codes = generate_autoregressive(prior, n, temperature=temperature, seed=seed).x.reshape(n, m, m)
    return codes, to_images(vq.decode_codes(codes.to(device.device())))


PRIOR_SAMPLES = 200  # two-stage samples the classifier judges (T = 1, seed QUALITY_SEED)


@torch.no_grad()
def prior_figures(vq, prior) -> dict:
    """The code prior's figures: ``PRIOR_SAMPLES`` two-stage samples at T = 1 judged by the classifier
    (confidence and Fréchet distance with their intervals, classes present), and the test digits' code maps'
    ``-ln p(c) / (m * m)`` in nats per code with its 95% t interval."""
    out = {**sample_stats(two_stage(vq, prior, PRIOR_SAMPLES, QUALITY_SEED)[1]), "n": PRIOR_SAMPLES,
           "temperature": 1.0, "seed": QUALITY_SEED}
    codes = code_maps(vq, load_split().x_test)
    per_code = (-prior.log_prob(codes.to(device.device())) / codes.shape[1]).double().cpu().numpy()
    mean, lo, hi = mean_interval(per_code)
    return out | with_interval("test_nats_per_code", mean, lo, hi)
