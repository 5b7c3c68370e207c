"""The shipped VAE figures, recomputed from the weights (recipes save them; quality tests recompute them).

Every figure is measured on the test split (360 digits) or on seeded samples, and judged by the
shipped ``digits-classifier`` (``core.metrics.classify``).
"""
from __future__ import annotations

import torch

from core.data.digits import load_split
from core.metrics.classify import classifier_outputs, digits_quality
from core.runtime import checkpoints, device
from core.vae.objective import heldout_terms

QUALITY_SAMPLES = 256  # samples judged for confidence and class coverage
QUALITY_SEED = 0  # seed of those samples


def to_images(logits: torch.Tensor) -> torch.Tensor:
    """Bernoulli logits -> the decoder's mean image in [-1, 1] (``2 sigmoid(l) - 1 = tanh(l / 2)``)."""
    return torch.tanh(logits / 2)


def judge(images: torch.Tensor, labels: torch.Tensor | None = None) -> dict:
    """Classifier confidence, classes present, and (with ``labels``) accuracy, plus the Fréchet distance
    and its floor, of images ``(N, 1, 8, 8)`` in [-1, 1]."""
    split = load_split()
    clf = checkpoints.load_model("digits-classifier")
    q = digits_quality(clf, images, labels, split.x_train, split.x_test)
    _, probs = classifier_outputs(clf, images)
    q["classes"] = int(probs.argmax(-1).unique().numel())
    return q


MIN_FRECHET = 32  # fewest samples a Fréchet distance is computed for (a covariance of 128 features)


def sample_stats(images: torch.Tensor) -> dict:
    """``judge``'s confidence and classes present for any number of samples; the Fréchet distance and
    its floor only from ``MIN_FRECHET`` samples on."""
    if len(images) >= MIN_FRECHET:
        q = judge(images)
        return {k: q[k] for k in ("confidence", "classes", "frechet", "frechet_floor")}
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), images)
    return {"confidence": float(probs.max(-1).values.mean()), "classes": int(probs.argmax(-1).unique().numel())}


@torch.no_grad()
def vae_figures(model) -> dict:
    """Test ELBO and its terms (nats per digit), KL per dimension, reconstruction MSE and the classifier's
    accuracy on the reconstructions; samples from the prior judged by the classifier."""
    split = load_split()
    terms = heldout_terms(model, split.x_test)
    recon = to_images(model(split.x_test))
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), recon)
    terms["recon_accuracy"] = float((probs.argmax(-1) == split.y_test).float().mean())
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
    """Codes used on the test set, reconstruction nats and MSE, classifier accuracy on reconstructions."""
    from core.vae.objective import bernoulli_nll

    split = load_split()
    usage = code_usage(model, split.x_test)
    logits = model(split.x_test)
    recon = to_images(logits)
    _, probs = classifier_outputs(checkpoints.load_model("digits-classifier"), recon)
    p = usage.float() / usage.sum()
    return {"codes_used": int((usage > 0).sum()), "num_codes": model.config.num_codes,
            "perplexity": float(torch.exp(-(p[p > 0] * p[p > 0].log()).sum())),
            "recon": float(bernoulli_nll(logits, split.x_test).mean()),
            "mse": float((recon - split.x_test).pow(2).mean()),
            "recon_accuracy": float((probs.argmax(-1) == split.y_test).float().mean())}


@torch.no_grad()
def two_stage(vq, prior, n: int, seed: int, temperature: float = 1.0) -> tuple[torch.Tensor, torch.Tensor]:
    """Two-stage samples: code maps ``(n, m, m)`` from the prior, decoded to images ``(n, 1, 8, 8)``."""
    m = vq.map_side
    codes = prior.sample(n, device.generator(seed), temperature).reshape(n, m, m)
    return codes, to_images(vq.decode_codes(codes))


def prior_figures(vq, prior) -> dict:
    """Two-stage samples (256, seed 0) judged by the classifier."""
    return sample_stats(two_stage(vq, prior, QUALITY_SAMPLES, QUALITY_SEED)[1])
