"""Quality of the shipped VAE checkpoints, recomputed from the weights (not read from quality.json)."""
from __future__ import annotations

import math

import pytest

from core.data.digits import load_split
from core.runtime import checkpoints
from core.vae import request as R
from core.vae.objective import heldout_terms
from core.vae.quality import prior_figures, vae_figures, vq_figures
from core.vae.recipes import BETAS, prior_name, vae_name, vq_name

pytestmark = pytest.mark.quality


@pytest.fixture(scope="module")
def beta_terms():
    x = load_split().x_test
    return [heldout_terms(checkpoints.load_model(vae_name(b)), x) for b in BETAS]


def test_2d_vae_reports_its_test_elbo(beta_terms):
    t = beta_terms[BETAS.index(1.0)]
    assert math.isfinite(t["elbo"]) and t["elbo"] < 0
    assert t["elbo"] == pytest.approx(-(t["recon"] + t["kl"]), rel=1e-5)
    recorded = checkpoints.quality(vae_name(1.0))["elbo"]
    assert t["elbo"] == pytest.approx(recorded, abs=0.05)  # the figure the tab shows is the recomputed one


def test_kl_falls_and_reconstruction_error_rises_with_beta(beta_terms):
    kl = [t["kl"] for t in beta_terms]
    recon = [t["recon"] for t in beta_terms]
    mse = [t["mse"] for t in beta_terms]
    assert kl[0] > kl[1] > kl[2] > kl[3] - 1e-3, kl
    assert recon[0] < recon[1] < recon[2] < recon[3], recon  # -log p(x|z) in nats: the reconstruction term
    # The decoder mean's squared error at the posterior mean follows from beta = 1 on; at 0.25 and 1 the two
    # convolutional VAEs are level on it (0.111 and 0.106) while the likelihood term still orders them.
    assert mse[1] < mse[2] < mse[3], mse


def test_reconstructions_are_classified_correctly():
    figs = {name: vae_figures(checkpoints.load_model(name))["recon_accuracy"] for name in (vae_name(1.0), "vae-z16")}
    figs[vq_name(64)] = vq_figures(checkpoints.load_model(vq_name(64)))["recon_accuracy"]
    assert all(v >= 0.9 for v in figs.values()), figs


def test_16d_vae_samples_are_confident_and_cover_the_classes():
    s = vae_figures(checkpoints.load_model("vae-z16"))["samples"]
    assert s["confidence"] >= 0.7 and s["classes"] >= 9, s


def test_vqvae_k64_uses_half_its_codes_and_two_stage_samples_are_confident():
    """The code prior (the autoregressive tab's gated PixelCNN): the classifier reads 200 two-stage samples with
    confidence at least 0.8 (the interval's lower end), and the test code maps cost less than under the small
    transformer it replaced (3.61 [3.56, 3.66] nats per code); the figures the VAE tab shows are these."""
    vq = checkpoints.load_model(vq_name(64))
    assert vq_figures(vq)["codes_used"] >= 32
    s = prior_figures(vq, checkpoints.load_model(prior_name()))
    assert s["n"] == 200 and s["confidence_lo"] >= 0.8, s
    assert s["test_nats_per_code_hi"] < 3.56, s
    recorded = checkpoints.quality(prior_name())
    for key in ("confidence", "confidence_lo", "confidence_hi", "test_nats_per_code"):
        assert s[key] == pytest.approx(recorded[key], abs=1e-4), key


def test_bigger_codebooks_leave_dead_codes_visible():
    used = {k: int((R.usage(k) > 0).sum()) for k in (16, 64, 256)}
    assert used[16] <= 16 and used[256] < 256 and used[256] > used[16], used


def test_figures_carry_their_intervals():
    """Every test figure of a VAE and a VQ-VAE comes with a 95% interval around it, from any checkpoint."""
    q = vae_figures(checkpoints.load_model(vae_name(1.0)))
    for k in ("elbo", "recon", "kl", "mse", "recon_accuracy"):
        assert q[k + "_lo"] < q[k] < q[k + "_hi"], k
    assert q["elbo_hi"] - q["elbo_lo"] < 2.0  # nats: 360 test digits pin the ELBO well
    s = q["samples"]
    assert s["frechet_lo"] <= s["frechet"] <= s["frechet_hi"] and s["confidence_lo"] < s["confidence"] < s["confidence_hi"]
    v = vq_figures(checkpoints.load_model(vq_name(64)))
    for k in ("perplexity", "recon", "mse", "recon_accuracy"):
        assert v[k + "_lo"] <= v[k] <= v[k + "_hi"], k


def test_beta_rows_show_intervals_for_any_checkpoint():
    """The beta table's figures carry 95% intervals around the recorded values, whether quality.json holds them
    or not (then they are measured from the weights)."""
    from core.vae.request import beta_rows

    for r in beta_rows():
        for k in ("elbo", "recon", "mse", "recon_accuracy"):
            assert r[k + "_lo"] < r[k] < r[k + "_hi"], (r["beta"], k)
